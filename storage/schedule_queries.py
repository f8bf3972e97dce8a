"""Subscriptions, channel health and the posts ledger: what the scheduler reads and records.

The ledger has one row per post key (platform, channel, match, kind). A post is claimed
('sending') in its own transaction before it is handed to the platform, and marked 'sent' after,
so a restart can always tell what was done, what was not, and what is in doubt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import aiosqlite


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    platform: str
    channel_id: str
    target_kind: str          # club | competition
    target_id: int
    timezone: str
    leads: tuple[int, ...]    # minutes before kick-off
    results: bool
    created_at: str
    server_id: str = ""       # Discord guild / Slack team the channel belongs to


@dataclass(frozen=True, slots=True)
class ChannelHealth:
    failures: int
    paused_at: str | None
    pause_reason: str | None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A match one subscription wants a post about."""

    match_id: int
    when: str                 # kick-off (previews) or result time (results), ISO UTC
    sub: Subscription


@dataclass(frozen=True, slots=True)
class PostRow:
    platform: str
    channel_id: str
    match_id: int
    kind: str
    status: str
    attempts: int
    next_attempt_at: str | None
    last_error: str | None
    updated_at: str


SUB_COLUMNS = ("s.id, s.platform, s.channel_id, s.target_kind, s.target_id, s.timezone, "
               "s.preview_leads, s.results, s.created_at, s.server_id")
TARGETS = ("((s.target_kind = 'club' AND s.target_id IN (m.home_id, m.away_id)) OR "
           "(s.target_kind = 'competition' AND s.target_id = se.competition_id))")


def _sub(r: aiosqlite.Row | tuple) -> Subscription:
    return Subscription(r[0], r[1], r[2], r[3], r[4], r[5], tuple(json.loads(r[6])),
                        bool(r[7]), r[8], r[9] or "")


def _post(r: aiosqlite.Row | tuple) -> PostRow:
    return PostRow(*r)


class ScheduleQueries:
    db: aiosqlite.Connection

    # --- subscriptions --------------------------------------------------------------
    async def channel_subscriptions(self, platform: str, channel_id: str) -> list[Subscription]:
        rows = await self.db.execute_fetchall(
            f"SELECT {SUB_COLUMNS} FROM subscriptions s WHERE s.platform = ? AND "
            "s.channel_id = ? ORDER BY s.id", (platform, channel_id))
        return [_sub(r) for r in rows]

    async def save_subscription(self, platform: str, channel_id: str, target_kind: str,
                                target_id: int, timezone: str, leads: list[int], results: bool,
                                by: str, at: str, server_id: str = "") -> None:
        """Create or replace one subscription; the channel's time zone applies to all its
        subscriptions. Inside a transaction."""
        await self.db.execute(
            "INSERT INTO subscriptions (platform, channel_id, target_kind, target_id, timezone, "
            "preview_leads, results, created_by, created_at, server_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (platform, channel_id, target_kind, target_id) DO UPDATE SET "
            "preview_leads = excluded.preview_leads, results = excluded.results, "
            "server_id = excluded.server_id",
            (platform, channel_id, target_kind, target_id, timezone, json.dumps(sorted(leads)),
             int(results), by, at, server_id))
        await self.db.execute(
            "UPDATE subscriptions SET timezone = ? WHERE platform = ? AND channel_id = ?",
            (timezone, platform, channel_id))

    async def delete_subscriptions(self, platform: str, channel_id: str,
                                   target: tuple[str, int] | None = None) -> int:
        sql = "DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?"
        params: list[object] = [platform, channel_id]
        if target:
            sql += " AND target_kind = ? AND target_id = ?"
            params += list(target)
        cur = await self.db.execute(sql, params)
        return cur.rowcount

    async def preview_candidates(self, first_kickoff: str, last_kickoff: str) -> list[Candidate]:
        """Scheduled fixtures with a kick-off in the window × the subscriptions that want them."""
        rows = await self.db.execute_fetchall(
            f"SELECT m.id, m.kickoff_utc, {SUB_COLUMNS} FROM matches m "
            "JOIN seasons se ON se.id = m.season_id "
            f"JOIN subscriptions s ON {TARGETS} "
            "WHERE m.status = 'scheduled' AND m.kickoff_utc IS NOT NULL "
            "AND m.kickoff_utc >= ? AND m.kickoff_utc <= ? ORDER BY m.kickoff_utc, m.id, s.id",
            (first_kickoff, last_kickoff))
        return [Candidate(r[0], r[1], _sub(r[2:])) for r in rows]

    async def result_candidates(self, since: str) -> list[Candidate]:
        """Results entered since `since`, for subscriptions that existed when they were."""
        rows = await self.db.execute_fetchall(
            f"SELECT m.id, m.result_at, {SUB_COLUMNS} FROM matches m "
            "JOIN seasons se ON se.id = m.season_id "
            f"JOIN subscriptions s ON {TARGETS} "
            "WHERE m.status = 'played' AND m.result_at IS NOT NULL AND m.result_at >= ? "
            "AND m.result_at >= s.created_at AND s.results = 1 "
            "ORDER BY m.result_at, m.id, s.id", (since,))
        return [Candidate(r[0], r[1], _sub(r[2:])) for r in rows]

    async def correction_candidates(self, since: str) -> list[Candidate]:
        """Played matches re-scored since `since` (`corrected_at`), for channels whose result
        post went out before the correction: they are due a correction post."""
        rows = await self.db.execute_fetchall(
            f"SELECT m.id, m.corrected_at, {SUB_COLUMNS} FROM matches m "
            "JOIN seasons se ON se.id = m.season_id "
            f"JOIN subscriptions s ON {TARGETS} "
            "JOIN posts p ON p.platform = s.platform AND p.channel_id = s.channel_id "
            "AND p.match_id = m.id AND p.kind = 'result' AND p.status = 'sent' "
            "WHERE m.status = 'played' AND m.corrected_at IS NOT NULL "
            "AND m.corrected_at >= ? AND p.updated_at < m.corrected_at AND s.results = 1 "
            "ORDER BY m.corrected_at, m.id, s.id", (since,))
        return [Candidate(r[0], r[1], _sub(r[2:])) for r in rows]

    async def team_news_rows(self, match_id: int) -> list[tuple[str, str, str, str | None]]:
        """(club, player, out|doubtful, reason) for a fixture, home side first."""
        rows = await self.db.execute_fetchall(
            "SELECT c.name, p.name, n.status, n.reason FROM team_news n "
            "JOIN matches m ON m.id = n.match_id JOIN clubs c ON c.id = n.club_id "
            "JOIN players p ON p.id = n.player_id WHERE n.match_id = ? "
            "ORDER BY n.club_id = m.away_id, n.status DESC, p.name", (match_id,))
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    # --- channels -------------------------------------------------------------------
    async def channel_health(self, platform: str, channel_id: str) -> ChannelHealth:
        rows = await self.db.execute_fetchall(
            "SELECT failures, paused_at, pause_reason FROM channels WHERE platform = ? "
            "AND channel_id = ?", (platform, channel_id))
        return ChannelHealth(*rows[0]) if rows else ChannelHealth(0, None, None)

    async def paused_channels(self) -> set[tuple[str, str]]:
        rows = await self.db.execute_fetchall(
            "SELECT platform, channel_id FROM channels WHERE paused_at IS NOT NULL")
        return {(r[0], r[1]) for r in rows}

    async def channel_failed(self, platform: str, channel_id: str, reason: str, at: str,
                             pause_after: int, pause_now: bool) -> bool:
        """Count a failed delivery; pause the channel when it keeps failing. True if paused."""
        async with self.transaction(football=False):  # type: ignore[attr-defined]
            await self.db.execute(
                "INSERT INTO channels (platform, channel_id, failures) VALUES (?, ?, 1) "
                "ON CONFLICT (platform, channel_id) DO UPDATE SET failures = failures + 1",
                (platform, channel_id))
            health = await self.channel_health(platform, channel_id)
            if pause_now or health.failures >= pause_after:
                await self.db.execute(
                    "UPDATE channels SET paused_at = ?, pause_reason = ? WHERE platform = ? "
                    "AND channel_id = ?", (at, reason, platform, channel_id))
                return True
        return False

    async def channel_ok(self, platform: str, channel_id: str) -> None:
        async with self.transaction(football=False):  # type: ignore[attr-defined]
            await self.db.execute(
                "UPDATE channels SET failures = 0 WHERE platform = ? AND channel_id = ? "
                "AND failures > 0", (platform, channel_id))

    async def resume_channel(self, platform: str, channel_id: str) -> None:
        """Clear a pause (the admin subscribed again). Inside a transaction."""
        await self.db.execute(
            "UPDATE channels SET failures = 0, paused_at = NULL, pause_reason = NULL "
            "WHERE platform = ? AND channel_id = ?", (platform, channel_id))

    # --- the posts ledger -----------------------------------------------------------
    async def post_rows(self, statuses: tuple[str, ...] = ()) -> list[PostRow]:
        sql = ("SELECT platform, channel_id, match_id, kind, status, attempts, next_attempt_at, "
               "last_error, updated_at FROM posts")
        if statuses:
            sql += f" WHERE status IN ({', '.join('?' * len(statuses))})"
        rows = await self.db.execute_fetchall(sql + " ORDER BY updated_at", statuses)
        return [_post(r) for r in rows]

    async def post_rows_for(self, match_ids: list[int]) -> list[PostRow]:
        """The ledger rows of these matches."""
        if not match_ids:
            return []
        marks = ", ".join("?" * len(match_ids))
        rows = await self.db.execute_fetchall(
            "SELECT platform, channel_id, match_id, kind, status, attempts, next_attempt_at, "
            f"last_error, updated_at FROM posts WHERE match_id IN ({marks})", match_ids)
        return [_post(r) for r in rows]

    async def post_attempts(self, key: tuple[str, str, int, str]) -> int:
        rows = await self.db.execute_fetchall(
            "SELECT attempts FROM posts WHERE platform = ? AND channel_id = ? AND match_id = ? "
            "AND kind = ?", key)
        return rows[0][0] if rows else 0

    async def claim_post(self, key: tuple[str, str, int, str], at: str) -> bool:
        """Mark the post 'sending' unless it is sent, skipped, in flight or not yet due for a
        retry. True when this caller now owns the send."""
        async with self.transaction(football=False):  # type: ignore[attr-defined]
            await self.db.execute(
                "INSERT INTO posts (platform, channel_id, match_id, kind, status, attempts, "
                "updated_at) VALUES (?, ?, ?, ?, 'sending', 1, ?) "
                "ON CONFLICT (platform, channel_id, match_id, kind) DO UPDATE SET "
                "status = 'sending', attempts = attempts + 1, updated_at = excluded.updated_at "
                "WHERE status = 'failed' AND next_attempt_at IS NOT NULL "
                "AND next_attempt_at <= excluded.updated_at", (*key, at))
            rows = await self.db.execute_fetchall("SELECT changes()")
        return rows[0][0] == 1

    async def finish_post(self, key: tuple[str, str, int, str], status: str, at: str,
                          message_ref: str | None = None, error: str | None = None,
                          next_attempt_at: str | None = None) -> None:
        """Record how a claimed post ended: sent, failed (retry at next_attempt_at) or skipped."""
        async with self.transaction(football=False):  # type: ignore[attr-defined]
            await self.db.execute(
                "UPDATE posts SET status = ?, updated_at = ?, message_ref = COALESCE(?, "
                "message_ref), last_error = ?, next_attempt_at = ? WHERE platform = ? AND "
                "channel_id = ? AND match_id = ? AND kind = ?",
                (status, at, message_ref, error, next_attempt_at, *key))

    async def skip_post(self, key: tuple[str, str, int, str], at: str, reason: str) -> bool:
        """Record a post that will not be sent (its moment passed); False if a row exists."""
        async with self.transaction(football=False):  # type: ignore[attr-defined]
            cur = await self.db.execute(
                "INSERT OR IGNORE INTO posts (platform, channel_id, match_id, kind, status, "
                "attempts, last_error, updated_at) VALUES (?, ?, ?, ?, 'skipped', 0, ?, ?)",
                (*key, reason, at))
        return cur.rowcount == 1
