"""League tables computed from the matches: standings for a competition season on any date,
under the era's points and tie-break rules (storage/league_rules_seed.py: goal average, goal
difference, or the results between the clubs level on points), and where a club stood after
each matchday.

Only stage 'league' matches with a result count (play-offs, fixtures and postponed games do
not); `before` is an as-of date: only matches strictly before it. The data carries no points
deductions, so a table is the one the results give; the caller's footnote says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import aiosqlite

DEFAULT_RULES = (3, "goal_difference")


HEAD_TO_HEAD = "head_to_head"


@dataclass(frozen=True, slots=True)
class LeagueRules:
    win_points: int
    tiebreak: str            # goal_average | goal_difference | head_to_head
    assumed: bool = False    # no rule stored for this competition and season
    note: str | None = None  # what else decided places, which our data does not carry


@dataclass(frozen=True, slots=True)
class Result:
    """One counted league match, as the table needs it."""

    date: str
    home_id: int
    away_id: int
    home_goals: int
    away_goals: int


@dataclass(slots=True)
class Standing:
    club_id: int
    club: str
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    goals_for: int = 0
    goals_against: int = 0
    points: int = 0
    position: int = 0

    @property
    def goal_difference(self) -> int:
        return self.goals_for - self.goals_against

    @property
    def goal_average(self) -> float:
        """Goals scored divided by goals conceded (none conceded ranks above any ratio)."""
        return self.goals_for / self.goals_against if self.goals_against else float("inf")


@dataclass(frozen=True, slots=True)
class LeagueTable:
    competition: str         # code
    season: int              # start year
    rules: LeagueRules
    rows: tuple[Standing, ...]
    counted: int             # matches counted
    to_play: int             # league matches of the season not counted (later or unplayed)
    last_date: str | None    # date of the latest counted match
    results: tuple[Result, ...] = field(default=(), repr=False)
    playoffs: int = 0        # the season's play-off matches played before `before`: not counted

    def of(self, club_id: int) -> Standing | None:
        return next((r for r in self.rows if r.club_id == club_id), None)


def standings(results: Iterable[Result], rules: LeagueRules, names: dict[int, str],
              clubs: Iterable[int] = ()) -> list[Standing]:
    """The ranked table; `clubs` are listed even before their first counted match."""
    rows: dict[int, Standing] = {c: Standing(c, names.get(c, "?")) for c in clubs}
    results = list(results)
    for r in results:
        _count(rows, r, rules.win_points, names)
    return rank(list(rows.values()), rules, results)


def _count(rows: dict[int, Standing], r: Result, win_points: int,
           names: dict[int, str]) -> None:
    """Add one result to both clubs' rows."""
    for club, gf, ga in ((r.home_id, r.home_goals, r.away_goals),
                         (r.away_id, r.away_goals, r.home_goals)):
        row = rows.get(club) or rows.setdefault(club, Standing(club, names.get(club, "?")))
        row.played += 1
        row.goals_for += gf
        row.goals_against += ga
        if gf > ga:
            row.won += 1
            row.points += win_points
        elif gf == ga:
            row.drawn += 1
            row.points += 1
        else:
            row.lost += 1


def rank(rows: list[Standing], rules: LeagueRules,
         results: Iterable[Result] = ()) -> list[Standing]:
    """Points, then the era's tie-break, then goals scored, then name (no play-offs).

    Head-to-head (Spain; Italy since 2005-06) orders clubs level on points by a table of the
    matches between them (points, then goal difference) once they have all met home and
    away, then by goal difference: before that, and without `results`, goal difference
    alone decides (as the leagues' own tables do in mid-season)."""
    def split(r: Standing) -> float:
        return r.goal_average if rules.tiebreak == "goal_average" else r.goal_difference

    ordered = sorted(rows, key=lambda r: (-r.points, -split(r), -r.goals_for, r.club))
    if rules.tiebreak == HEAD_TO_HEAD:
        counted = list(results)
        groups = level_groups(ordered, keep=True)
        for group in groups:
            mini = head_to_head(group, counted, rules.win_points) if len(group) > 1 else None
            if mini is not None:
                group.sort(key=lambda r, m=mini: (-m[r.club_id][0], -m[r.club_id][1],
                                                  -r.goal_difference, -r.goals_for, r.club))
        ordered = [r for group in groups for r in group]
    for n, row in enumerate(ordered, 1):
        row.position = n
    return ordered


def level_groups(ordered: list[Standing], keep: bool = False) -> list[list[Standing]]:
    """Runs of clubs on the same points, in order (`keep`: single clubs too)."""
    groups: list[list[Standing]] = []
    for r in ordered:
        if groups and groups[-1][0].points == r.points:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups if keep else [g for g in groups if len(g) > 1]


def head_to_head(group: Sequence[Standing], results: Iterable[Result], win_points: int
                 ) -> dict[int, tuple[int, int]] | None:
    """Each club's (points, goal difference) in the matches among `group`, or None until
    every pair has met home and away."""
    ids = {r.club_id for r in group}
    mini = {c: (0, 0) for c in ids}
    met: set[tuple[int, int]] = set()
    for m in results:
        if m.home_id in ids and m.away_id in ids:
            met.add((m.home_id, m.away_id))
            for club, gf, ga in ((m.home_id, m.home_goals, m.away_goals),
                                 (m.away_id, m.away_goals, m.home_goals)):
                pts, gd = mini[club]
                mini[club] = (pts + (win_points if gf > ga else 1 if gf == ga else 0),
                              gd + gf - ga)
    if len(met) < len(ids) * (len(ids) - 1):
        return None
    return mini


def positions_by_date(results: Sequence[Result], rules: LeagueRules, club_id: int,
                      clubs: Iterable[int]) -> list[tuple[str, int, int]]:
    """(date, position, points) of the club after each date it played: a season's curve.

    One running table, each date's results added to it and the table ranked again (as
    `standings()` of the results up to that date ranks it), not a table counted a date."""
    out: list[tuple[str, int, int]] = []
    names = {c: str(c) for c in clubs}
    rows = {c: Standing(c, name) for c, name in names.items()}
    counted = sorted(results, key=lambda r: r.date)
    played = sorted({r.date for r in counted if club_id in (r.home_id, r.away_id)})
    upto = 0
    for day in played:
        while upto < len(counted) and counted[upto].date <= day:
            _count(rows, counted[upto], rules.win_points, names)
            upto += 1
        rank(list(rows.values()), rules,
             counted[:upto] if rules.tiebreak == HEAD_TO_HEAD else ())
        row = rows[club_id]
        out.append((day, row.position, row.points))
    return out


SEASON_RESULTS = """
SELECT m.date, m.home_id, m.away_id, COALESCE(m.aet_home, m.ft_home),
       COALESCE(m.aet_away, m.ft_away), m.status
FROM matches m
WHERE m.season_id = ? AND m.stage = 'league'
ORDER BY m.date, m.id
"""
# A league season's other stages: its play-offs (stored as knockout matches)
SEASON_PLAYOFFS = ("SELECT COUNT(*) FROM matches WHERE season_id = ? AND stage <> 'league' "
                   "AND status = 'played' AND date < ?")


class LeagueTableQueries:
    db: aiosqlite.Connection

    async def league_rules(self, competition: str, season: int) -> LeagueRules:
        rows = await self.db.execute_fetchall(
            "SELECT r.win_points, r.tiebreak, r.note FROM league_rules r "
            "JOIN competitions c ON c.id = r.competition_id "
            "WHERE c.code = ? AND r.since_year <= ? ORDER BY r.since_year DESC LIMIT 1",
            (competition, season))
        if not rows:
            return LeagueRules(*DEFAULT_RULES, assumed=True)
        return LeagueRules(rows[0][0], rows[0][1], note=rows[0][2])

    async def league_table(self, competition: str, season: int,
                           before: str | None = None) -> LeagueTable | None:
        """The table of that competition season from the matches before `before` (all when
        None); None when the season has no league matches in our data.

        Derived once per (season, date) through the derived cache, as `seasons` is: tagged
        with every club of the league and keyed by that set (storage/league_seasons.py
        `_cached`). The rules it reads change only with a migration, before any answer."""
        found = await self._competition(competition)  # type: ignore[attr-defined]
        if found is None:
            return None
        return await self._cached(  # type: ignore[attr-defined]
            found[0], ("league_table", season, before),
            lambda: self._league_table(competition, season, before),
            lambda table: 1 + (len(table.results) if table is not None else 0))

    async def _league_table(self, competition: str, season: int,
                            before: str | None) -> LeagueTable | None:
        season_row = await self.db.execute_fetchall(
            "SELECT s.id FROM seasons s JOIN competitions c ON c.id = s.competition_id "
            "WHERE c.code = ? AND s.start_year = ?", (competition, season))
        if not season_row:
            return None
        rows = await self.db.execute_fetchall(SEASON_RESULTS, (season_row[0][0],))
        if not rows:
            return None
        clubs = {r[1] for r in rows} | {r[2] for r in rows}
        counted = tuple(Result(d, h, a, hg, ag) for d, h, a, hg, ag, status in rows
                        if status == "played" and hg is not None
                        and (before is None or d < before))
        names = await self._club_names(clubs)
        rules = await self.league_rules(competition, season)
        table = standings(counted, rules, names, clubs)
        playoffs = await self.db.execute_fetchall(SEASON_PLAYOFFS,
                                                  (season_row[0][0], before or "9999"))
        return LeagueTable(competition, season, rules, tuple(table), len(counted),
                           len(rows) - len(counted), counted[-1].date if counted else None,
                           counted, playoffs[0][0])

    async def latest_league_season(self, competition: str,
                                   before: str | None = None) -> int | None:
        """The latest season of the league with a match before `before` (any, when None).

        A season starting in a later year than `before` has no match before it, so only the
        seasons up to that year are looked at, latest first: otherwise every later season's
        matches are read to prove none was played that early."""
        if before is None:
            rows = await self.db.execute_fetchall(
                "SELECT MAX(s.start_year) FROM seasons s "
                "JOIN competitions c ON c.id = s.competition_id WHERE c.code = ? AND EXISTS "
                "(SELECT 1 FROM matches m WHERE m.season_id = s.id AND m.stage = 'league')",
                (competition,))
            return rows[0][0] if rows else None
        rows = await self.db.execute_fetchall(
            "SELECT s.start_year FROM seasons s "
            "JOIN competitions c ON c.id = s.competition_id WHERE c.code = ? "
            "AND s.start_year <= ? AND EXISTS (SELECT 1 FROM matches m WHERE m.season_id = s.id "
            "AND m.stage = 'league' AND m.date < ?) ORDER BY s.start_year DESC LIMIT 1",
            (competition, int(before[:4]), before))
        return rows[0][0] if rows else None

    async def club_league_season(self, club_id: int, competitions: Sequence[str],
                                 before: str | None = None) -> tuple[str, int] | None:
        """(competition, season) of the club's latest league match before `before` among
        `competitions`: the league it was in on that date."""
        marks = ", ".join("?" * len(competitions))
        params: list[object] = [club_id, *competitions]
        date_clause = ""
        if before is not None:
            date_clause = " AND m.date < ?"
            params.append(before)
        sql = ("SELECT m.date, c.code, s.start_year FROM matches m "
               "JOIN seasons s ON s.id = m.season_id "
               "JOIN competitions c ON c.id = s.competition_id "
               "WHERE {side} = ? AND m.stage = 'league' AND m.status = 'played' "
               f"AND c.code IN ({marks}){date_clause} ORDER BY m.date DESC LIMIT 1")
        best: tuple[str, str, int] | None = None
        for side in ("m.home_id", "m.away_id"):
            found = await self.db.execute_fetchall(sql.format(side=side), params)
            if found and (best is None or found[0][0] > best[0]):
                best = (found[0][0], found[0][1], found[0][2])
        return (best[1], best[2]) if best else None

    async def _club_names(self, ids: Iterable[int]) -> dict[int, str]:
        wanted = list(ids)
        rows = await self.db.execute_fetchall(
            f"SELECT id, name FROM clubs WHERE id IN ({', '.join('?' * len(wanted))})", wanted)
        return {r[0]: r[1] for r in rows}
