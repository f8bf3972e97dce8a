"""Clubs, players and their aliases."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

import aiosqlite

from storage import name_snapshot
from storage.names import NameColumns, fold, read_names
from storage.rows import Club, Player

NAME_LOG_LIMIT = 5000   # more changes than this since an index's last look: rebuild it whole
SNAPSHOT_FROM = 20_000  # names: fewer are read whole in a few ms, with no snapshot kept
SNAPSHOT_REPLAY = 500   # clubs and players replayed at start; more, and a new snapshot is kept

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NameChanges:
    seq: int
    clubs: set[int]
    players: set[int]


def name_count(columns: NameColumns) -> int:
    return (len(columns.club_ids) + len(columns.alias_keys) + len(columns.player_ids)
            + len(columns.palias_keys))


class ClubQueries:
    db: aiosqlite.Connection
    name_snapshot_from = SNAPSHOT_FROM   # names: from this many a full read is kept

    async def name_columns(self, club_ids: Iterable[int] | None = None,
                           player_ids: Iterable[int] | None = None) -> NameColumns:
        """Everything the name index needs (all of it, or these clubs' and players').

        Keys come folded from the store (folded once, on insert), weights from the counts the
        database keeps (migration 0005), so a full read costs no folding and no counting.
        """
        whole = club_ids is None and player_ids is None
        seq = await self.name_change_seq()   # before the rows: a later change is replayed
        return await read_names(self.db, seq, None if whole else sorted(club_ids or ()),
                                None if whole else sorted(player_ids or ()))

    async def whole_name_columns(self) -> NameColumns:
        """Every name, as a full read gives it now: the snapshot (storage/name_snapshot.py)
        with the clubs and players logged since it read again, when there is one to use;
        else a full read, kept (in the background) as the snapshot when it holds at least
        `name_snapshot_from` names."""
        kept = await self._name_snapshot()
        changes = await self.name_changes(kept.seq) if kept is not None else None
        if kept is None or changes is None:
            columns = await self.name_columns()
            if name_count(columns) >= self.name_snapshot_from:
                self._keep_name_snapshot(columns)
            return columns
        if not changes.clubs and not changes.players:
            return replace(kept, seq=changes.seq)
        fresh = await self.name_columns(changes.clubs, changes.players)
        columns = name_snapshot.patched(kept, fresh, changes.clubs, changes.players,
                                        changes.seq)
        if len(changes.clubs) + len(changes.players) > SNAPSHOT_REPLAY:
            self._keep_name_snapshot(columns)
        return columns

    async def _name_snapshot(self) -> NameColumns | None:
        rows = await self.db.execute_fetchall(
            "SELECT crc, columns FROM name_snapshot WHERE format = ?", (name_snapshot.FORMAT,))
        return name_snapshot.decode(rows[0][1], rows[0][0]) if rows else None

    async def save_name_snapshot(self, columns: NameColumns) -> None:
        """Keep these columns as the snapshot: bookkeeping, no football data changes."""
        blob = name_snapshot.encode(columns)
        async with self.transaction(football=False):  # type: ignore[attr-defined]
            await self.db.execute(
                "INSERT OR REPLACE INTO name_snapshot (id, format, seq, crc, columns) "
                "VALUES (1, ?, ?, ?, ?)",
                (name_snapshot.FORMAT, columns.seq, name_snapshot.crc(blob), blob))

    def _keep_name_snapshot(self, columns: NameColumns) -> None:
        task: asyncio.Task[None] | None = getattr(self, "_snapshot_task", None)
        if task is not None and not task.done():
            return               # one being kept already: as recent, near enough

        async def keep() -> None:
            try:
                await self.save_name_snapshot(columns)
            except Exception:   # another writer kept the lock: the next start reads whole
                log.debug("name snapshot not kept", exc_info=True)
        self._snapshot_task = asyncio.get_running_loop().create_task(keep())

    async def name_snapshot_kept(self) -> None:
        """Wait for a snapshot being kept in the background (before closing; tests)."""
        task: asyncio.Task[None] | None = getattr(self, "_snapshot_task", None)
        if task is not None:
            await task

    async def name_change_seq(self) -> int:
        rows = await self.db.execute_fetchall(
            "SELECT seq FROM sqlite_sequence WHERE name = 'name_changes'")
        return rows[0][0] if rows else 0

    async def name_changes(self, since: int) -> NameChanges | None:
        """The clubs and players a write touched since log position `since`; None when the
        log no longer reaches back that far (trimmed) or holds too many to apply one by one."""
        seq = await self.name_change_seq()
        if seq - since > NAME_LOG_LIMIT:
            return None
        rows = await self.db.execute_fetchall(
            "SELECT kind, ref FROM name_changes WHERE seq > ?", (since,))
        if len(rows) != seq - since:
            return None
        return NameChanges(seq, {r[1] for r in rows if r[0] == "club"},
                           {r[1] for r in rows if r[0] == "player"})

    async def trim_name_changes(self) -> None:
        """Forget the change log after bulk writes (indexes then rebuild whole)."""
        await self.db.execute("DELETE FROM name_changes")

    async def club(self, club_id: int) -> Club | None:
        rows = await self.db.execute_fetchall(
            "SELECT id, name, country, ground FROM clubs WHERE id = ?", (club_id,)
        )
        return Club(*rows[0]) if rows else None

    async def home_venues(self, club_id: int) -> list[tuple[str, str, str]]:
        """(venue, first date, last date) of each venue the club's home matches name
        (neutral ones left out); derived once, until a write touches the club's matches."""
        return await self.derived(  # type: ignore[attr-defined]
            [("club", club_id)], ("home_venues", club_id), lambda: self._home_venues(club_id))

    async def _home_venues(self, club_id: int) -> list[tuple[str, str, str]]:
        rows = await self.db.execute_fetchall(
            "SELECT venue, MIN(date), MAX(date) FROM matches WHERE home_id = ? AND neutral = 0 "
            "AND venue IS NOT NULL GROUP BY venue", (club_id,))
        return [(r[0], r[1], r[2]) for r in rows]

    async def clubs(self) -> list[Club]:
        rows = await self.db.execute_fetchall("SELECT id, name, country, ground FROM clubs")
        return [Club(*r) for r in rows]

    async def club_aliases(self) -> list[tuple[str, int]]:
        """(alias as written, club id) for every alias; feeds the name index."""
        rows = await self.db.execute_fetchall("SELECT alias, club_id FROM club_aliases")
        return [(r[0], r[1]) for r in rows]

    async def find_club(self, name: str, country: str) -> int | None:
        rows = await self.db.execute_fetchall(
            "SELECT club_id FROM club_aliases WHERE key = ? AND country = ?",
            (fold(name), country.upper()),
        )
        return rows[0][0] if rows else None

    async def insert_club(self, name: str, country: str, ground: str | None = None) -> int:
        """Create a club and its own name as an alias. Call inside a transaction."""
        cur = await self.db.execute(
            "INSERT INTO clubs (name, country, ground) VALUES (?, ?, ?)",
            (name, country.upper(), ground),
        )
        club_id = cur.lastrowid
        assert club_id is not None
        await self.insert_club_alias(club_id, name, country)
        return club_id

    async def insert_club_alias(self, club_id: int, alias: str, country: str) -> None:
        """Record another spelling; an existing alias keeps its club. Inside a transaction."""
        await self.db.execute(
            "INSERT OR IGNORE INTO club_aliases (key, country, club_id, alias) VALUES (?, ?, ?, ?)",
            (fold(alias), country.upper(), club_id, alias),
        )

    async def set_club_ground(self, club_id: int, ground: str) -> None:
        await self.db.execute(
            "UPDATE clubs SET ground = ? WHERE id = ? AND ground IS NULL", (ground, club_id)
        )

    async def player(self, player_id: int) -> Player | None:
        rows = await self.db.execute_fetchall(
            "SELECT id, name FROM players WHERE id = ?", (player_id,)
        )
        return Player(*rows[0]) if rows else None

    async def players(self) -> list[Player]:
        rows = await self.db.execute_fetchall("SELECT id, name FROM players")
        return [Player(*r) for r in rows]

    async def player_aliases(self) -> list[tuple[str, int]]:
        rows = await self.db.execute_fetchall("SELECT alias, player_id FROM player_aliases")
        return [(r[0], r[1]) for r in rows]

    async def find_players(self, name: str) -> list[int]:
        """Players whose name or alias folds to the same key."""
        key = fold(name)
        rows = await self.db.execute_fetchall(
            "SELECT id FROM players WHERE key = ? "
            "UNION SELECT player_id FROM player_aliases WHERE key = ?",
            (key, key),
        )
        return [r[0] for r in rows]

    async def insert_player(self, name: str) -> int:
        """Create a player. Call inside a transaction."""
        cur = await self.db.execute(
            "INSERT INTO players (name, key) VALUES (?, ?)", (name, fold(name))
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def insert_player_alias(self, player_id: int, alias: str) -> None:
        await self.db.execute(
            "INSERT OR IGNORE INTO player_aliases (key, player_id, alias) VALUES (?, ?, ?)",
            (fold(alias), player_id, alias),
        )

    async def club_match_counts(self) -> dict[int, int]:
        """Matches played per club: how prominent a name is when a short name is ambiguous."""
        rows = await self.db.execute_fetchall(
            "SELECT club, COUNT(*) FROM (SELECT home_id AS club FROM matches "
            "UNION ALL SELECT away_id FROM matches) GROUP BY club"
        )
        return {r[0]: r[1] for r in rows}

    async def player_goal_counts(self) -> dict[int, int]:
        rows = await self.db.execute_fetchall(
            "SELECT player_id, COUNT(*) FROM goals WHERE player_id IS NOT NULL GROUP BY player_id"
        )
        return {r[0]: r[1] for r in rows}
