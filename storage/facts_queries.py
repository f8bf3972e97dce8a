"""Reads behind the facts families: club timelines, player goals, appearances, finals.

Two caches: the results cache (`memo`), emptied by any committed write of football data, and
the derived cache (`derived`, storage/derived.py) for what a club's own matches and ties give
(timelines, meetings, finals), which a write empties only for the clubs it touched.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import aiosqlite

from storage.derived import DerivedQueries
from storage.matches import MATCH_COLUMNS, MATCH_FROM, _marks, to_match
from storage.rows import Match
from storage.where import Where

CACHE_LIMIT = 256   # entries (timelines are a few hundred rows each); then start afresh


class FactsQueries(DerivedQueries):
    """Mixed into Store after MatchQueries (whose `matches` it wraps)."""

    db: aiosqlite.Connection
    data_version: int

    def _cache(self) -> dict[Any, Any]:
        cache: dict[Any, Any] | None = getattr(self, "_facts_cache", None)
        if cache is None or getattr(self, "_facts_version", None) != self.data_version \
                or len(cache) > CACHE_LIMIT:
            cache = {}
            self._facts_cache = cache
            self._facts_version = self.data_version
        return cache

    def forget_results(self) -> None:
        """Empty the results cache (benchmarks measure answers cold with it)."""
        self._facts_cache = {}
        self._facts_version = self.data_version

    async def memo(self, key: tuple[Any, ...], make: Callable[[], Awaitable[Any]]) -> Any:
        """A derived read, cached until the next committed write."""
        cache = self._cache()
        if key not in cache:
            cache[key] = await make()
        return cache[key]

    async def timeline(
        self, club_id: int, competitions: tuple[str, ...] = (), stages: tuple[str, ...] = (),
        since_year: int | None = None, before: str | None = None,
    ) -> list[Match]:
        """A club's played matches in a scope, oldest first (kept until its matches change).
        As of a date, when the whole timeline is at hand, it is its first part: one read
        serves every as-of date (each preview is as of its own kick-off); otherwise only the
        matches before the date are read (an as-of date long ago reads little)."""
        key = ("timeline", club_id, competitions, stages, since_year, before)
        whole = ("timeline", club_id, competitions, stages, since_year, None)
        if before is not None and (await self.derived_peek(whole))[0]:
            return await self.derived([("club", club_id)], key, lambda: self._before(
                self.timeline(club_id, competitions, stages, since_year), before),
                weight_of=_pointers)
        return await self.derived([("club", club_id)], key, lambda: self.matches(  # type: ignore[attr-defined]
            club_ids=[club_id], competitions=competitions, stages=stages,
            since_year=since_year, before=before))

    @staticmethod
    async def _before(whole: Awaitable[list[Match]], before: str) -> list[Match]:
        """The matches of a date-ordered list strictly before a date."""
        matches = await whole
        return matches[:bisect_left(matches, before, key=lambda m: m.date)]

    async def meetings(
        self, a: int, b: int, competitions: tuple[str, ...] = (), stages: tuple[str, ...] = (),
        since_year: int | None = None, before: str | None = None, status: str = "played",
    ) -> list[Match]:
        """Every match of two clubs in a scope, oldest first (kept until either's change)."""
        key = ("meetings", a, b, competitions, stages, since_year, before, status)
        whole = ("meetings", a, b, competitions, stages, since_year, None, status)
        if before is not None and (await self.derived_peek(whole))[0]:
            return await self.derived([("club", a), ("club", b)], key, lambda: self._before(
                self.meetings(a, b, competitions, stages, since_year, None, status), before),
                weight_of=_pointers)
        return await self.derived([("club", a), ("club", b)], key, lambda: self.matches(  # type: ignore[attr-defined]
            club_ids=[a], opponent_ids=[b], competitions=competitions, stages=stages,
            since_year=since_year, before=before, status=status))

    async def last_matches(
        self, club_id: int, n: int, competitions: tuple[str, ...] = (),
        stages: tuple[str, ...] = (), since_year: int | None = None, before: str | None = None,
    ) -> list[Match]:
        """A club's last n played matches in a scope, oldest first (kept until they change).

        One newest-first index walk per side (home, away), each stopping after n rows,
        instead of reading the whole timeline to keep its tail.
        """
        key = ("last_matches", club_id, n, competitions, stages, since_year, before)
        return await self.derived([("club", club_id)], key, lambda: self._last_matches(
            club_id, n, competitions, stages, since_year, before))

    async def _last_matches(
        self, club_id: int, n: int, competitions: tuple[str, ...],
        stages: tuple[str, ...], since_year: int | None, before: str | None,
    ) -> list[Match]:
        order = "m.date DESC, m.kickoff_utc DESC, m.id DESC"
        parts, params = [], []
        for side in ("m.home_id", "m.away_id"):
            where = Where()
            where.add(f"{side} = ?", club_id)
            where.scope(competitions, "m.stage", stages, since_year, "m.date", before)
            where.add("m.status = 'played'")
            parts.append(f"SELECT * FROM (SELECT {MATCH_COLUMNS} {MATCH_FROM}{where.sql} "
                         f"ORDER BY {order} LIMIT ?)")
            params += [*where.params, n]
        rows = await self.db.execute_fetchall(
            " UNION ALL ".join(parts) + " ORDER BY 7 DESC, 8 DESC, 1 DESC LIMIT ?", [*params, n])
        return [to_match(r) for r in reversed(rows)]

    async def matches_by_ids(self, ids: Iterable[int]) -> list[Match]:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        rows = await self.db.execute_fetchall(
            f"SELECT {MATCH_COLUMNS} {MATCH_FROM} WHERE m.id IN ({_marks(wanted)}) "
            "ORDER BY m.date, m.kickoff_utc, m.id", wanted)
        return [to_match(r) for r in rows]

    async def club_goal_rows(self, match_ids: Iterable[int]) -> list[tuple[int, int, int | None,
                                                                         int | None, bool]]:
        """(match id, credited team, scorer, assist, own goal) for these matches."""
        ids = list(match_ids)
        if not ids:
            return []
        key = ("goal_rows", tuple(ids))
        cache = self._cache()
        if key not in cache:
            out: list[tuple[int, int, int | None, int | None, bool]] = []
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                rows = await self.db.execute_fetchall(
                    "SELECT match_id, team_id, player_id, assist_player_id, own_goal FROM goals "
                    f"WHERE match_id IN ({_marks(chunk)}) ORDER BY match_id, id", chunk)
                out += [(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]
            cache[key] = out
        return cache[key]

    async def player_goal_matches(self, player_id: int, before: str | None = None,
                                  assists: bool = False) -> list[tuple[int, int]]:
        """(match id, team credited) for each goal (or assist) of the player, oldest first."""
        column = "g.assist_player_id" if assists else "g.player_id"
        sql = (f"SELECT g.match_id, g.team_id FROM goals g JOIN matches m ON m.id = g.match_id "
               f"WHERE {column} = ? AND g.own_goal = 0")
        params: list[object] = [player_id]
        if before is not None:
            sql += " AND m.date < ?"
            params.append(before)
        rows = await self.db.execute_fetchall(sql + " ORDER BY m.date, m.id, g.id", params)
        return [(r[0], r[1]) for r in rows]

    async def player_appearances(self, player_id: int,
                                 before: str | None = None) -> list[tuple[int, int]]:
        """(match id, team) of each appearance of the player, oldest first."""
        sql = ("SELECT a.match_id, a.team_id FROM appearances a JOIN matches m "
               "ON m.id = a.match_id WHERE a.player_id = ?")
        params: list[object] = [player_id]
        if before is not None:
            sql += " AND m.date < ?"
            params.append(before)
        rows = await self.db.execute_fetchall(sql + " ORDER BY m.date, m.id", params)
        return [(r[0], r[1]) for r in rows]

    async def insert_appearance(self, match_id: int, player_id: int, team_id: int,
                                started: bool = True, minutes: int | None = None) -> None:
        """Record one appearance (replacing an earlier record). Inside a transaction."""
        await self.db.execute(
            "INSERT OR REPLACE INTO appearances (match_id, player_id, team_id, started, minutes) "
            "VALUES (?, ?, ?, ?, ?)", (match_id, player_id, team_id, int(started), minutes))

    async def finals(self, competitions: tuple[str, ...] = (),
                     before: str | None = None) -> list[Match]:
        """Every played final (and final replay), oldest first."""
        return await self.derived([("finals", 0)], ("finals", competitions, before),
                                  lambda: self._finals(competitions, before))

    async def _finals(self, competitions: tuple[str, ...], before: str | None) -> list[Match]:
        # +m.status: the round's index walks the finals alone; the status index (which sampled
        # statistics rate as selective) walks every played match of the competition
        where, params = ["m.round = 'F'", "+m.status = 'played'"], []
        if competitions:
            where.append(f"c.code IN ({_marks(competitions)})")
            params += list(competitions)
        if before is not None:
            where.append("m.date < ?")
            params.append(before)
        rows = await self.db.execute_fetchall(
            f"SELECT {MATCH_COLUMNS} {MATCH_FROM} WHERE {' AND '.join(where)} "
            "ORDER BY m.date, m.id", params)
        return [to_match(r) for r in rows]

    async def club_countries(self, club_ids: Iterable[int]) -> dict[int, str]:
        """The country of each of these clubs."""
        ids = sorted(set(club_ids))
        out: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = await self.db.execute_fetchall(
                f"SELECT id, country FROM clubs WHERE id IN ({_marks(chunk)})", chunk)
            out.update({r[0]: r[1] for r in rows})
        return out

    async def scheduled(self, club_id: int | None, from_date: str, limit: int = 10,
                        competitions: tuple[str, ...] = ()) -> list[Match]:
        """Scheduled matches on or after a date (a club's, or all; in these competitions, or
        any), soonest first."""
        where, params = ["m.status = 'scheduled'", "m.date >= ?"], [from_date]
        if club_id is not None:
            where.append("(m.home_id = ? OR m.away_id = ?)")
            params += [club_id, club_id]
        if competitions:
            where.append(f"c.code IN ({', '.join('?' * len(competitions))})")
            params += list(competitions)
        rows = await self.db.execute_fetchall(
            f"SELECT {MATCH_COLUMNS} {MATCH_FROM} WHERE {' AND '.join(where)} "
            "ORDER BY m.date, m.kickoff_utc, m.id LIMIT ?", [*params, limit])
        return [to_match(r) for r in rows]

    async def next_meeting(self, a: int, b: int, from_date: str) -> Match | None:
        """The first meeting of two clubs on or after a date, played or scheduled."""
        # the first of each direction in index order, then the earlier: an OR over both
        # directions reads, and sorts, every later meeting of the pair
        rows = await self.db.execute_fetchall(
            f"SELECT {MATCH_COLUMNS} {MATCH_FROM} WHERE m.id = (SELECT id FROM ("
            f"SELECT * FROM ({NEXT_ONE}) UNION ALL SELECT * FROM ({NEXT_ONE})) "
            "ORDER BY date, id LIMIT 1)", (a, b, from_date, b, a, from_date))
        return to_match(rows[0]) if rows else None

    async def club_appearances(self, club_id: int,
                               match_ids: Iterable[int]) -> list[tuple[int, int]]:
        """(match id, player id) of the club's players' appearances in these matches."""
        ids = list(match_ids)
        out: list[tuple[int, int]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = await self.db.execute_fetchall(
                "SELECT match_id, player_id FROM appearances WHERE team_id = ? AND match_id IN "
                f"({_marks(chunk)})", [club_id, *chunk])
            out += [(r[0], r[1]) for r in rows]
        return out



NEXT_ONE = ("SELECT id, date FROM matches WHERE home_id = ? AND away_id = ? AND date >= ? "
            "AND status IN ('played', 'scheduled') ORDER BY date, id LIMIT 1")


def _pointers(matches: list[Match]) -> int:
    """The weight of a list of matches another entry holds: its pointers only."""
    return 1 + len(matches) // 8
