"""The audit log, and snapshots of what an admin change touched so `admin undo` can restore it.

Every admin change writes one audit row in the same transaction as the change. The row keeps
a snapshot of the touched entity before and after (plain JSON); undo restores `before` only
while the entity still equals `after`, so a later change is never silently overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aiosqlite

MATCH_FIELDS = (
    "season_id", "stage", "round", "leg", "date", "kickoff_utc", "home_id", "away_id", "neutral",
    "venue", "status", "ht_home", "ht_away", "ft_home", "ft_away", "aet_home", "aet_away",
    "pen_home", "pen_away", "note", "source", "result_at",
)
GOAL_FIELDS = ("team_id", "player_id", "minute", "stoppage", "penalty", "own_goal",
               "assist_player_id")
APPEARANCE_FIELDS = ("player_id", "team_id", "started", "minute_on", "minute_off", "minutes")
NEWS_FIELDS = ("club_id", "player_id", "status", "reason", "updated_at")
SUB_FIELDS = ("target_kind", "target_id", "timezone", "preview_leads", "results", "created_by",
              "created_at", "server_id")
CHANNEL_FIELDS = ("failures", "paused_at", "pause_reason")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undone: bool

    @property
    def summary(self) -> str:
        """The 'what' the bot recorded with the change (text made by the bot, stored as data)."""
        return str((self.after or {}).get("summary") or (self.before or {}).get("summary") or "")


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(row[0], row[1], row[2], row[3], row[4], row[5],
                      json.loads(row[6]) if row[6] else None,
                      json.loads(row[7]) if row[7] else None, bool(row[8]))


def canonical(value: Any) -> str:
    """A stable JSON form, so two snapshots compare equal exactly when their data do."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


class AdminQueries:
    db: aiosqlite.Connection

    # --- audit log ------------------------------------------------------------------
    async def audit(self, at: str, actor: str, action: str, entity: str, entity_id: int | None,
                    before: dict[str, Any] | None, after: dict[str, Any] | None) -> int:
        """Record one change. Call inside the change's own transaction."""
        cur = await self.db.execute(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, "
            "after_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (at, actor, action, entity, entity_id,
             canonical(before) if before is not None else None,
             canonical(after) if after is not None else None),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def audit_entries(self, limit: int = 10, actor_key: str | None = None
                            ) -> list[AuditEntry]:
        """Newest first; `actor_key` (platform:user id) narrows to one person."""
        sql = ("SELECT id, at, actor, action, entity, entity_id, before_json, after_json, undone "
               "FROM audit_log")
        params: list[object] = []
        if actor_key:
            sql += " WHERE actor = ? OR actor LIKE ?"
            params += [actor_key, actor_key + " (%"]
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        rows = await self.db.execute_fetchall(sql, params)
        return [_entry(r) for r in rows]

    async def last_undoable(self, actor_key: str) -> AuditEntry | None:
        """The actor's latest change that is not undone and not itself an undo."""
        rows = await self.db.execute_fetchall(
            "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, undone "
            "FROM audit_log WHERE (actor = ? OR actor LIKE ?) AND undone = 0 "
            "AND action NOT LIKE '%.undo' ORDER BY id DESC LIMIT 1",
            (actor_key, actor_key + " (%"),
        )
        return _entry(rows[0]) if rows else None

    async def mark_undone(self, entry_id: int) -> None:
        await self.db.execute("UPDATE audit_log SET undone = 1 WHERE id = ?", (entry_id,))

    # --- match snapshots --------------------------------------------------------------
    async def match_state(self, match_id: int) -> dict[str, Any] | None:
        """The match row with its goals, appearances and team news; None when absent."""
        rows = await self.db.execute_fetchall(
            f"SELECT {', '.join(MATCH_FIELDS)} FROM matches WHERE id = ?", (match_id,))
        if not rows:
            return None
        state: dict[str, Any] = {"match": dict(zip(MATCH_FIELDS, rows[0], strict=True))}
        for key, table, cols in (("goals", "goals", GOAL_FIELDS),
                                 ("appearances", "appearances", APPEARANCE_FIELDS),
                                 ("news", "team_news", NEWS_FIELDS)):
            order = "id" if table != "appearances" else "player_id"
            found = await self.db.execute_fetchall(
                f"SELECT {', '.join(cols)} FROM {table} WHERE match_id = ? ORDER BY {order}",
                (match_id,))
            state[key] = [dict(zip(cols, r, strict=True)) for r in found]
        return state

    async def restore_match(self, match_id: int, state: dict[str, Any] | None) -> None:
        """Put the match back exactly as in `state` (None: delete it). Inside a transaction."""
        if state is None:
            await self.db.execute("DELETE FROM matches WHERE id = ?", (match_id,))
            return
        m = state["match"]
        exists = await self.db.execute_fetchall("SELECT 1 FROM matches WHERE id = ?", (match_id,))
        if exists:
            await self.db.execute(
                f"UPDATE matches SET {', '.join(f'{k} = ?' for k in MATCH_FIELDS)} WHERE id = ?",
                (*(m[k] for k in MATCH_FIELDS), match_id))
        else:
            await self.db.execute(
                f"INSERT INTO matches (id, {', '.join(MATCH_FIELDS)}) "
                f"VALUES (?, {', '.join('?' * len(MATCH_FIELDS))})",
                (match_id, *(m[k] for k in MATCH_FIELDS)))
        for key, table, cols in (("goals", "goals", GOAL_FIELDS),
                                 ("appearances", "appearances", APPEARANCE_FIELDS),
                                 ("news", "team_news", NEWS_FIELDS)):
            await self.db.execute(f"DELETE FROM {table} WHERE match_id = ?", (match_id,))
            await self.db.executemany(
                f"INSERT INTO {table} (match_id, {', '.join(cols)}) "
                f"VALUES (?, {', '.join('?' * len(cols))})",
                [(match_id, *(r[c] for c in cols)) for r in state[key]])

    async def delete_unused_players(self, player_ids: list[int]) -> None:
        """Remove players an undone change created, unless something else now refers to them."""
        for pid in player_ids:
            used = await self.db.execute_fetchall(
                "SELECT 1 FROM goals WHERE player_id = ? OR assist_player_id = ? UNION ALL "
                "SELECT 1 FROM appearances WHERE player_id = ? UNION ALL "
                "SELECT 1 FROM team_news WHERE player_id = ? LIMIT 1", (pid, pid, pid, pid))
            if not used:
                await self.db.execute("DELETE FROM players WHERE id = ?", (pid,))

    # --- channel snapshots ------------------------------------------------------------
    async def channel_state(self, platform: str, channel_id: str) -> dict[str, Any]:
        """A channel's subscriptions and pause state."""
        subs = await self.db.execute_fetchall(
            f"SELECT {', '.join(SUB_FIELDS)} FROM subscriptions WHERE platform = ? "
            "AND channel_id = ? ORDER BY target_kind, target_id", (platform, channel_id))
        chan = await self.db.execute_fetchall(
            f"SELECT {', '.join(CHANNEL_FIELDS)} FROM channels WHERE platform = ? "
            "AND channel_id = ?", (platform, channel_id))
        return {"subscriptions": [dict(zip(SUB_FIELDS, r, strict=True)) for r in subs],
                "channel": dict(zip(CHANNEL_FIELDS, chan[0], strict=True)) if chan else None}

    async def restore_channel(self, platform: str, channel_id: str, state: dict[str, Any]) -> None:
        """Put a channel's subscriptions and pause state back. Inside a transaction."""
        await self.db.execute("DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?",
                              (platform, channel_id))
        await self.db.executemany(
            f"INSERT INTO subscriptions (platform, channel_id, {', '.join(SUB_FIELDS)}) "
            f"VALUES (?, ?, {', '.join('?' * len(SUB_FIELDS))})",
            [(platform, channel_id, *(s.get(c, "" if c == "server_id" else None)
                                      for c in SUB_FIELDS))
             for s in state["subscriptions"]])
        await self.db.execute("DELETE FROM channels WHERE platform = ? AND channel_id = ?",
                              (platform, channel_id))
        if state["channel"] is not None:
            c = state["channel"]
            await self.db.execute(
                "INSERT INTO channels (platform, channel_id, failures, paused_at, pause_reason) "
                "VALUES (?, ?, ?, ?, ?)",
                (platform, channel_id, c["failures"], c["paused_at"], c["pause_reason"]))

    async def fixtures_between(self, home_id: int, away_id: int, first: str, last: str
                               ) -> list[tuple[int, str, str]]:
        """(id, date, status) of this home-away pairing's matches in a date range, newest first."""
        rows = await self.db.execute_fetchall(
            "SELECT id, date, status FROM matches WHERE home_id = ? AND away_id = ? "
            "AND date BETWEEN ? AND ? ORDER BY date DESC, id DESC",
            (home_id, away_id, first, last))
        return [(r[0], r[1], r[2]) for r in rows]

    async def players_of_club(self, player_ids: list[int], club_id: int) -> list[int]:
        """Which of these players have scored or appeared for the club."""
        marks = ", ".join("?" * len(player_ids))
        rows = await self.db.execute_fetchall(
            f"SELECT player_id FROM goals WHERE player_id IN ({marks}) AND team_id = ? "
            f"AND own_goal = 0 UNION SELECT player_id FROM appearances WHERE player_id IN "
            f"({marks}) AND team_id = ?", (*player_ids, club_id, *player_ids, club_id))
        return [r[0] for r in rows]

    async def set_result_at(self, match_id: int, at: str) -> None:
        await self.db.execute("UPDATE matches SET result_at = ? WHERE id = ?", (at, match_id))

    async def season_of(self, match_id: int) -> int | None:
        rows = await self.db.execute_fetchall(
            "SELECT season_id FROM matches WHERE id = ?", (match_id,))
        return rows[0][0] if rows else None

    # --- team news ------------------------------------------------------------------
    async def set_team_news(self, match_id: int, club_id: int, player_id: int, status: str,
                            reason: str | None, at: str) -> None:
        """One player's news for a fixture, replacing what was said before. Inside a transaction."""
        await self.db.execute(
            "INSERT INTO team_news (match_id, club_id, player_id, status, reason, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (match_id, player_id) DO UPDATE SET "
            "club_id = excluded.club_id, status = excluded.status, reason = excluded.reason, "
            "updated_at = excluded.updated_at",
            (match_id, club_id, player_id, status, reason, at))

    async def clear_team_news(self, match_id: int, player_id: int) -> None:
        """The player is fit again. Inside a transaction."""
        await self.db.execute("DELETE FROM team_news WHERE match_id = ? AND player_id = ?",
                              (match_id, player_id))
