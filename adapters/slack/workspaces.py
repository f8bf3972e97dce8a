"""Many Slack workspaces in one process: "Add to Slack" by OAuth, uninstall, per-workspace tokens.

With SLACK_CLIENT_ID set, bolt's own OAuth flow serves `/slack/install` and
`/slack/oauth_redirect` and keeps every workspace's install in our SQLite database
(install_store.py); bolt then authorizes each request with that workspace's bot token.
`app_uninstalled` / `tokens_revoked` delete the tokens and pause the workspace's
subscriptions; a reinstall resumes them. Scheduled posts go out with the token of the
workspace the channel was subscribed in (`WorkspaceClients`); SLACK_BOT_TOKEN alone still
serves one workspace, and is the fallback for a channel whose workspace is not known.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import API_TIMEOUT
from adapters.slack.install_store import SQLiteInstallationStore, SQLiteOAuthStateStore
from bot.core import utc_now
from bot.settings import Settings
from storage import Store

log = logging.getLogger(__name__)

UNINSTALLED = "the app was uninstalled from this Slack workspace (reinstall it to resume)"
REVOKED = "the workspace revoked the bot's token (reinstall the app to resume)"


def authorize_url(api_url: str) -> str:
    """Slack's authorize page beside its Web API (https://slack.com/oauth/v2/authorize)."""
    return urljoin(api_url, "../oauth/v2/authorize")


def oauth_settings(store: Store, settings: Settings) -> AsyncOAuthSettings:
    """Bolt's OAuth flow with our SQLite stores; the install page redirects straight on."""
    assert settings.slack_client_id and settings.slack_client_secret
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.reveal(),
        scopes=list(settings.slack_scopes),
        redirect_uri=settings.slack_redirect_uri,
        authorization_url=authorize_url(settings.slack_api_url),
        installation_store=SlackInstalls(store, settings.slack_client_id),
        installation_store_bot_only=True,
        state_store=SQLiteOAuthStateStore(store),
        install_page_rendering_enabled=False)


class SlackInstalls(SQLiteInstallationStore):
    """The installation store, plus what an install means for the workspace's subscriptions."""

    async def async_save(self, installation) -> None:  # type: ignore[no-untyped-def]
        await super().async_save(installation)
        if installation.bot_token and installation.team_id:
            for reason in (UNINSTALLED, REVOKED):
                await self.store.resume_server("slack", installation.team_id, reason)


def listen_for_uninstall(app: AsyncApp, store: Store, installs: SQLiteInstallationStore) -> None:
    """Forget a workspace's tokens when it removes the app, and pause its posts."""

    @app.event("app_uninstalled")
    async def uninstalled(context: AsyncBoltContext) -> None:
        await installs.async_delete_all(enterprise_id=context.enterprise_id,
                                        team_id=context.team_id)
        await _pause(store, context.team_id, UNINSTALLED)

    @app.event("tokens_revoked")
    async def revoked(event: dict, context: AsyncBoltContext) -> None:  # type: ignore[type-arg]
        tokens = event.get("tokens") or {}
        for user_id in tokens.get("oauth") or []:
            await installs.async_delete_installation(
                enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user_id)
        if tokens.get("bot"):
            await installs.async_delete_bot(enterprise_id=context.enterprise_id,
                                            team_id=context.team_id)
            await _pause(store, context.team_id, REVOKED)


async def _pause(store: Store, team_id: str | None, reason: str) -> None:
    if not team_id:
        return
    paused = await store.pause_server("slack", team_id, reason, utc_now().isoformat())
    log.info("Slack: workspace %s removed the app; %d subscribed channel(s) paused", team_id,
             paused)


class WorkspaceClients:
    """The Web API client for a channel's workspace: its installed bot token, else the
    single-workspace SLACK_BOT_TOKEN, else None (not installed there any more)."""

    def __init__(self, store: Store, base_url: str,
                 installs: SQLiteInstallationStore | None = None,
                 default: AsyncWebClient | None = None) -> None:
        self.store = store
        self.base_url = base_url
        self.installs = installs
        self.default = default
        self._clients: dict[str, AsyncWebClient] = {}

    async def for_channel(self, channel_id: str) -> AsyncWebClient | None:
        if self.installs is not None:
            team = await self.store.server_of("slack", channel_id)
            bot = await self.installs.async_find_bot(enterprise_id=None, team_id=team) \
                if team else None
            if bot is not None and bot.bot_token:
                if bot.bot_token not in self._clients:
                    self._clients[bot.bot_token] = AsyncWebClient(
                        token=bot.bot_token, base_url=self.base_url, timeout=API_TIMEOUT)
                return self._clients[bot.bot_token]
        return self.default


def clients(store: Store, settings: Settings) -> WorkspaceClients:
    """Per-workspace clients as the settings ask: OAuth installs, the one bot token, or both."""
    default = (AsyncWebClient(token=settings.slack_bot_token.reveal(),
                              base_url=settings.slack_api_url, timeout=API_TIMEOUT)
               if settings.slack_bot_token else None)
    installs = (SlackInstalls(store, settings.slack_client_id) if settings.slack_client_id
                else None)
    return WorkspaceClients(store, settings.slack_api_url, installs, default)
