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


def finish(club: str, season: int) -> tuple[str, int, int, tuple[int, ...]] | None:
    """(tier, position, clubs, (P, W, D, L, F, A, Pts)) of the club's season in the top two
    tiers (the file's tier 3 of 1921-58 holds two divisions, North and South), or None."""
    for tier in ("1", "2"):
        rows = table(tier, season)
        for n, (name, *counts) in enumerate(rows, 1):
            if name == club:
                return tier, n, len(rows), tuple(counts)
    return None


def longest_unbeaten(tier: str, seasons: range) -> tuple[int, list[tuple[str, int]]]:
    """The longest run of league matches without a defeat within one season, and who
    (club, season) ran it, from the rows in date order."""
    best, holders = 0, []
    current: dict[tuple[str, int], int] = {}
    for r in sorted((r for r in england() if r.tier == tier and r.season in seasons),
                    key=lambda r: r.date):
        for club, gf, ga in ((r.home, r.hg, r.ag), (r.away, r.ag, r.hg)):
            key = (club, r.season)
            current[key] = 0 if gf < ga else current.get(key, 0) + 1
            if current[key] > best:
                best, holders = current[key], [key]
            elif current[key] == best and key not in holders:
                holders.append(key)
    return best, holders


# kind → the test on (goals for, goals against), as the streak command defines each kind
STREAK_TESTS = {
    "unbeaten": lambda f, a: f >= a, "winning": lambda f, a: f > a,
    "scoring": lambda f, a: f > 0, "clean": lambda f, a: a == 0,
    "winless": lambda f, a: f <= a, "losing": lambda f, a: f < a,
}


@dataclass(frozen=True)
class Streak:
    """A club's run of one kind in its league matches before a date: the current run, its
    goals, the match that broke the one before it, and the longest run on record (the
    later one of equals), each match by date."""
    current: int
    goals: int
    breaker: str | None
    longest: int
    longest_from: str | None
    longest_to: str | None
    played: int


def streak(club: str, kind: str, before: str, venue: str | None = None,
           ground_of: str | None = None) -> Streak:
    """Counted from england.csv rows alone, in date order: `venue` (home/away) keeps the
    club's home or away matches, `ground_of` only its visits to that club."""
    rows = sorted((r for r in england() if club in (r.home, r.away) and r.date < before),
                  key=lambda r: r.date)
    if venue:
        rows = [r for r in rows if (r.home == club) == (venue == "home")]
    if ground_of:
        rows = [r for r in rows if (r.home, r.away) == (ground_of, club)]
    scores = [(r.hg, r.ag) if r.home == club else (r.ag, r.hg) for r in rows]
    test = STREAK_TESTS[kind]
    best = (0, -1)                                   # (length, start)
    length = 0
    for i, (f, a) in enumerate(scores):
        length = length + 1 if test(f, a) else 0
        if length and length >= best[0]:
            best = (length, i - length + 1)
    current = length
    goals = sum(f for f, _a in scores[len(scores) - current:]) if current else 0
    breaker = rows[len(rows) - current - 1].date if len(rows) > current else None
    n, start = best
    return Streak(current, goals, breaker, n, rows[start].date if n else None,
                  rows[start + n - 1].date if n else None, len(rows))


def foreign_table(file: str, season: int, win: int, head_to_head: bool
                  ) -> list[tuple[str, int, int, int, int, int, int, int]]:
    """(club, P, W, D, L, F, A, Pts) of a season of spain.csv / italy.csv's top flight (league
    rounds only), in table order: points, then (head_to_head) the points and goal difference
    of the matches among the clubs level, then goal difference, then goals scored."""
    with open(SHARED / "engsoccerdata" / file, newline="") as f:
        rows = [r for r in csv.DictReader(f) if int(r["Season"]) == season
                and str(r["tier"]) == "1" and r.get("round", "league") == "league"]
    games = [(r["home"], r["visitor"], int(r["hgoal"]), int(r["vgoal"])) for r in rows]
    acc: dict[str, list[int]] = {}
    for h, a, hg, ag in games:
        for club, gf, ga in ((h, hg, ag), (a, ag, hg)):
            row = acc.setdefault(club, [0] * 7)
            row[0] += 1
            row[1 if gf > ga else 2 if gf == ga else 3] += 1
            row[4], row[5] = row[4] + gf, row[5] + ga
            row[6] += win if gf > ga else 1 if gf == ga else 0

    def among(level: set[str]) -> dict[str, tuple[int, int]]:
        mini = {c: (0, 0) for c in level}
        for h, a, hg, ag in games:
            if h in level and a in level:
                for club, gf, ga in ((h, hg, ag), (a, ag, hg)):
                    p, d = mini[club]
                    mini[club] = (p + (win if gf > ga else 1 if gf == ga else 0), d + gf - ga)
        return mini

    by_points: dict[int, set[str]] = {}
    for club, row in acc.items():
        by_points.setdefault(row[6], set()).add(club)
    minis = {c: among(level)[c] if head_to_head and len(level) > 1 else (0, 0)
             for level in by_points.values() for c in level}
    ordered = sorted(acc.items(), key=lambda i: (-i[1][6], -minis[i[0]][0], -minis[i[0]][1],
                                                 -(i[1][4] - i[1][5]), -i[1][4], i[0]))
    return [(club, *row) for club, row in ordered]  # type: ignore[misc]
