"""football-data.org v4 match JSON -> our model: status, round, scores, goals, lineups.

Scores, as the v4 page on overtime defines them: `fullTime` is the running and final total,
which after extra time includes extra time and after a shoot-out also the shoot-out kicks;
`regularTime` is the score after 90 minutes, `extraTime` the goals of extra time only and
`penalties` the shoot-out only (both present only when `duration` says the match got there).
Ours: ft = after 90 minutes, aet = after extra time, pen = shoot-out. So for REGULAR ft =
fullTime; otherwise ft = regularTime, aet = regularTime + extraTime, pen = penalties, and the
parts must add up to fullTime or the match is refused (never stored half-right).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from storage.importers.common import pair_key, pair_legs

Pair = tuple[int, int]

STATUS = {
    "SCHEDULED": "scheduled", "TIMED": "scheduled", "FINISHED": "played", "AWARDED": "played",
    "POSTPONED": "postponed", "CANCELLED": "cancelled",
}
IN_PLAY = frozenset({"IN_PLAY", "PAUSED", "LIVE", "EXTRA_TIME", "PENALTY_SHOOTOUT",
                     "SUSPENDED"})
# v4 stage -> (our round, our stage, two-legged); group stages take the group letter.
STAGES: dict[str, tuple[str, str, bool]] = {
    "PRELIMINARY_ROUND": ("PR", "qualifying", False),
    "QUALIFICATION_ROUND_1": ("Q1", "qualifying", True),
    "QUALIFICATION_ROUND_2": ("Q2", "qualifying", True),
    "QUALIFICATION_ROUND_3": ("Q3", "qualifying", True),
    "PLAYOFF_ROUND": ("PO", "qualifying", True), "PLAY_OFF_ROUND": ("PO", "qualifying", True),
    "PLAYOFF_ROUND_1": ("PO", "qualifying", True),
    "GROUP_STAGE": ("G", "group", False),
    "LEAGUE_STAGE": ("LP", "league", False),
    "PLAYOFFS": ("KPO", "knockout", True),
    "LAST_32": ("R32", "knockout", True),
    "LAST_16": ("R16", "knockout", True), "ROUND_OF_16": ("R16", "knockout", True),
    "QUARTER_FINALS": ("QF", "knockout", True),
    "SEMI_FINALS": ("SF", "knockout", True),
    "FINAL": ("F", "knockout", False),
    "REGULAR_SEASON": ("MD", "league", False),
}


class BadFeedMatch(ValueError):
    """One match the feed describes in a way we cannot store safely; it is skipped."""


@dataclass(frozen=True, slots=True)
class FeedTeam:
    id: int
    name: str
    short_name: str | None
    tla: str | None


@dataclass(frozen=True, slots=True)
class FeedPerson:
    id: int | None
    name: str


@dataclass(frozen=True, slots=True)
class FeedGoal:
    side: str                       # 'home' | 'away': the side the goal counted for
    minute: int | None
    injury_time: int | None
    kind: str                       # REGULAR, OWN, PENALTY
    scorer: FeedPerson | None
    assist: FeedPerson | None


@dataclass(frozen=True, slots=True)
class FeedAppearance:
    side: str
    player: FeedPerson
    started: bool
    minute_on: int | None
    minute_off: int | None


@dataclass(frozen=True, slots=True)
class FeedMatch:
    id: int
    season: int                     # start year
    round: str
    stage: str
    two_legged: bool
    date: str                       # the competition's local calendar date
    kickoff_utc: str
    feed_status: str
    status: str | None              # ours; None while in play (nothing to store yet)
    home: FeedTeam
    away: FeedTeam
    ht: Pair | None = None
    ft: Pair | None = None
    aet: Pair | None = None
    pen: Pair | None = None
    note: str | None = None
    goals: tuple[FeedGoal, ...] | None = None          # None: not unfolded (not in the plan)
    appearances: tuple[FeedAppearance, ...] | None = None

    @property
    def pair(self) -> tuple:
        """What pairs the two legs of a tie: the round and the two teams."""
        return pair_key(self.round, self.home.id, self.away.id)


def team(node: Any) -> FeedTeam:
    if not isinstance(node, dict) or not isinstance(node.get("id"), int) or not node.get("name"):
        raise BadFeedMatch("a team without id or name (not drawn yet?)")
    return FeedTeam(node["id"], str(node["name"]), node.get("shortName"), node.get("tla"))


def _pair(node: Any) -> Pair | None:
    if not isinstance(node, dict):
        return None
    home, away = node.get("home"), node.get("away")
    if isinstance(home, int) and isinstance(away, int):
        return home, away
    return None


def _add(a: Pair, b: Pair) -> Pair:
    return a[0] + b[0], a[1] + b[1]


def scores(score: Any) -> tuple[Pair | None, Pair, Pair | None, Pair | None]:
    """(ht, ft, aet, pen) of a finished match's `score` node; BadFeedMatch if inconsistent."""
    if not isinstance(score, dict):
        raise BadFeedMatch("finished without a score")
    duration = score.get("duration") or "REGULAR"
    full, half = _pair(score.get("fullTime")), _pair(score.get("halfTime"))
    if full is None:
        raise BadFeedMatch("finished without a fullTime score")
    if duration == "REGULAR":
        return half, full, None, None
    if duration not in ("EXTRA_TIME", "PENALTY_SHOOTOUT"):
        raise BadFeedMatch(f"unknown score duration {duration!r}")
    regular = _pair(score.get("regularTime"))
    extra = _pair(score.get("extraTime"))
    pens = _pair(score.get("penalties")) if duration == "PENALTY_SHOOTOUT" else None
    if regular is None or (duration == "EXTRA_TIME" and extra is None) or (
            duration == "PENALTY_SHOOTOUT" and pens is None):
        raise BadFeedMatch(f"duration {duration} without its regularTime/extraTime/penalties")
    aet = _add(regular, extra) if extra is not None else None
    total = _add(aet or regular, pens) if pens else (aet or regular)
    if total != full:
        raise BadFeedMatch(f"score parts do not add up to fullTime {full[0]}-{full[1]}")
    return half, regular, aet, pens


def _round(node: dict[str, Any]) -> tuple[str, str, bool]:
    stage = str(node.get("stage") or "")
    if stage not in STAGES:
        raise BadFeedMatch(f"unknown stage {stage!r}")
    code, ours, legs = STAGES[stage]
    if code == "G":
        m = re.search(r"([A-L])$", str(node.get("group") or ""))
        code = f"G-{m[1]}" if m else "G"
    elif code == "MD":
        if not isinstance(node.get("matchday"), int):
            raise BadFeedMatch("a league match without a matchday")
        code = f"MD{node['matchday']}"
    return code, ours, legs


def _people(side: str, node: Any, subs: list[Any], team_id: int,
            end: int) -> list[FeedAppearance]:
    lineup = node.get("lineup") if isinstance(node, dict) else None
    if not isinstance(lineup, list) or not lineup:
        return []
    off: dict[int, int] = {}
    on: dict[int, tuple[FeedPerson, int]] = {}
    for s in subs:
        if not isinstance(s, dict) or (s.get("team") or {}).get("id") != team_id:
            continue
        minute = s.get("minute") if isinstance(s.get("minute"), int) else end
        if (out := _person(s.get("playerOut"))) and out.id is not None:
            off[out.id] = minute
        if (inn := _person(s.get("playerIn"))) and inn.id is not None:
            on[inn.id] = (inn, minute)
    out_list = []
    for p in filter(None, map(_person, lineup)):
        out_list.append(FeedAppearance(side, p, True, None, off.get(p.id or -1)))
    for pid, (p, minute) in on.items():
        out_list.append(FeedAppearance(side, p, False, minute, off.get(pid)))
    return out_list


def _person(node: Any) -> FeedPerson | None:
    if not isinstance(node, dict) or not node.get("name"):
        return None
    pid = node.get("id")
    return FeedPerson(pid if isinstance(pid, int) else None, str(node["name"]))


def _goals(node: dict[str, Any], home: FeedTeam) -> tuple[FeedGoal, ...]:
    out = []
    before: Pair = (0, 0)
    for g in node["goals"]:
        if not isinstance(g, dict):
            raise BadFeedMatch("a goal that is not an object")
        after = _pair(g.get("score"))
        if after and after[0] == before[0] + 1 and after[1] == before[1]:
            side = "home"     # the running score says which side it counted for
        elif after and after[1] == before[1] + 1 and after[0] == before[0]:
            side = "away"
        else:
            team_id = (g.get("team") or {}).get("id")
            kind = str(g.get("type") or "REGULAR")
            scorer_side = "home" if team_id == home.id else "away"
            side = scorer_side if kind != "OWN" else ("away" if scorer_side == "home" else "home")
        before = after or before
        minute = g.get("minute")
        injury = g.get("injuryTime")
        out.append(FeedGoal(side, minute if isinstance(minute, int) else None,
                            injury if isinstance(injury, int) and injury > 0 else None,
                            str(g.get("type") or "REGULAR"), _person(g.get("scorer")),
                            _person(g.get("assist"))))
    return tuple(out)


def match(node: Any, timezone: str) -> FeedMatch:
    """One v4 match object -> FeedMatch; BadFeedMatch when it cannot be stored safely."""
    if not isinstance(node, dict) or not isinstance(node.get("id"), int):
        raise BadFeedMatch("a match without an id")
    feed_status = str(node.get("status") or "")
    if feed_status not in STATUS and feed_status not in IN_PLAY:
        raise BadFeedMatch(f"unknown status {feed_status!r}")
    try:
        kickoff = datetime.fromisoformat(str(node.get("utcDate")).replace("Z", "+00:00"))
        start = int(str((node.get("season") or {}).get("startDate"))[:4])
    except ValueError:
        raise BadFeedMatch("a match without a readable utcDate or season") from None
    if kickoff.tzinfo is None:
        raise BadFeedMatch("utcDate without a time zone")
    round_, stage, legs = _round(node)
    home, away = team(node.get("homeTeam")), team(node.get("awayTeam"))
    if home.id == away.id:
        raise BadFeedMatch("both sides are one team")
    status = STATUS.get(feed_status)
    ht = ft = aet = pen = None
    goals = appearances = None
    if status == "played":
        ht, ft, aet, pen = scores(node.get("score"))
        if isinstance(node.get("goals"), list):
            goals = _goals(node, home)
            if len(goals) != sum(aet or ft):
                raise BadFeedMatch(f"{len(goals)} goals listed for a {(aet or ft)[0]}-"
                                   f"{(aet or ft)[1]} score")
        subs = node.get("substitutions") if isinstance(node.get("substitutions"), list) else []
        end = 120 if aet else 90
        found = (_people("home", node.get("homeTeam"), subs, home.id, end)
                 + _people("away", node.get("awayTeam"), subs, away.id, end))
        appearances = tuple(found) or None
    local = kickoff.astimezone(ZoneInfo(timezone))
    return FeedMatch(
        id=node["id"], season=start, round=round_, stage=stage, two_legged=legs,
        date=local.date().isoformat(), kickoff_utc=kickoff.astimezone(ZoneInfo("UTC")).strftime(
            "%Y-%m-%dT%H:%M:%SZ"), feed_status=feed_status, status=status, home=home, away=away,
        ht=ht, ft=ft, aet=aet, pen=pen, note="awarded" if feed_status == "AWARDED" else None,
        goals=goals, appearances=appearances)


def legs(matches: list[FeedMatch]) -> dict[int, str]:
    """Leg of every match, as the importers pair them: a knockout round's two matches between
    the same teams are legs 1 and 2 by kick-off; anything else is a single match."""
    out = {m.id: "single" for m in matches}
    for group in pair_legs([m for m in matches if m.two_legged], key=lambda m: m.pair,
                           when=lambda m: m.kickoff_utc):
        if len(group) == 2:
            out[group[0].id], out[group[1].id] = "1", "2"
    return out
