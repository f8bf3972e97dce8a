"""Each season's best club-seasons of a league, for the season records (`seasons eng1`).

A record over any run of seasons is the best of the seasons' bests, so each season's
leaders (most points, wins and goals, fewest defeats and goals conceded, the longest
unbeaten run) are picked once from the season tables and runs (storage/league_seasons.py)
and kept in the derived cache beside them, tagged and keyed the same way (by the league's
clubs). An answer then compares a hundred seasons, not 2,600 club-seasons. As of a date,
the seasons over by then keep their bests and only the season in progress is picked afresh,
from its table on that date (storage/league_seasons.py: no SQL once that season was asked
about).

The cached Standing rows are shared with the season tables: callers read them only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from storage.league_seasons import Run, SeasonTable, as_of_table, unbeaten_runs
from storage.league_table import Result, Standing

# (Standing field, the most is best?) in the order the records are given
MEASURES: tuple[tuple[str, bool], ...] = (
    ("points", True), ("won", True), ("lost", False), ("goals_for", True),
    ("goals_against", False))


@dataclass(frozen=True, slots=True)
class Best:
    """The best value of one measure in a season and every club holding it, in table order."""

    value: int
    holders: tuple[Standing, ...]


@dataclass(frozen=True, slots=True)
class LongRun:
    """A club's longest unbeaten run in a season, with its name and matches that season."""

    run: Run
    club: str
    played: int


@dataclass(frozen=True, slots=True)
class SeasonBests:
    """One season's leaders by each measure (clubs without a counted match left out)."""

    season: int
    win_points: int
    complete: bool
    best: dict[str, Best]          # measure (a Standing field) -> its leaders
    runs: tuple[LongRun, ...]      # the longest unbeaten runs (equal length), by first date


COMPLETED_SHARE = 0.9   # of the season's most matches: a club's season that counts


def completed_rows(table: SeasonTable) -> list[Standing]:
    """The club-seasons a record counts: in a finished season, only those of clubs that
    played at least nine tenths of the most matches any club played (a club expelled or
    withdrawn mid-season, as Leeds City after eight matches of 1919-20, is left out; a
    club short of a match or two that was never played is not). In a season in progress,
    every club with a match."""
    rows = [r for r in table.rows if r.played]
    if not table.complete or not rows:
        return rows
    most = max(r.played for r in rows)
    return [r for r in rows if r.played >= COMPLETED_SHARE * most]


def season_bests(table: SeasonTable, runs: Iterable[Run]) -> SeasonBests:
    """The season's leaders, picked from its table and its clubs' longest unbeaten runs."""
    rows = completed_rows(table)
    counted = {r.club_id for r in rows}
    best = {}
    for name, most in MEASURES:
        if not rows:
            break
        get = attrgetter(name)
        values = [get(r) for r in rows]
        value = max(values) if most else min(values)
        best[name] = Best(value, tuple(r for r, v in zip(rows, values, strict=True)
                                       if v == value))
    runs = [r for r in runs if r.club_id in counted]
    longest = max((r.length for r in runs), default=0)
    held = sorted((r for r in runs if r.length == longest), key=attrgetter("first_date"))
    long_runs = []
    for run in held:
        row = table.of(run.club_id)
        long_runs.append(LongRun(run, row.club if row else "?", row.played if row else 0))
    return SeasonBests(table.season, table.rules.win_points, table.complete, best,
                       tuple(long_runs))


class LeagueRecordQueries:
    """Mixed into Store (with LeagueSeasonQueries and the derived cache)."""

    league_seasons: Callable[..., Awaitable[tuple[SeasonTable, ...]]]
    league_runs: Callable[..., Awaitable[list[Run]]]
    _competition: Callable[[str], Awaitable[tuple[int, str, int | None] | None]]
    _cached: Callable[..., Awaitable[Any]]
    _final_seasons: Callable[..., Awaitable[tuple[SeasonTable, ...]]]
    _results_before: Callable[..., Awaitable[list[Result]]]

    async def league_season_bests(self, competition: str,
                                  before: str | None = None) -> tuple[SeasonBests, ...]:
        """Every season's leaders, oldest first: from the final tables, or as of `before`."""
        found = await self._competition(competition)
        if found is None:
            return ()
        full: tuple[SeasonBests, ...] = await self._cached(
            found[0], "league_bests", lambda: self._all_bests(found[1]), len)
        if before is None:
            return full
        by_season = {b.season: b for b in full}
        out = []
        for table in await self._final_seasons(found):
            if table.first_date >= before:
                continue
            if table.last_date < before:     # over by then: the final table's leaders
                out.append(by_season[table.season])
                continue
            results = await self._results_before(found[0], table, before)
            if results:
                out.append(season_bests(as_of_table(table, results),
                                        unbeaten_runs(table.season, results).values()))
        return tuple(out)

    async def _all_bests(self, code: str) -> tuple[SeasonBests, ...]:
        by_season: dict[int, list[Run]] = {}
        for run in await self.league_runs(code):
            by_season.setdefault(run.season, []).append(run)
        return tuple(season_bests(t, by_season.get(t.season, ()))
                     for t in await self.league_seasons(code))

