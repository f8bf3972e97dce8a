"""Every season of a league at once: each season's final (or as-of) standings, a club's
league seasons across tiers, and each club's longest unbeaten run within a season.

One SQL aggregation per competition (GROUP BY season, club over its league-stage matches),
then the era's rules and `rank()` per season: a hundred seasons cost one query, not a hundred
`league_table()` calls. The results go through the derived cache, tagged with every club of
the competition (a write touching any of them changes some table) and keyed by that set of
clubs (a club new to the league makes a new entry). An as-of date reuses the full history:
seasons over before it are unchanged, later ones drop out, and only the season in progress on
that date is ranked afresh, as `league_table()` ranks it, from the season's counted results
(read once per season asked about and kept in the derived cache the same way). Seasons whose
rules split clubs level on points by their meetings are ranked with their results.

The cached Standing rows are shared: callers read them, never change them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import aiosqlite

from storage.league_table import (
    DEFAULT_RULES,
    HEAD_TO_HEAD,
    LeagueRules,
    Result,
    Standing,
    level_groups,
    rank,
    standings,
)


@dataclass(frozen=True, slots=True)
class SeasonTable:
    """One season of a league, ranked under its era's rules."""

    competition: str         # code, as stored
    tier: int | None
    season: int              # start year
    rules: LeagueRules
    rows: tuple[Standing, ...]
    counted: int             # matches counted
    to_play: int             # league matches stored but not counted (later or unplayed)
    first_date: str          # the season's first and last stored league match, any status
    last_date: str
    last_result: str | None = None   # the latest counted match

    @property
    def complete(self) -> bool:
        return self.to_play == 0

    def of(self, club_id: int) -> Standing | None:
        return next((r for r in self.rows if r.club_id == club_id), None)


@dataclass(frozen=True, slots=True)
class ClubSeason:
    """A club's season in one league: its standing and the table it stands in."""

    standing: Standing
    table: SeasonTable


@dataclass(frozen=True, slots=True)
class Run:
    """A club's longest unbeaten run within one season (the first, when two are as long)."""

    season: int
    club_id: int
    length: int
    first_date: str
    last_date: str


SIDE = """SELECT season_id, date, {club} AS club, {gf} AS gf, {ga} AS ga,
       (status = 'played' AND ft_home IS NOT NULL) AS counted
FROM matches WHERE stage = 'league' AND season_id IN
    (SELECT id FROM seasons WHERE competition_id = ?1)"""
HOME, AWAY = "COALESCE(aet_home, ft_home)", "COALESCE(aet_away, ft_away)"
SEASON_CLUB_TOTALS = f"""
SELECT x.season_id, x.club, SUM(x.counted),
       SUM(x.counted AND x.gf > x.ga), SUM(x.counted AND x.gf = x.ga),
       SUM(x.counted AND x.gf < x.ga),
       SUM(CASE WHEN x.counted THEN x.gf ELSE 0 END),
       SUM(CASE WHEN x.counted THEN x.ga ELSE 0 END),
       SUM(NOT x.counted), MIN(x.date), MAX(x.date), MAX(CASE WHEN x.counted THEN x.date END)
FROM ({SIDE.format(club="home_id", gf=HOME, ga=AWAY)}
      UNION ALL {SIDE.format(club="away_id", gf=AWAY, ga=HOME)}) x
GROUP BY x.season_id, x.club
"""
SEASON_MATCHES = """
SELECT s.start_year, m.date, m.id, m.home_id, m.away_id, COALESCE(m.aet_home, m.ft_home),
       COALESCE(m.aet_away, m.ft_away)
FROM seasons s CROSS JOIN matches m ON m.season_id = s.id
WHERE s.competition_id = ? AND m.stage = 'league' AND m.status = 'played'
  AND m.ft_home IS NOT NULL
"""   # CROSS JOIN: the competition's seasons first, not every played match by status


COUNTED_RESULTS = """
SELECT m.date, m.home_id, m.away_id, COALESCE(m.aet_home, m.ft_home),
       COALESCE(m.aet_away, m.ft_away)
FROM matches m JOIN seasons s ON s.id = m.season_id
WHERE s.competition_id = ? AND s.start_year = ? AND m.stage = 'league'
  AND m.status = 'played' AND COALESCE(m.aet_home, m.ft_home) IS NOT NULL
ORDER BY m.date, m.id
"""


def as_of_table(table: SeasonTable, results: Sequence[Result]) -> SeasonTable:
    """The season as it stood before a date on or before its last stored match (so not
    complete), from its counted results then, ranked as `league_table()` ranks them: every
    club of the season listed."""
    names = {r.club_id: r.club for r in table.rows}
    rows = standings(results, table.rules, names, names)
    return SeasonTable(table.competition, table.tier, table.season, table.rules, tuple(rows),
                       len(results), table.counted + table.to_play - len(results),
                       table.first_date, table.last_date, results[-1].date)


def rules_for(eras: Sequence[tuple[int, int, str]], season: int) -> LeagueRules:
    """The rule of the latest era not after the season ((since, win points, tie-break))."""
    found = [e for e in eras if e[0] <= season]
    if not found:
        return LeagueRules(*DEFAULT_RULES, assumed=True)
    return LeagueRules(found[-1][1], found[-1][2])


def unbeaten_runs(season: int, results: Iterable[Result]) -> dict[int, Run]:
    """Each club's longest unbeaten run in one season's results, given in date order."""
    current: dict[int, tuple[int, str]] = {}    # club -> (length, first date)
    best: dict[int, Run] = {}
    for r in results:
        for club, gf, ga in ((r.home_id, r.home_goals, r.away_goals),
                             (r.away_id, r.away_goals, r.home_goals)):
            if gf < ga:
                current.pop(club, None)
                continue
            length, first = current.get(club, (0, r.date))
            current[club] = (length + 1, first)
            held = best.get(club)
            if held is None or length + 1 > held.length:
                best[club] = Run(season, club, length + 1, first, r.date)
    return best


class LeagueSeasonQueries:
    """Mixed into Store (with LeagueTableQueries and the derived cache)."""

    db: aiosqlite.Connection
    data_version: int
    derived: Callable[..., Awaitable[Any]]
    derived_peek: Callable[[Hashable], Awaitable[tuple[bool, Any]]]
    _club_names: Callable[[Iterable[int]], Awaitable[dict[int, str]]]

    async def league_seasons(self, competition: str,
                             before: str | None = None) -> tuple[SeasonTable, ...]:
        """Every season of the league, oldest first: final tables, or as of `before`."""
        found = await self._competition(competition)
        if found is None:
            return ()
        full = await self._final_seasons(found)
        if before is None:
            return full
        out = [await self._as_of(found[0], t, before) for t in full if t.first_date < before]
        return tuple(t for t in out if t is not None)

    async def _final_seasons(self, found: tuple[int, str, int | None]
                             ) -> tuple[SeasonTable, ...]:
        """Every season's final table of the competition (id, code, tier)."""
        return await self._cached(found[0], "league_seasons", lambda: self._all_seasons(*found),
                                  lambda seasons: sum(len(t.rows) for t in seasons))

    async def club_league_seasons(self, club_id: int, competitions: Sequence[str],
                                  before: str | None = None) -> list[ClubSeason]:
        """The club's seasons in those leagues (as of `before`), oldest first."""
        played = await self.derived(
            [("club", club_id)], ("club_leagues", club_id), lambda: self._club_leagues(club_id))
        wanted = {c.upper() for c in competitions}
        out = []
        for code in played:
            found = await self._competition(code) if code.upper() in wanted else None
            if found is None:
                continue
            for table in await self._final_seasons(found):
                if table.of(club_id) is None:
                    continue
                if before is not None:
                    if table.first_date >= before:
                        continue
                    table = await self._as_of(found[0], table, before)
                row = table.of(club_id) if table is not None else None
                if table is not None and row is not None:
                    out.append(ClubSeason(row, table))
        return sorted(out, key=lambda s: (s.table.season, s.table.tier or 99))

    async def league_runs(self, competition: str, before: str | None = None) -> list[Run]:
        """Every club's longest unbeaten run within each season of the league."""
        found = await self._competition(competition)
        if found is None:
            return []
        full: dict[int, list[Run]] = await self._cached(
            found[0], "league_runs", lambda: self._all_runs(found[0]),
            lambda runs: sum(map(len, runs.values())))
        if before is None:
            return [run for runs in full.values() for run in runs]
        out = []
        for table in await self.league_seasons(competition, before):
            if table.last_date < before:
                out += full.get(table.season, [])
            else:
                results = await self._results_before(found[0], table, before)
                out += unbeaten_runs(table.season, results).values()
        return out

    async def _competition(self, code: str) -> tuple[int, str, int | None] | None:
        rows = await self.db.execute_fetchall(
            "SELECT id, code, tier FROM competitions WHERE code = ? COLLATE NOCASE", (code,))
        return (rows[0][0], rows[0][1], rows[0][2]) if rows else None

    async def _cached(self, competition_id: int, kind: Hashable,
                      make: Callable[[], Awaitable[Any]], weight: Callable[[Any], int]) -> Any:
        """`make()` through the derived cache, keyed by the competition's clubs and tagged
        with them: a write touching a club of the league drops the entry, and a match whose
        home club is new to the league makes a new key (every match has a home club). The
        set is kept until a write touches a club outside it (storage/derived.py `members_of`),
        then read again through a covering index, in the background when recently used."""
        clubs = await self.derived([("clubs", 0)], ("league_clubs", competition_id),
                                   lambda: self._league_clubs(competition_id),
                                   members_of=_same)
        key = (kind, competition_id, clubs)
        hit, value = await self.derived_peek(key)
        if hit:
            return value
        tags = [("clubs", 0), *(("club", c) for c in clubs)]
        return await self.derived(tags, key, make, weight_of=weight)

    async def _league_clubs(self, competition_id: int) -> tuple[int, ...]:
        rows = await self.db.execute_fetchall(
            "SELECT DISTINCT home_id FROM matches WHERE season_id IN "
            "(SELECT id FROM seasons WHERE competition_id = ?) ORDER BY home_id",
            (competition_id,))
        return tuple(r[0] for r in rows)

    async def _all_seasons(self, competition_id: int, code: str,
                           tier: int | None) -> tuple[SeasonTable, ...]:
        years = {r[0]: r[1] for r in await self.db.execute_fetchall(
            "SELECT id, start_year FROM seasons WHERE competition_id = ?", (competition_id,))}
        eras = [(r[0], r[1], r[2]) for r in await self.db.execute_fetchall(
            "SELECT since_year, win_points, tiebreak FROM league_rules "
            "WHERE competition_id = ? ORDER BY since_year", (competition_id,))]
        totals = await self.db.execute_fetchall(SEASON_CLUB_TOTALS, (competition_id,))
        names = await self._club_names({r[1] for r in totals})
        by_season: dict[int, list[Any]] = {}
        for row in totals:
            by_season.setdefault(years[row[0]], []).append(row)
        out = []
        for season in sorted(by_season):
            rules = rules_for(eras, season)
            rows, counted, to_play, first, last, result = [], 0, 0, "9999", "", ""
            for _sid, club, p, w, d, lost, gf, ga, unplayed, lo, hi, res in by_season[season]:
                rows.append(Standing(club, names.get(club, "?"), p, w, d, lost, gf, ga,
                                     w * rules.win_points + d))
                counted, to_play = counted + p, to_play + unplayed
                first, last, result = min(first, lo), max(last, hi), max(result, res or "")
            if counted:
                out.append(SeasonTable(code, tier, season, rules, tuple(rank(rows, rules)),
                                       counted // 2, to_play // 2, first, last, result))
        return await self._by_meetings(competition_id, out)

    async def _by_meetings(self, competition_id: int, tables: list[SeasonTable]
                           ) -> tuple[SeasonTable, ...]:
        """The tables whose rules split clubs level on points by their meetings, ranked again
        with the season's results (as `league_table()` ranks them); the others as they are,
        and no results read when no season has clubs level under those rules."""
        level = {t.season for t in tables
                 if t.rules.tiebreak == HEAD_TO_HEAD and level_groups(list(t.rows))}
        if not level:
            return tuple(tables)
        results: dict[int, list[Result]] = {}
        for season, day, _mid, home, away, hg, ag in await self.db.execute_fetchall(
                SEASON_MATCHES, (competition_id,)):
            if season in level:
                results.setdefault(season, []).append(Result(day, home, away, hg, ag))
        return tuple(replace(t, rows=tuple(rank(list(t.rows), t.rules,
                                                results.get(t.season, ()))))
                     if t.season in level else t for t in tables)

    async def _as_of(self, competition_id: int, table: SeasonTable,
                     before: str) -> SeasonTable | None:
        """The season as it stood before the date: itself when it was over by then."""
        if table.last_date < before:
            return table
        results = await self._results_before(competition_id, table, before)
        return as_of_table(table, results) if results else None

    async def _results_before(self, competition_id: int, table: SeasonTable,
                              before: str) -> list[Result]:
        """The season's counted results before the date; the season's are read once and kept
        in the derived cache (any other date in that season needs no SQL)."""
        season = table.season
        kept = await self._cached(competition_id, ("league_results", season),
                                  lambda: self._counted_results(competition_id, season), len)
        return [r for r in kept if r.date < before]

    async def _counted_results(self, competition_id: int, season: int) -> tuple[Result, ...]:
        """The season's counted league results in date order, as `league_table()` reads them."""
        rows = await self.db.execute_fetchall(COUNTED_RESULTS, (competition_id, season))
        return tuple(Result(*row) for row in rows)

    async def _all_runs(self, competition_id: int) -> dict[int, list[Run]]:
        rows = await self.db.execute_fetchall(SEASON_MATCHES, (competition_id,))
        by_season: dict[int, list[tuple[str, int, int, int, int, int]]] = {}
        for season, day, mid, home, away, hg, ag in rows:
            by_season.setdefault(season, []).append((day, mid, home, away, hg, ag))
        return {season: list(unbeaten_runs(season, (
                    Result(d, h, a, hg, ag) for d, _, h, a, hg, ag in sorted(matches))).values())
                for season, matches in by_season.items()}

    async def _club_leagues(self, club_id: int) -> tuple[str, ...]:
        """The league competitions the club has a league match in."""
        rows = await self.db.execute_fetchall(
            "SELECT DISTINCT c.code FROM matches m JOIN seasons s ON s.id = m.season_id "
            "JOIN competitions c ON c.id = s.competition_id "
            "WHERE m.stage = 'league' AND (m.home_id = ?1 OR m.away_id = ?1)", (club_id,))
        return tuple(r[0] for r in rows)


def _same(clubs: tuple[int, ...]) -> tuple[int, ...]:
    return clubs
