"""The one-line result as people type it, parsed and checked before anything is written.

    Liverpool 2-5 Real Madrid; Núñez 4, Salah 14; Vinícius 21 36, Militão 47, Benzema 55 67

The first part is the score after 90 minutes (home first); `aet 3-2` adds the score after extra
time and `pens 4-3` the shoot-out. Then the home side's scorers, then the away side's, each as
`Name minute minute…`; a minute may be `45+2` and may be followed by `(pen)`, `(og)` or an
assist in brackets: `Salah 14 (Alexander-Arnold)`. A name ending in `*` is a new player.
Parsing knows no names: resolving them against the database is the handler's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.errors import UserError

MAX_GOALS = 20          # per side: beyond this a score is a typo
MAX_STOPPAGE = 20       # minutes added at the end of a half
STOPPAGE_AFTER = (45, 90, 105, 120)
NONE_WORDS = {"", "-", "none", "no scorers", "—"}

_SCORE = re.compile(r"^(?P<home>.+?)\s+(?P<h>\d+)\s*[-–]\s*(?P<a>\d+)\s+(?P<away>.+)$")
_EXTRA = re.compile(
    r"\(?\b(?P<kind>a\.?e\.?t\.?|pens?\.?|penalties)\s*(?P<h>\d+)\s*[-–]\s*(?P<a>\d+)\)?",
    re.IGNORECASE)
_MINUTE = re.compile(r"^(?P<m>\d{1,3})(?:\s*\+\s*(?P<s>\d{1,2}))?['’]?$")
_TOKEN = re.compile(r"\([^)]*\)|[^\s()]+")
_PEN = {"pen", "p", "penalty", "pen."}
_OG = {"og", "o.g.", "o.g", "own goal"}


@dataclass(frozen=True, slots=True)
class GoalEntry:
    name: str
    new: bool
    minute: int
    stoppage: int | None = None
    penalty: bool = False
    own_goal: bool = False
    assist: str | None = None
    assist_new: bool = False

    @property
    def in_extra_time(self) -> bool:
        return self.minute > 90

    @property
    def clock(self) -> str:
        return f"{self.minute}+{self.stoppage}" if self.stoppage else str(self.minute)


@dataclass(frozen=True, slots=True)
class ResultLine:
    home: str
    away: str
    ft: tuple[int, int]
    aet: tuple[int, int] | None = None
    pen: tuple[int, int] | None = None
    home_goals: tuple[GoalEntry, ...] = ()
    away_goals: tuple[GoalEntry, ...] = ()
    scorers_given: bool = False

    @property
    def final(self) -> tuple[int, int]:
        return self.aet or self.ft


def parse_result_line(text: str) -> ResultLine:
    """Parse and check a result line; a UserError names the first thing wrong."""
    segments = [s.strip() for s in text.split(";")]
    if not segments[0]:
        raise UserError("Write the result as `Home 2-1 Away; home scorers; away scorers`, "
                        "e.g. `Liverpool 2-5 Real Madrid; Núñez 4, Salah 14; Vinícius 21 36`.")
    aet = pen = None
    kept: list[str] = []
    for i, seg in enumerate(segments):
        for m in _EXTRA.finditer(seg):
            pair = (int(m["h"]), int(m["a"]))
            if m["kind"].lower().startswith("a"):
                if aet is not None:
                    raise UserError("Give the score after extra time once (`aet 3-2`).")
                aet = pair
            else:
                if pen is not None:
                    raise UserError("Give the shoot-out score once (`pens 4-3`).")
                pen = pair
        stripped = " ".join(_EXTRA.sub(" ", seg).split())
        if i == 0 or stripped or stripped == seg:
            kept.append(stripped)
    score = _SCORE.match(kept[0])
    if not score:
        raise UserError(f"I can't find a score in “{kept[0]}”: write `Home 2-1 Away`, "
                        "home club first, score after 90 minutes.")
    home, away = score["home"].strip(), score["away"].strip()
    ft = (int(score["h"]), int(score["a"]))
    _check_scores(ft, aet, pen)
    scorer_parts = kept[1:]
    home_goals: tuple[GoalEntry, ...] = ()
    away_goals: tuple[GoalEntry, ...] = ()
    final = aet or ft
    if len(scorer_parts) > 2:
        raise UserError(f"Too many parts: after the score give the home scorers, then the away "
                        f"scorers ({len(scorer_parts)} parts separated by `;` found).")
    if len(scorer_parts) == 2:
        home_goals, away_goals = _scorers(scorer_parts[0]), _scorers(scorer_parts[1])
    elif len(scorer_parts) == 1:
        if final[0] and final[1]:
            raise UserError("Both sides scored: give the home scorers, then `;`, then the away "
                            "scorers.")
        if not final[0] and not final[1] and scorer_parts[0].lower() not in NONE_WORDS:
            raise UserError("A goalless match has no scorers.")
        goals = _scorers(scorer_parts[0])
        home_goals, away_goals = (goals, ()) if final[0] else ((), goals)
    line = ResultLine(home, away, ft, aet, pen, home_goals, away_goals, bool(scorer_parts))
    if line.scorers_given:
        _check_goals(line)
    return line


def _check_scores(ft: tuple[int, int], aet: tuple[int, int] | None,
                  pen: tuple[int, int] | None) -> None:
    if max(ft) > MAX_GOALS:
        raise UserError(f"{ft[0]}-{ft[1]} is not a plausible score; check the line.")
    if aet is not None:
        if aet[0] < ft[0] or aet[1] < ft[1]:
            raise UserError(f"The score after extra time ({aet[0]}-{aet[1]}) can't be lower "
                            f"than after 90 minutes ({ft[0]}-{ft[1]}).")
        if max(aet) - max(ft) > 10 or max(aet) > MAX_GOALS:
            raise UserError(f"aet {aet[0]}-{aet[1]} is not a plausible score; check the line.")
    if pen is not None:
        if aet is None:
            raise UserError("A shoot-out follows extra time: give `aet` with the score after "
                            "extra time as well as `pens`.")
        if pen[0] == pen[1]:
            raise UserError(f"A shoot-out has a winner: pens {pen[0]}-{pen[1]} is level.")
        if max(pen) > 30:
            raise UserError(f"pens {pen[0]}-{pen[1]} is not a plausible shoot-out.")


def _scorers(part: str) -> tuple[GoalEntry, ...]:
    """`Vinícius 21 36, Militão 47 (pen)` → one GoalEntry per goal."""
    if part.strip().lower() in NONE_WORDS:
        return ()
    goals: list[GoalEntry] = []
    current: str | None = None
    current_new = False
    for item in (i.strip() for i in part.split(",")):
        if not item:
            raise UserError(f"An empty scorer in “{part}”: remove the extra comma.")
        tokens = _TOKEN.findall(item)
        name_tokens: list[str] = []
        while tokens and not _MINUTE.match(tokens[0]) and not tokens[0].startswith("("):
            name_tokens.append(tokens.pop(0))
        if name_tokens:
            current = " ".join(name_tokens)
            current_new = current.endswith("*")
            current = current.rstrip("*").strip()
            if not current:
                raise UserError(f"A scorer's name is missing in “{item}”.")
        elif current is None:
            raise UserError(f"“{item}”: write the scorer's name before the minute.")
        if not tokens or not _MINUTE.match(tokens[0]):
            raise UserError(f"Give the minute of {current}'s goal, e.g. `{current} 14`.")
        while tokens:
            token = tokens.pop(0)
            if minute := _MINUTE.match(token):
                goals.append(_goal(current, current_new, minute))
                continue
            mark = token.strip("()").strip()
            if token.startswith("(") or mark.lower() in _PEN | _OG:
                goals[-1] = _marked(goals[-1], mark)
            else:
                raise UserError(f"“{token}” after {current}'s minutes: put each scorer's name "
                                "first, then the minutes, separated by commas from the next.")
    return tuple(goals)


def _goal(name: str, new: bool, m: re.Match[str]) -> GoalEntry:
    minute, stoppage = int(m["m"]), int(m["s"]) if m["s"] else None
    if not 1 <= minute <= 120:
        raise UserError(f"{name}: minute {minute} is not a minute of a match (1 to 120).")
    if stoppage is not None:
        if minute not in STOPPAGE_AFTER:
            raise UserError(f"{name}: added time comes after 45, 90, 105 or 120, not "
                            f"{minute}+{stoppage}.")
        if not 1 <= stoppage <= MAX_STOPPAGE:
            raise UserError(f"{name}: {minute}+{stoppage} is not plausible added time.")
    return GoalEntry(name, new, minute, stoppage)


def _marked(goal: GoalEntry, mark: str) -> GoalEntry:
    low = mark.lower()
    if low in _PEN:
        if goal.own_goal:
            raise UserError(f"{goal.name} {goal.clock}: a goal can't be both a penalty and an "
                            "own goal.")
        return _replace(goal, penalty=True)
    if low in _OG:
        if goal.penalty or goal.assist:
            raise UserError(f"{goal.name} {goal.clock}: an own goal has no penalty or assist.")
        return _replace(goal, own_goal=True)
    if not mark:
        raise UserError(f"{goal.name} {goal.clock}: empty brackets.")
    if len(mark) <= 2 or not re.search(r"[^\W\d_]{2}", mark):
        raise UserError(f"{goal.name} {goal.clock}: “({mark})” is not (pen), (og) or an "
                        "assist's name.")
    if goal.assist:
        raise UserError(f"{goal.name} {goal.clock}: one assist per goal.")
    if goal.own_goal:
        raise UserError(f"{goal.name} {goal.clock}: an own goal has no assist.")
    name = mark.rstrip("*").strip()
    return _replace(goal, assist=name, assist_new=mark.endswith("*"))


def _replace(goal: GoalEntry, **changes: object) -> GoalEntry:
    return replace(goal, **changes)  # type: ignore[arg-type]


def _check_goals(line: ResultLine) -> None:
    """Goals add up, half by half: 90-minute goals to the score, extra-time goals to aet."""
    for side, goals, idx in (("home", line.home_goals, 0), ("away", line.away_goals, 1)):
        club = line.home if side == "home" else line.away
        regular = sum(1 for g in goals if not g.in_extra_time)
        extra = len(goals) - regular
        if extra and line.aet is None:
            first = next(g for g in goals if g.in_extra_time)
            raise UserError(f"{first.name} {first.clock}: a goal after 90 minutes needs the "
                            "score after extra time (`aet 3-2`).")
        if regular != line.ft[idx]:
            raise UserError(f"{club} scored {line.ft[idx]} in 90 minutes but the line lists "
                            f"{regular} of their goals in that time.")
        if line.aet is not None and extra != line.aet[idx] - line.ft[idx]:
            raise UserError(f"{club} scored {line.aet[idx] - line.ft[idx]} in extra time "
                            f"(aet {line.aet[0]}-{line.aet[1]}) but the line lists {extra}.")
        seen: set[tuple[str, int, int | None]] = set()
        for g in goals:
            key = (g.name.lower(), g.minute, g.stoppage)
            if key in seen:
                raise UserError(f"{g.name} is listed twice at {g.clock}.")
            seen.add(key)
            if g.assist and g.assist.lower() == g.name.lower():
                raise UserError(f"{g.name} {g.clock}: a player can't assist his own goal.")
