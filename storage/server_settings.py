"""Per-server (Discord guild, Slack workspace) and per-channel settings, and server pauses.

One row per scope: (platform, server, '') for the whole server, (platform, server, channel)
for one channel. A channel's value, where set, wins over the server's (field by field), so
`place_settings` is the one read every caller uses: the command defaults, the scheduler's
mention, and the chart default (`PlaceSettings.charts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aiosqlite

FIELDS = ("club_id", "timezone", "competition", "charts", "mention")
ROW_FIELDS = (*FIELDS, "updated_by", "updated_at")


@dataclass(frozen=True, slots=True)
class PlaceSettings:
    """The settings in force in one channel; `level` says where each set value comes from."""

    club_id: int | None = None
    club: str | None = None          # the club's stored name
    timezone: str | None = None
    competition: str | None = None   # a bot/scope.py competition key
    charts: bool | None = None       # None: the command's own default
    mention: str | None = None       # platform-neutral: "here", "role:ID", "group:ID"
    level: dict[str, str] = field(default_factory=dict)   # field → "server" | "channel"


class ServerSettingsQueries:
    db: aiosqlite.Connection

    async def settings_row(self, platform: str, server_id: str, channel_id: str = ""
                           ) -> dict[str, Any] | None:
        """One scope's stored row (a snapshot for audit and undo), or None."""
        rows = await self.db.execute_fetchall(
            f"SELECT {', '.join(ROW_FIELDS)} FROM server_settings WHERE platform = ? AND "
            "server_id = ? AND channel_id = ?", (platform, server_id, channel_id))
        return dict(zip(ROW_FIELDS, rows[0], strict=True)) if rows else None

    async def restore_settings_row(self, platform: str, server_id: str, channel_id: str,
                                   row: dict[str, Any] | None) -> None:
        """Write one scope's row as given (None or all-empty: delete it). Inside a transaction."""
        await self.db.execute(
            "DELETE FROM server_settings WHERE platform = ? AND server_id = ? AND "
            "channel_id = ?", (platform, server_id, channel_id))
        if row is None or all(row.get(f) is None for f in FIELDS):
            return
        await self.db.execute(
            f"INSERT INTO server_settings (platform, server_id, channel_id, "
            f"{', '.join(ROW_FIELDS)}) VALUES (?, ?, ?, {', '.join('?' * len(ROW_FIELDS))})",
            (platform, server_id, channel_id, *(row.get(f) for f in ROW_FIELDS)))

    async def place_settings(self, platform: str, server_id: str, channel_id: str
                             ) -> PlaceSettings:
        """The settings in force in a channel: the channel's own, else the server's."""
        rows = await self.db.execute_fetchall(
            "SELECT s.channel_id, s.club_id, c.name, s.timezone, s.competition, s.charts, "
            "s.mention FROM server_settings s LEFT JOIN clubs c ON c.id = s.club_id "
            "WHERE s.platform = ? AND s.server_id = ? AND s.channel_id IN ('', ?) "
            "ORDER BY s.channel_id = ''", (platform, server_id, channel_id))
        values: dict[str, Any] = {}
        level: dict[str, str] = {}
        for r in rows:   # the channel's row first, so its values win
            where = "channel" if r[0] else "server"
            for name, value in (("club_id", r[1]), ("timezone", r[3]), ("competition", r[4]),
                                ("charts", r[5]), ("mention", r[6])):
                if value is not None and name not in values:
                    values[name] = value
                    level[name] = where
                    if name == "club_id":
                        values["club"] = r[2]
        if "charts" in values:
            values["charts"] = bool(values["charts"])
        return PlaceSettings(**values, level=level)

    async def chart_default(self, platform: str, server_id: str, channel_id: str
                            ) -> bool | None:
        """Whether charts are attached here by default (None: not set, the command decides)."""
        return (await self.place_settings(platform, server_id, channel_id)).charts

    # --- a server as a whole: the bot removed or added back ---------------------------
    async def server_of(self, platform: str, channel_id: str) -> str:
        """The server a subscribed channel belongs to ('' when unknown)."""
        rows = await self.db.execute_fetchall(
            "SELECT server_id FROM subscriptions WHERE platform = ? AND channel_id = ? "
            "LIMIT 1", (platform, channel_id))
        return str(rows[0][0]) if rows else ""

    async def pause_server(self, platform: str, server_id: str, reason: str, at: str) -> int:
        """Pause every subscribed channel of a server; returns how many."""
        async with self.transaction():  # type: ignore[attr-defined]
            channels = await self.db.execute_fetchall(
                "SELECT DISTINCT channel_id FROM subscriptions WHERE platform = ? AND "
                "server_id = ?", (platform, server_id))
            await self.db.executemany(
                "INSERT INTO channels (platform, channel_id, paused_at, pause_reason) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (platform, channel_id) DO UPDATE SET "
                "paused_at = excluded.paused_at, pause_reason = excluded.pause_reason",
                [(platform, c[0], at, reason) for c in channels])
        return len(channels)

    async def resume_server(self, platform: str, server_id: str, reason: str) -> int:
        """Resume the channels of a server that were paused for `reason` (and only those)."""
        async with self.transaction():  # type: ignore[attr-defined]
            cur = await self.db.execute(
                "UPDATE channels SET failures = 0, paused_at = NULL, pause_reason = NULL "
                "WHERE platform = ? AND pause_reason = ? AND channel_id IN (SELECT channel_id "
                "FROM subscriptions WHERE platform = ? AND server_id = ?)",
                (platform, reason, platform, server_id))
        return cur.rowcount
