"""Goal scorers counted straight from openfootball's older Football.TXT files (the
`_history_*` folder), never through our importer or store: a match line, then its scorer
line `[Salah 36', 45+1' Mané 56'; Džeko 81' Perotti 85' (pen.)]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tests.independent import SHARED

HISTORY = next((SHARED / "openfootball-champions-league").glob("_history_*"))
_MATCH = re.compile(r"^(?:\d{1,2}[.:]\d\d\s+)?(?P<home>.+?)\s+(?P<score>\d+-\d+"
                    r"(?:\s+(?:pen\.|a\.e\.t\.)|\s+\d+-\d+|\s+\([^)]*\))*)\s+(?P<away>\S.*?)$")
_SCORER = re.compile(r"(?P<name>[^\d;'\[\]]+?)\s+(?P<marks>(?:\d+(?:\+\d+)?'\s*"
                     r"(?:\((?:pen|o\.g)\.\))?\s*,?\s*)+)")
_MINUTE = re.compile(r"\d+(?:\+\d+)?'\s*(?:\((?P<kind>pen|o\.g)\.\))?")


@dataclass(frozen=True)
class Goal:
    season: int          # start year
    home: str
    away: str
    side: str            # home | away: the side the file lists it under
    player: str
    penalty: bool
    own_goal: bool
    knockout: bool       # in a *_finals.txt file or a knockout section of cl.txt


def _side(text: str) -> list[tuple[str, bool, bool]]:
    out = []
    for m in _SCORER.finditer(text):
        for minute in _MINUTE.finditer(m["marks"]):
            out.append((m["name"].strip(), minute["kind"] == "pen", minute["kind"] == "o.g"))
    return out


@cache
def history_goals() -> tuple[Goal, ...]:
    """Every goal of the European Cup/Champions League files, one per match (a match in
    two files of a season is counted once)."""
    seen: set[tuple[int, str, str, str]] = set()
    out: list[Goal] = []
    for path in sorted(HISTORY.glob("*/cl*.txt")):
        season = int(path.parent.name[:4])
        lines = path.read_text(encoding="utf-8").splitlines()
        knockout = "finals" in path.name
        for line, scorers in zip(lines, lines[1:], strict=False):
            if line.startswith(("Round of 16", "Quarter", "Semi", "Final", "» Round of 16")):
                knockout = True
            marks = scorers.strip()
            if not (marks.startswith("[") and "'" in marks):
                continue
            m = _MATCH.match(line.split(" @ ")[0].split("#")[0].strip())
            if m is None:
                continue
            key = (season, m["home"].strip(), m["away"].strip(), m["score"])
            if key in seen:
                continue
            seen.add(key)
            home_text, _, away_text = marks.strip("[]").partition(";")
            for side, text in (("home", home_text), ("away", away_text)):
                out += [Goal(season, key[1], key[2], side, p, pen, og, knockout)
                        for p, pen, og in _side(text)]
    return tuple(out)


def club_goals(names: tuple[str, ...]) -> list[Goal]:
    """The goals credited to a club (under any of its spellings), own goals excluded."""
    return [g for g in history_goals() if not g.own_goal
            and (g.home if g.side == "home" else g.away) in names]


def club_matches_with_scorers(names: tuple[str, ...]) -> int:
    return len({(g.season, g.home, g.away) for g in history_goals()
                if g.home in names or g.away in names})
