"""Competitions, seasons, matches and goals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import aiosqlite

from storage.rows import Competition, Goal, Match, SeasonRules
from storage.rules import uefa_rules
from storage.where import Where

MATCH_COLUMNS = """
    m.id, c.code, s.start_year, m.stage, m.round, m.leg, m.date, m.kickoff_utc,
    m.home_id, m.away_id, h.name, a.name, m.neutral, m.venue, m.status,
    m.ht_home, m.ht_away, m.ft_home, m.ft_away, m.aet_home, m.aet_away,
    m.pen_home, m.pen_away, m.note
"""
MATCH_FROM = """
    FROM matches m
    JOIN seasons s ON s.id = m.season_id
    JOIN competitions c ON c.id = s.competition_id
    JOIN clubs h ON h.id = m.home_id
    JOIN clubs a ON a.id = m.away_id
"""


@dataclass(frozen=True, slots=True)
class NewMatch:
    """A match as an importer or admin hands it to the store."""

    season_id: int
    stage: str
    round: str
    leg: str
    date: str
    home_id: int
    away_id: int
    source: str
    kickoff_utc: str | None = None
    neutral: bool = False
    venue: str | None = None
    status: str = "played"
    ht: tuple[int, int] | None = None
    ft: tuple[int, int] | None = None
    aet: tuple[int, int] | None = None
    pen: tuple[int, int] | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class NewGoal:
    team_id: int
    player_id: int | None
    minute: int | None
    stoppage: int | None = None
    penalty: bool = False
    own_goal: bool = False
    assist_player_id: int | None = None


def _pair(p: tuple[int, int] | None) -> tuple[int | None, int | None]:
    return (p[0], p[1]) if p else (None, None)


def to_match(row: Sequence) -> Match:
    values = list(row)
    values[12] = bool(values[12])
    return Match(*values)


class MatchQueries:
    db: aiosqlite.Connection

    # --- competitions and seasons -------------------------------------------------
    async def competitions(self) -> list[Competition]:
        rows = await self.db.execute_fetchall(
            "SELECT id, code, name, modern_since FROM competitions ORDER BY id"
        )
        return [Competition(*r) for r in rows]

    async def ensure_competition(self, code: str, name: str, modern_since: int | None) -> int:
        """The competition's id, created if new. Inside a transaction."""
        rows = await self.db.execute_fetchall(
            "SELECT id FROM competitions WHERE code = ?", (code,)
        )
        if rows:
            return rows[0][0]
        cur = await self.db.execute(
            "INSERT INTO competitions (code, name, modern_since) VALUES (?, ?, ?)",
            (code, name, modern_since),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def ensure_season(self, competition_id: int, start_year: int) -> int:
        """The season's id, created with UEFA's rules of that year if new. Inside a transaction."""
        rows = await self.db.execute_fetchall(
            "SELECT id FROM seasons WHERE competition_id = ? AND start_year = ?",
            (competition_id, start_year),
        )
        if rows:
            return rows[0][0]
        r = uefa_rules(start_year)
        cur = await self.db.execute(
            "INSERT INTO seasons (competition_id, start_year, away_goals, "
            "away_goals_in_extra_time, extra_time, decider) VALUES (?, ?, ?, ?, ?, ?)",
            (competition_id, start_year, r.away_goals, r.away_goals_in_extra_time,
             r.extra_time, r.decider),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def season_rules(self, competition: str, start_year: int) -> SeasonRules | None:
        rows = await self.db.execute_fetchall(
            "SELECT s.id, s.competition_id, s.start_year, s.away_goals, "
            "s.away_goals_in_extra_time, s.extra_time, s.decider FROM seasons s "
            "JOIN competitions c ON c.id = s.competition_id WHERE c.code = ? AND s.start_year = ?",
            (competition, start_year),
        )
        if not rows:
            return None
        r = rows[0]
        return SeasonRules(r[0], r[1], r[2], bool(r[3]), bool(r[4]), bool(r[5]), r[6])

    # --- matches ------------------------------------------------------------------
    async def match(self, match_id: int) -> Match | None:
        rows = await self.db.execute_fetchall(
            f"SELECT {MATCH_COLUMNS} {MATCH_FROM} WHERE m.id = ?", (match_id,)
        )
        return to_match(rows[0]) if rows else None

    async def find_match(self, season_id: int, home_id: int, away_id: int, date: str) -> int | None:
        rows = await self.db.execute_fetchall(
            "SELECT id FROM matches WHERE season_id = ? AND home_id = ? AND away_id = ? "
            "AND date = ?",
            (season_id, home_id, away_id, date),
        )
        return rows[0][0] if rows else None

    async def upsert_match(self, m: NewMatch, match_id: int | None = None) -> tuple[int, str]:
        """Insert or update by natural key; returns (id, 'added'|'updated'|'same').

        Fields the new record leaves empty (venue, kick-off, half-time) keep their stored value,
        so a poorer source never erases what a richer one gave. Inside a transaction.
        """
        if match_id is None:
            match_id = await self.find_match(m.season_id, m.home_id, m.away_id, m.date)
        values = {
            "season_id": m.season_id, "stage": m.stage, "round": m.round, "leg": m.leg,
            "date": m.date, "kickoff_utc": m.kickoff_utc, "home_id": m.home_id,
            "away_id": m.away_id, "neutral": int(m.neutral), "venue": m.venue,
            "status": m.status, "note": m.note, "source": m.source,
        }
        for name, pair in (("ht", m.ht), ("ft", m.ft), ("aet", m.aet), ("pen", m.pen)):
            values[f"{name}_home"], values[f"{name}_away"] = _pair(pair)
        if match_id is None:
            cols = ", ".join(values)
            cur = await self.db.execute(
                f"INSERT INTO matches ({cols}) VALUES ({', '.join('?' * len(values))})",
                tuple(values.values()),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid, "added"
        rows = await self.db.execute_fetchall(
            f"SELECT {', '.join(values)} FROM matches WHERE id = ?", (match_id,)
        )
        stored = dict(zip(values, rows[0], strict=True))
        keep_if_empty = {"kickoff_utc", "venue", "ht_home", "ht_away", "note", "source"}
        changed = {
            k: v for k, v in values.items()
            if stored[k] != v and not (v is None and k in keep_if_empty) and k != "source"
        }
        if not changed:
            return match_id, "same"
        sets = ", ".join(f"{k} = ?" for k in changed)
        await self.db.execute(
            f"UPDATE matches SET {sets} WHERE id = ?", (*changed.values(), match_id)
        )
        return match_id, "updated"

    async def matches(
        self,
        *,
        club_ids: Iterable[int] = (),
        opponent_ids: Iterable[int] = (),
        competitions: Iterable[str] = (),
        stages: Iterable[str] = (),
        since_year: int | None = None,
        before: str | None = None,
        status: str | None = "played",
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[Match]:
        """Matches filtered by club, opponent, competition, stage, season and date.

        `club_ids` matches either side; with `opponent_ids` the other side must be one of them.
        `before` is an as-of date: only matches strictly before it count.
        """
        where = Where()
        where.sides("m.home_id", "m.away_id", club_ids, opponent_ids)
        where.scope(competitions, "m.stage", stages, since_year, "m.date", before)
        if status is not None:
            # with clubs, their side indexes lead: the planner, given the choice, walks every
            # played match by the status index (forty times slower on a long history)
            where.add("+m.status = ?" if club_ids else "m.status = ?", status)
        sql = f"SELECT {MATCH_COLUMNS} {MATCH_FROM}{where.sql}"
        params = where.params
        order = "DESC" if newest_first else "ASC"
        sql += f" ORDER BY m.date {order}, m.kickoff_utc {order}, m.id {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = await self.db.execute_fetchall(sql, params)
        return [to_match(r) for r in rows]

    # --- goals --------------------------------------------------------------------
    async def goals(self, match_ids: Iterable[int]) -> list[Goal]:
        ids = list(match_ids)
        if not ids:
            return []
        rows = await self.db.execute_fetchall(
            "SELECT g.id, g.match_id, g.team_id, g.player_id, p.name, g.minute, g.stoppage, "
            "g.penalty, g.own_goal, g.assist_player_id, ap.name FROM goals g "
            "LEFT JOIN players p ON p.id = g.player_id "
            "LEFT JOIN players ap ON ap.id = g.assist_player_id "
            f"WHERE g.match_id IN ({_marks(ids)}) "
            "ORDER BY g.match_id, g.minute IS NULL, g.minute, g.stoppage, g.id",
            ids,
        )
        return [Goal(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), r[9],
                     r[10]) for r in rows]

    async def replace_goals(self, match_id: int, goals: Sequence[NewGoal]) -> bool:
        """Store exactly these goals for the match; False when they were already stored."""
        rows = await self.db.execute_fetchall(
            "SELECT team_id, player_id, minute, stoppage, penalty, own_goal, assist_player_id "
            "FROM goals WHERE match_id = ? ORDER BY id",
            (match_id,),
        )
        stored = [tuple(r) for r in rows]
        new = [(g.team_id, g.player_id, g.minute, g.stoppage, int(g.penalty), int(g.own_goal),
                g.assist_player_id) for g in goals]
        if stored == new:
            return False
        await self.db.execute("DELETE FROM goals WHERE match_id = ?", (match_id,))
        await self.db.executemany(
            "INSERT INTO goals (match_id, team_id, player_id, minute, stoppage, penalty, "
            "own_goal, assist_player_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(match_id, *g) for g in new],
        )
        return True

    async def replace_appearances(
        self, match_id: int, rows: Sequence[tuple[int, int, bool, int | None, int | None, int]]
    ) -> bool:
        """Store exactly these (player, team, started, on, off, minutes) rows for the match;
        False when they were already stored. Inside a transaction."""
        stored = [tuple(r) for r in await self.db.execute_fetchall(
            "SELECT player_id, team_id, started, minute_on, minute_off, minutes "
            "FROM appearances WHERE match_id = ? ORDER BY player_id", (match_id,))]
        new = sorted((p, t, int(s), on, off, mins) for p, t, s, on, off, mins in rows)
        if stored == new:
            return False
        await self.db.execute("DELETE FROM appearances WHERE match_id = ?", (match_id,))
        await self.db.executemany(
            "INSERT INTO appearances (match_id, player_id, team_id, started, minute_on, "
            "minute_off, minutes) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(match_id, *r) for r in new])
        return True


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))
