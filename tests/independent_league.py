"""League facts counted straight from england.csv, never through our store: tables under the
English rules (two points for a win until 1980-81, goal average until 1975-76) and
head-to-heads."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from tests.independent import SHARED


@dataclass(frozen=True)
class LeagueRow:
    date: str
    season: int
    tier: str
    division: str
    home: str
    away: str
    hg: int
    ag: int


@cache
def england() -> tuple[LeagueRow, ...]:
    with open(SHARED / "engsoccerdata" / "england.csv", newline="") as f:
        return tuple(LeagueRow(r["Date"], int(r["Season"]), r["tier"], r["division"],
                               r["home"], r["visitor"], int(r["hgoal"]), int(r["vgoal"]))
                     for r in csv.DictReader(f))


def table(tier: str, season: int, before: str | None = None
          ) -> list[tuple[str, int, int, int, int, int, int, int]]:
    """(club, P, W, D, L, F, A, Pts) in table order."""
    win = 2 if season <= 1980 else 3
    acc: dict[str, list[int]] = {}
    for r in england():
        if r.tier != tier or r.season != season or (before and r.date >= before):
            continue
        for club, gf, ga in ((r.home, r.hg, r.ag), (r.away, r.ag, r.hg)):
            row = acc.setdefault(club, [0] * 7)
            row[0] += 1
            row[1 if gf > ga else 2 if gf == ga else 3] += 1
            row[4] += gf
            row[5] += ga
            row[6] += win if gf > ga else 1 if gf == ga else 0

    def split(item: tuple[str, list[int]]) -> float:
        f, a = item[1][4], item[1][5]
        if season <= 1975:
            return f / a if a else float("inf")
        return f - a

    ordered = sorted(acc.items(), key=lambda i: (-i[1][6], -split(i), -i[1][4], i[0]))
    return [(club, *row) for club, row in ordered]  # type: ignore[misc]


def h2h(a: str, b: str) -> tuple[int, int, int, int, int, int]:
    """(played, won, drawn, lost, for, against) of club a against b in england.csv."""
    won = drawn = lost = gf = ga = 0
    rows = [r for r in england() if {r.home, r.away} == {a, b}]
    for r in rows:
        f, g = (r.hg, r.ag) if r.home == a else (r.ag, r.hg)
        gf, ga = gf + f, ga + g
        won, drawn, lost = won + (f > g), drawn + (f == g), lost + (f < g)
    return len(rows), won, drawn, lost, gf, ga
