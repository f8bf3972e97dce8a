"""The Store: one SQLite database behind named, typed async methods."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from storage.admin_queries import AdminQueries
from storage.clubs import ClubQueries, name_count
from storage.competitions import CompetitionQueries
from storage.facts_queries import FactsQueries
from storage.installations import InstallationQueries
from storage.league_records import LeagueRecordQueries
from storage.league_seasons import LeagueSeasonQueries
from storage.league_table import LeagueTableQueries
from storage.matches import MatchQueries
from storage.migrations import MIGRATIONS
from storage.question_queries import QuestionQueries
from storage.schedule_queries import ScheduleQueries
from storage.server_settings import ServerSettingsQueries
from storage.ties import TieQueries
from storage.write_turns import BUSY_TIMEOUT_MS, WriteTurns

log = logging.getLogger(__name__)

QUERY_TIME_LIMIT = 5.0  # seconds a user-driven query may run before it is interrupted


class QueryTimeout(Exception):
    """A user-driven query ran past its time limit and was interrupted."""


class Store(ClubQueries, CompetitionQueries, MatchQueries, TieQueries, AdminQueries, FactsQueries,
            ScheduleQueries, ServerSettingsQueries, QuestionQueries, InstallationQueries,
            LeagueTableQueries, LeagueSeasonQueries, LeagueRecordQueries):
    """Holds one aiosqlite connection; every write goes through `transaction()`."""

    def __init__(self, db: aiosqlite.Connection, path: str) -> None:
        self.db = db
        self.path = path
        self._write_lock = asyncio.Lock()   # this process's writers queue here, in order
        self.turns = WriteTurns(path)          # ...and take turns with other processes
        # Bumped on every committed write of football data (clubs, players, matches, goals,
        # ties); the results cache and the name index key on it. Bookkeeping writes (the posts
        # ledger, channel health, subscriptions) leave it alone, so they keep both warm.
        self.data_version = 0
        self._seen_version: int | None = None   # SQLite's PRAGMA data_version, last looked at
        self._seen_logs: tuple[int, int] | None = None

    @classmethod
    async def open(cls, path: str | Path) -> Store:
        db = await aiosqlite.connect(str(path), isolation_level=None)
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        await db.execute("PRAGMA synchronous=NORMAL")
        store = cls(db, str(path))
        if await store.migrate() or not await store._has_statistics():
            await store.analyze()
        await store.notice_other_writers()   # where the others' writes count from
        return store

    async def close(self) -> None:
        await self.stop_rederiving()
        await self.name_snapshot_kept()
        await self.db.close()

    async def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names."""
        await self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in await self.db.execute_fetchall("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            async with self.transaction():
                for statement in _split_sql(sql):
                    await self.db.execute(statement)
                await self.db.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, _now())
                )
            applied.append(name)
        return applied

    async def analyze(self) -> None:
        """Refresh the query planner's statistics (after imports and migrations).

        Without them SQLite guesses, and takes a season-first plan for a club's timeline
        in one competition; a sampled ANALYZE costs little even on a large database.
        """
        async with self.transaction(football=False):
            await self.db.execute("PRAGMA analysis_limit=1000")
            await self.db.execute("ANALYZE")

    async def after_import(self) -> None:
        """After bulk writes: fresh planner statistics, and the change logs forgotten (they
        would only be replayed entry by entry; name indexes and caches start afresh instead)."""
        await self.analyze()
        async with self.transaction(football=False):
            await self.trim_name_changes()
            await self.trim_data_changes()
        columns = await self.name_columns()
        if name_count(columns) >= self.name_snapshot_from:   # the next start need not read them all
            await self.save_name_snapshot(columns)

    async def _has_statistics(self) -> bool:
        rows = await self.db.execute_fetchall(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        return bool(rows)

    async def applied_migrations(self) -> list[str]:
        rows = await self.db.execute_fetchall("SELECT name FROM migrations ORDER BY name")
        return [r[0] for r in rows]

    @asynccontextmanager
    async def transaction(self, football: bool = True) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction: all of it commits, or none of it does.

        `football=False` marks bookkeeping that changes no football data (posts ledger,
        channel state, subscriptions): it keeps `data_version`, so caches stay warm. So does
        a transaction that changed no row at all (a feed sync that found nothing new).
        Raises StoreBusy, with nothing written, when another process (an import) keeps the
        write lock past `turns.wait` seconds.
        """
        async with self._write_lock:
            await self.turns.begin(self.db)
            try:
                before = self.db.total_changes if football else 0
                yield self.db
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")
            if football and self.db.total_changes != before:
                self.data_version += 1
                self._seen_logs = await self._change_log_positions()   # ours, counted
                self.after_football_commit()

    async def notice_other_writers(self) -> None:
        """Count another process's commit of football data as one of ours.

        `data_version` is bumped by this connection's own commits only; an import or an
        admin command run from another process would otherwise reach neither the caches nor
        the name index until this process next wrote. SQLite's `PRAGMA data_version` moves on
        any other connection's commit, and the trigger-fed change logs say whether football
        data changed, so another process's bookkeeping (a shard's posts ledger) keeps the
        caches warm.
        """
        rows = await self.db.execute_fetchall("PRAGMA data_version")
        seen = rows[0][0]
        if seen == self._seen_version:
            return
        self._seen_version = seen
        logs = await self._change_log_positions()
        if logs != self._seen_logs and self._seen_logs is not None:
            self.data_version += 1
        self._seen_logs = logs

    async def _change_log_positions(self) -> tuple[int, int]:
        if not await self.db.execute_fetchall(
                "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"):
            return 0, 0   # a new database, before the first migration's AUTOINCREMENT
        rows = dict(await self.db.execute_fetchall(
            "SELECT name, seq FROM sqlite_sequence "
            "WHERE name IN ('data_changes', 'name_changes')"))
        return rows.get("data_changes", 0), rows.get("name_changes", 0)

    async def let_writers_in(self) -> None:
        """Between the files of a long import: a writer waiting (here or in another process)
        goes first, so an admin's result waits for one file, not for the whole import."""
        await self.turns.let_others_in()

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        """Run a read with the user-query time limit."""
        try:
            return list(
                await asyncio.wait_for(
                    self.db.execute_fetchall(sql, tuple(params)), QUERY_TIME_LIMIT
                )
            )
        except TimeoutError:
            await self.db.interrupt()
            raise QueryTimeout(f"query ran over {QUERY_TIME_LIMIT:.0f} s") from None

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def get_setting(self, key: str) -> str | None:
        row = await self.fetchone("SELECT value FROM settings WHERE key = ?", (key,))
        return row[0] if row else None

    async def set_setting(self, key: str, value: str) -> None:
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside our SQL literals).

    A trigger's body holds semicolons of its own: pieces are joined until SQLite calls the
    statement complete.
    """
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    out, pending = [], ""
    for piece in "\n".join(lines).split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending.strip().rstrip(";"))
            pending = ""
    if pending.strip(" \n;"):
        out.append(pending.strip().rstrip(";"))
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
