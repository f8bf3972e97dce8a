"""Reads behind the everyday questions: top scorers, scorer coverage, biggest matches.

Every read takes the same scope as the facts (competitions, stages, first season, as-of)
plus one season or one club, and walks an index: goals by team (goals_team) or by the
scope's seasons (matches_natural), matches by club (matches_home / matches_away).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from storage.matches import MATCH_COLUMNS, MATCH_FROM, to_match
from storage.rows import Match
from storage.where import Where

TOTAL = "(coalesce(m.aet_home, m.ft_home) + coalesce(m.aet_away, m.ft_away))"
MARGIN = "abs(coalesce(m.aet_home, m.ft_home) - coalesce(m.aet_away, m.ft_away))"


@dataclass(frozen=True, slots=True)
class ScorerRow:
    player_id: int
    player: str
    club_id: int
    club: str
    goals: int
    penalties: int


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One competition, season and stage of a scope: matches with goals, and those with
    scorers stored."""

    competition: str    # code
    season: int
    stage: str
    with_goals: int
    with_scorers: int


@dataclass(frozen=True, slots=True)
class Filter:
    """The scope of a question: what every read below counts."""

    competitions: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    since_year: int | None = None
    season: int | None = None
    before: str | None = None

    def where(self) -> Where:
        w = Where()
        w.scope(self.competitions, "m.stage", self.stages, self.since_year, "m.date",
                self.before)
        if self.season is not None:
            w.add("s.start_year = ?", self.season)
        w.add("m.status = 'played'")
        return w


class QuestionQueries:
    """Mixed into Store."""

    db: aiosqlite.Connection

    async def top_scorers(self, f: Filter, club_id: int | None = None) -> list[ScorerRow]:
        """Goals per player and club in scope (own goals excluded), most first."""
        w = f.where()
        w.add("g.own_goal = 0")
        w.add("g.player_id IS NOT NULL")
        if club_id is not None:
            w.add("g.team_id = ?", club_id)
        rows = await self.db.execute_fetchall(
            "SELECT g.player_id, p.name, g.team_id, t.name, count(*), sum(g.penalty) "
            "FROM goals g JOIN matches m ON m.id = g.match_id "
            "JOIN seasons s ON s.id = m.season_id JOIN competitions c ON c.id = s.competition_id "
            "JOIN players p ON p.id = g.player_id JOIN clubs t ON t.id = g.team_id"
            f"{w.sql} GROUP BY g.player_id, g.team_id ORDER BY 5 DESC, p.name", w.params)
        return [ScorerRow(*r) for r in rows]

    async def goal_coverage(self, f: Filter, club_id: int | None = None) -> list[CoverageRow]:
        """Per competition, season and stage: matches in scope with goals, and how many have
        scorers."""
        w = f.where()
        if club_id is not None:
            w.sides("m.home_id", "m.away_id", [club_id], [])
        rows = await self.db.execute_fetchall(
            "SELECT c.code, s.start_year, m.stage, "
            f"sum({TOTAL} > 0), "
            "sum(EXISTS (SELECT 1 FROM goals g WHERE g.match_id = m.id)) "
            "FROM matches m JOIN seasons s ON s.id = m.season_id "
            f"JOIN competitions c ON c.id = s.competition_id{w.sql} "
            "GROUP BY c.code, s.start_year, m.stage ORDER BY c.code, s.start_year, m.stage",
            w.params)
        return [CoverageRow(r[0], r[1], r[2], r[3] or 0, r[4] or 0) for r in rows]

    async def biggest_matches(self, f: Filter, order: str, club_ids: Iterable[int] = (),
                              opponent_ids: Iterable[int] = (), limit: int = 5) -> list[Match]:
        """Matches in scope by winning margin ('margin') or by goals ('total'), biggest first;
        ties broken by the other measure, then the earliest."""
        w = f.where()
        w.sides("m.home_id", "m.away_id", club_ids, opponent_ids)
        w.add("coalesce(m.aet_home, m.ft_home) IS NOT NULL")
        first, second = (MARGIN, TOTAL) if order == "margin" else (TOTAL, MARGIN)
        rows = await self.db.execute_fetchall(
            f"SELECT {MATCH_COLUMNS} {MATCH_FROM}{w.sql} "
            f"ORDER BY {first} DESC, {second} DESC, m.date LIMIT ?", [*w.params, limit])
        return [to_match(r) for r in rows]

    async def player_goal_rows(self, player_id: int,
                               before: str | None = None) -> list[tuple[int, int, bool]]:
        """(match id, team credited, penalty) for each goal of the player, oldest first."""
        sql = ("SELECT g.match_id, g.team_id, g.penalty FROM goals g JOIN matches m "
               "ON m.id = g.match_id WHERE g.player_id = ? AND g.own_goal = 0")
        params: list[object] = [player_id]
        if before is not None:
            sql += " AND m.date < ?"
            params.append(before)
        rows = await self.db.execute_fetchall(sql + " ORDER BY m.date, m.id, g.id", params)
        return [(r[0], r[1], bool(r[2])) for r in rows]

    async def venue_home_clubs(self) -> list[tuple[str, int]]:
        """(venue, home club) of every non-neutral match with a venue: the grounds the
        matches name, for sources that give a venue but no club ground."""
        rows = await self.db.execute_fetchall(
            "SELECT DISTINCT venue, home_id FROM matches WHERE venue IS NOT NULL AND neutral = 0")
        return [(r[0], r[1]) for r in rows]
