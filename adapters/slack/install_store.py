"""slack-bolt's installation store and OAuth state store, backed by our SQLite database.

Bolt's OAuth flow (`/slack/install` → Slack → `/slack/oauth_redirect`) saves each workspace's
install here, and bolt's authorize step finds the workspace's bot token here on every request;
no token is ever written to a file. The records are slack_sdk's own `Installation`, kept as
JSON by storage/installations.py.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from storage import Store

log = logging.getLogger(__name__)


def _record(installation: Installation) -> str:
    values = installation.to_dict_for_copying()
    return json.dumps({k: v.timestamp() if isinstance(v, datetime) else v
                       for k, v in values.items()})


def _installation(record: str | None) -> Installation | None:
    return Installation(**json.loads(record)) if record else None


class SQLiteInstallationStore(AsyncInstallationStore):
    """One row per (app, org, workspace, installer); a reinstall replaces the tokens."""

    def __init__(self, store: Store, client_id: str) -> None:
        self.store = store
        self.client_id = client_id

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await self.store.save_slack_installation(
            self.client_id, installation.enterprise_id, installation.team_id,
            installation.user_id, installation.bot_token is not None, _record(installation),
            datetime.fromtimestamp(installation.installed_at, UTC).isoformat())
        log.info("Slack: installed in workspace %s (%s)", installation.team_id,
                 installation.team_name or "unnamed")

    async def async_save_bot(self, bot: Bot) -> None:
        installation = Installation(
            app_id=bot.app_id, enterprise_id=bot.enterprise_id, team_id=bot.team_id,
            team_name=bot.team_name, bot_token=bot.bot_token, bot_id=bot.bot_id,
            bot_user_id=bot.bot_user_id, bot_scopes=bot.bot_scopes, user_id="",
            is_enterprise_install=bot.is_enterprise_install, installed_at=bot.installed_at)
        await self.async_save(installation)

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None,
                                      is_enterprise_install: bool | None = False
                                      ) -> Installation | None:
        team = None if is_enterprise_install else team_id
        return _installation(await self.store.slack_installation(
            self.client_id, enterprise_id, team, user_id))

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        team = None if is_enterprise_install else team_id
        found = _installation(await self.store.slack_installation(
            self.client_id, enterprise_id, team, bot=True))
        return found.to_bot() if found is not None else None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.store.delete_slack_installations(self.client_id, enterprise_id, team_id,
                                                    bot_only=True)

    async def async_delete_installation(self, *, enterprise_id: str | None,
                                        team_id: str | None,
                                        user_id: str | None = None) -> None:
        await self.store.delete_slack_installations(self.client_id, enterprise_id, team_id,
                                                    user_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.store.delete_slack_installations(self.client_id, enterprise_id, team_id)


class SQLiteOAuthStateStore(AsyncOAuthStateStore):
    """The `state` bolt hands the installing browser: random, single use, short-lived."""

    def __init__(self, store: Store, expiration_seconds: int = 600) -> None:
        self.store = store
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        await self.store.issue_oauth_state(state, time.time() + self.expiration_seconds)
        return state

    async def async_consume(self, state: str) -> bool:
        return await self.store.consume_oauth_state(state, time.time())
