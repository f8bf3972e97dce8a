"""Slack OAuth installations and OAuth states, for the installation store in
adapters/slack/install_store.py. Storage keeps the library's record as opaque JSON text (it
never imports a chat platform); the adapter turns it back into slack_sdk objects.

An `enterprise_id` of None matches any org (a plain workspace has none); a `user_id` of None
means "the latest installation in the workspace", as slack_sdk's own stores read it.
"""

from __future__ import annotations

import aiosqlite


def _where(client_id: str, enterprise_id: str | None, team_id: str | None,
           user_id: str | None) -> tuple[str, list[object]]:
    sql = "client_id = ? AND team_id = ?"
    params: list[object] = [client_id, team_id or ""]
    if enterprise_id is not None:
        sql += " AND enterprise_id = ?"
        params.append(enterprise_id)
    if user_id is not None:
        sql += " AND user_id = ?"
        params.append(user_id)
    return sql, params


class InstallationQueries:
    db: aiosqlite.Connection

    async def save_slack_installation(self, client_id: str, enterprise_id: str | None,
                                      team_id: str | None, user_id: str | None, has_bot: bool,
                                      record: str, at: str) -> None:
        """Create or replace one installation (a reinstall replaces the earlier tokens)."""
        async with self.transaction(football=False):  # type: ignore[attr-defined]
            await self.db.execute(
                "INSERT INTO slack_installations (client_id, enterprise_id, team_id, user_id, "
                "has_bot, record, installed_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (client_id, enterprise_id, team_id, user_id) DO UPDATE SET "
                "has_bot = excluded.has_bot, record = excluded.record, "
                "installed_at = excluded.installed_at",
                (client_id, enterprise_id or "", team_id or "", user_id or "", int(has_bot),
                 record, at))

    async def slack_installation(self, client_id: str, enterprise_id: str | None,
                                 team_id: str | None, user_id: str | None = None,
                                 bot: bool = False) -> str | None:
        """The latest matching installation's record (with a bot token, if `bot`), or None."""
        sql, params = _where(client_id, enterprise_id, team_id, user_id)
        if bot:
            sql += " AND has_bot = 1"
        rows = await self.db.execute_fetchall(
            f"SELECT record FROM slack_installations WHERE {sql} "
            "ORDER BY installed_at DESC LIMIT 1", params)
        return str(rows[0][0]) if rows else None

    async def delete_slack_installations(self, client_id: str, enterprise_id: str | None,
                                         team_id: str | None, user_id: str | None = None,
                                         bot_only: bool = False) -> int:
        """Forget a workspace's tokens (all, one user's, or those holding a bot token)."""
        sql, params = _where(client_id, enterprise_id, team_id, user_id)
        if bot_only:
            sql += " AND has_bot = 1"
        async with self.transaction(football=False):  # type: ignore[attr-defined]
            cur = await self.db.execute(f"DELETE FROM slack_installations WHERE {sql}", params)
        return cur.rowcount

    async def slack_teams_installed(self, client_id: str) -> list[str]:
        rows = await self.db.execute_fetchall(
            "SELECT DISTINCT team_id FROM slack_installations WHERE client_id = ? "
            "ORDER BY team_id", (client_id,))
        return [str(r[0]) for r in rows]

    # --- OAuth state: issued to the installing browser, consumed once -----------------------
    async def issue_oauth_state(self, state: str, expires_at: float) -> None:
        async with self.transaction(football=False):  # type: ignore[attr-defined]
            await self.db.execute("INSERT INTO slack_oauth_states (state, expires_at) "
                                  "VALUES (?, ?)", (state, expires_at))

    async def consume_oauth_state(self, state: str, now: float) -> bool:
        """True once for a state issued and not yet expired; expired states are purged."""
        async with self.transaction(football=False):  # type: ignore[attr-defined]
            cur = await self.db.execute(
                "DELETE FROM slack_oauth_states WHERE state = ? AND expires_at >= ?",
                (state, now))
            found = cur.rowcount == 1
            await self.db.execute("DELETE FROM slack_oauth_states WHERE expires_at < ?", (now,))
        return found
