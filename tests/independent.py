"""Expected values computed straight from the source files, never through our store.

A few lines of csv / regex per source: champs.csv (1955-56 → 2015-16) and openfootball's
cl.txt (2016-17 on), so the facts tests compare our answers with an independent count.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SHARED = next((p / "shared" / "data" for p in Path(__file__).resolve().parents
               if (p / "shared" / "data").is_dir()), Path("../shared/data"))
QUALIFYING = {"prelim", "PrelimF", "Q-1", "Q-2", "Q-3", "Q-PO"}


@dataclass(frozen=True)
class Row:
    date: str
    season: int
    round: str
    leg: str
    home: str
    away: str
    hg: int          # incl. extra time
    ag: int
    aet: bool
    pens: str        # as the file says ('NA', '4-3', 'away goals', ...)
    tiewinner: str

    def gf(self, club: str) -> int:
        return self.hg if self.home == club else self.ag

    def ga(self, club: str) -> int:
        return self.ag if self.home == club else self.hg


@cache
def champs() -> tuple[Row, ...]:
    with open(SHARED / "engsoccerdata" / "champs.csv", newline="") as f:
        rows = [Row(r["Date"], int(r["Season"]), r["round"], r["leg"], r["home"], r["visitor"],
                    int(r["tothgoal"]), int(r["totvgoal"]), r["aet"].strip() != "NA",
                    r["pens"].strip(), r["tiewinner"].strip())
                for r in csv.DictReader(f)]
    return tuple(sorted(rows, key=lambda r: r.date))


def club_rows(club: str, before: str, main_draw: bool = False,
              since: int | None = None) -> list[Row]:
    return [r for r in champs() if club in (r.home, r.away) and r.date < before
            and not (main_draw and r.round in QUALIFYING)
            and (since is None or r.season >= since)]


def runs(flags: list[bool]) -> tuple[int, int]:
    """(current run at the end, longest run)."""
    current = longest = 0
    for ok in flags:
        current = current + 1 if ok else 0
        longest = max(longest, current)
    return current, longest


TESTS = {
    "unbeaten": lambda gf, ga: gf >= ga, "scoring": lambda gf, ga: gf > 0,
    "winning": lambda gf, ga: gf > ga, "clean": lambda gf, ga: ga == 0,
    "winless": lambda gf, ga: gf <= ga, "losing": lambda gf, ga: gf < ga,
}


def streak(club: str, kind: str, before: str, main_draw: bool = False,
           since: int | None = None) -> tuple[int, int]:
    rows = club_rows(club, before, main_draw, since)
    return runs([TESTS[kind](r.gf(club), r.ga(club)) for r in rows])


@dataclass(frozen=True)
class TieResult:
    season: int
    round: str
    margin: int       # the club's first-leg goal difference
    through: bool
    how: str          # aggregate | extra_time | penalties | level (away goals, replay, toss)


def ties(club: str, before: str, with_qualifying: bool = False) -> list[TieResult]:
    """Two-legged ties: legs paired by season, round and clubs; winner by total aggregate,
    the file's own word only when the aggregate is level."""
    legs: dict[tuple, list[Row]] = {}
    for r in champs():
        if r.leg in ("1", "2") and club in (r.home, r.away):
            legs.setdefault((r.season, r.round, frozenset((r.home, r.away))), []).append(r)
    out = []
    for (season, rnd, _), pair in legs.items():
        if len(pair) != 2 or pair[1].date >= before:
            continue
        if rnd in QUALIFYING and not with_qualifying:
            continue
        first, second = sorted(pair, key=lambda r: r.date)
        mine = first.gf(club) + second.gf(club)
        theirs = first.ga(club) + second.ga(club)
        if mine != theirs:
            through, how = mine > theirs, "extra_time" if second.aet else "aggregate"
        else:
            through = second.tiewinner == club
            how = "penalties" if re.fullmatch(r"\d+-\d+", second.pens) else "level"
        out.append(TieResult(season, rnd, first.gf(club) - first.ga(club), through, how))
    return out


def final_games(before: str) -> list[Row]:
    """The deciding match of every final, by season (a replay decides a drawn final)."""
    by_season: dict[int, Row] = {}
    for r in champs():
        if r.round == "final" and r.date < before:
            by_season[r.season] = r      # rows are by date: a replay comes last
    return [by_season[s] for s in sorted(by_season)]


def final_winner(r: Row) -> str:
    if r.hg != r.ag:
        return r.home if r.hg > r.ag else r.away
    h, a = (int(x) for x in r.pens.split("-"))
    return r.home if h > a else r.away


def finals(before: str) -> list[tuple[int, str]]:
    """(season, winner) of every final."""
    return [(r.season, final_winner(r)) for r in final_games(before)]


_CL_MATCH = re.compile(r"^\s*(?:\d\d[.:]\d\d\s+)?(.+?)\s+\([A-Z]{3}\)\s+v\s+(.+?)\s+\([A-Z]{3}\)"
                       r"\s+(\d+)-(\d+)(?:\s+pen\.\s+(\d+)-(\d+))?(?:\s+a\.e\.t\.)?")


def cl_knockout(season_folder: str) -> list[tuple[str, str, int, int]]:
    """(home, away, home goals incl. extra time, away goals) of a cl.txt's knockout rounds,
    in file order (which is date order)."""
    out, knockout = [], False
    text = (SHARED / "openfootball-champions-league" / season_folder / "cl.txt").read_text()
    for line in text.splitlines():
        if line.startswith("»"):
            knockout = not re.search(r"Group|Gruppe|League|Matchday", line)
            continue
        m = _CL_MATCH.match(line)
        if knockout and m:
            # with a shoot-out the first score is the shoot-out; the a.e.t. score follows
            if m[5] is not None:
                out.append((m[1], m[2], int(m[5]), int(m[6])))
            else:
                out.append((m[1], m[2], int(m[3]), int(m[4])))
    return out
