"""The feed's own reads and writes: external ids, admin locks, conflicts, corrections."""

from __future__ import annotations

import json
from typing import Any

import aiosqlite

SOURCE = "football-data"
ACTOR = "feed:football-data.org"


class FeedQueries:
    """Bound to one connection; the writes run inside the caller's transaction."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    async def external_ids(self, kind: str) -> dict[int, int]:
        """feed id -> our id, for one kind (team, match, player)."""
        rows = await self.db.execute_fetchall(
            "SELECT external_id, local_id FROM external_ids WHERE source = ? AND kind = ?",
            (SOURCE, kind))
        return {int(r[0]): r[1] for r in rows}

    async def set_external_id(self, kind: str, external_id: int, local_id: int) -> bool:
        """Record (or move) the mapping; False when it was already so."""
        rows = await self.db.execute_fetchall(
            "SELECT local_id FROM external_ids WHERE source = ? AND kind = ? AND external_id = ?",
            (SOURCE, kind, str(external_id)))
        if rows and rows[0][0] == local_id:
            return False
        await self.db.execute(
            "INSERT INTO external_ids (source, kind, external_id, local_id) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (source, kind, external_id) DO UPDATE SET local_id = excluded.local_id",
            (SOURCE, kind, str(external_id), local_id))
        return True

    async def admin_locked(self, match_id: int) -> bool:
        """An admin's change to the match stands (not undone): the feed must not overwrite it."""
        rows = await self.db.execute_fetchall(
            "SELECT action, undone FROM audit_log WHERE entity = 'match' AND entity_id = ? "
            "AND actor NOT LIKE 'feed:%' ORDER BY id DESC LIMIT 1", (match_id,))
        return bool(rows) and not rows[0][1] and not str(rows[0][0]).endswith(".undo")

    async def last_conflict(self, match_id: int) -> dict[str, Any] | None:
        """The feed's version recorded by the latest conflict on this match."""
        rows = await self.db.execute_fetchall(
            "SELECT after_json FROM audit_log WHERE entity = 'match' AND entity_id = ? "
            "AND action = 'feed.conflict' ORDER BY id DESC LIMIT 1", (match_id,))
        return json.loads(rows[0][0]).get("feed") if rows and rows[0][0] else None

    async def set_corrected_at(self, match_id: int, at: str) -> None:
        await self.db.execute("UPDATE matches SET corrected_at = ? WHERE id = ?", (at, match_id))

    async def matches_of_seasons(self, season_ids: set[int]) -> dict[int, tuple[int, str]]:
        """feed match id -> (our id, status) for the feed's matches in these seasons."""
        if not season_ids:
            return {}
        marks = ", ".join("?" * len(season_ids))
        rows = await self.db.execute_fetchall(
            "SELECT e.external_id, m.id, m.status FROM external_ids e "
            "JOIN matches m ON m.id = e.local_id WHERE e.source = ? AND e.kind = 'match' "
            f"AND m.season_id IN ({marks})", (SOURCE, *season_ids))
        return {int(r[0]): (r[1], r[2]) for r in rows}

    async def cancel_missing(self, match_id: int, note: str) -> None:
        await self.db.execute("UPDATE matches SET status = 'cancelled', note = ? WHERE id = ?",
                              (note, match_id))

    async def next_kickoffs(self, codes: list[str], since: str) -> list[str]:
        """Kick-offs (ISO UTC) of the unfinished fixtures of these competitions from `since`,
        earliest first (a few): what the sync's schedule keys on."""
        if not codes:
            return []
        marks = ", ".join("?" * len(codes))
        rows = await self.db.execute_fetchall(
            "SELECT m.kickoff_utc FROM matches m JOIN seasons s ON s.id = m.season_id "
            f"JOIN competitions c ON c.id = s.competition_id WHERE c.code IN ({marks}) "
            "AND m.status = 'scheduled' AND m.kickoff_utc >= ? ORDER BY m.kickoff_utc LIMIT 5",
            (*codes, since))
        return [r[0] for r in rows]
