"""slack-bolt wiring: one `/matchfacts` command, Socket Mode or HTTP mode. Translation only.

Slash-command text goes to `core.ask` unchanged (after Slack's HTML escaping is undone);
the Reply comes back as Block Kit through `respond()`, after an immediate `ack()`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.charts import warm
from adapters.slack.answer import answer_command
from adapters.slack.errors import API_TIMEOUT
from adapters.slack.poster import SlackPoster
from adapters.slack.workspaces import clients, listen_for_uninstall, oauth_settings
from bot.core import Core
from bot.errors import UserError
from bot.settings import Settings

log = logging.getLogger(__name__)

COMMAND = "/matchfacts"
EVENTS_PATH = "/slack/events"
_background: set[asyncio.Task[None]] = set()


def check_settings(settings: Settings) -> None:
    """Fail at start, naming the missing key: the bot token (or, for the OAuth install, the
    client id and secret), and the signing secret in HTTP mode."""
    if settings.slack_client_id:
        settings.require("slack_client_secret", "slack_signing_secret")
        if settings.slack_app_token:
            raise UserError("SLACK_CLIENT_ID (install by OAuth) needs HTTP mode, where Slack "
                            "reaches /slack/install and /slack/oauth_redirect: unset "
                            "SLACK_APP_TOKEN.")
        return
    settings.require("slack_bot_token")
    if not settings.slack_app_token:
        settings.require("slack_signing_secret")


def web_client(settings: Settings) -> AsyncWebClient:
    token = settings.slack_bot_token.reveal() if settings.slack_bot_token else None
    return AsyncWebClient(token=token, base_url=settings.slack_api_url, timeout=API_TIMEOUT)


def build_app(core: Core, settings: Settings) -> AsyncApp:
    """The bolt app with the `/matchfacts` command; the Web API client points at SLACK_API_URL."""
    check_settings(settings)
    secret = settings.slack_signing_secret.reveal() if settings.slack_signing_secret else None
    bolt_log = logging.getLogger("matchfacts.slack.bolt")
    if settings.slack_client_id:   # many workspaces: bolt authorizes each with its own token
        oauth = oauth_settings(core.store, settings)
        app = AsyncApp(client=AsyncWebClient(base_url=settings.slack_api_url,
                                             timeout=API_TIMEOUT),
                       signing_secret=secret, oauth_settings=oauth, logger=bolt_log)
        listen_for_uninstall(app, core.store, oauth.installation_store)  # type: ignore[arg-type]
    else:
        app = AsyncApp(client=web_client(settings), signing_secret=secret, logger=bolt_log)
    admin_ids = frozenset(settings.slack_admin_ids)

    @app.command(COMMAND)
    async def matchfacts(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond,
                         client: AsyncWebClient) -> None:
        await ack()
        await answer_command(core, client, admin_ids, command, respond)

    return app


def poster(core: Core, settings: Settings) -> SlackPoster:
    """Scheduled posts: with the channel's workspace token under OAuth, else the one token."""
    if settings.slack_client_id:
        return SlackPoster(clients(core.store, settings))
    return SlackPoster(web_client(settings))


async def serve_http(app: AsyncApp, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve bolt's own aiohttp app at /slack/events; returns the runner and the bound port."""
    runner = web.AppRunner(app.web_app(path=EVENTS_PATH, port=port))
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner, runner.addresses[0][1]


async def run(core: Core, settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run until `stop` is set (or forever): Socket Mode with an app token, else HTTP mode."""
    app = build_app(core, settings)
    warming = asyncio.create_task(asyncio.to_thread(warm))  # the first chart waits no import
    _background.add(warming)
    warming.add_done_callback(_background.discard)
    if stop is None:
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    if settings.slack_app_token:
        handler = AsyncSocketModeHandler(app, settings.slack_app_token.reveal())
        await handler.connect_async()
        log.info("Slack: connected in Socket Mode")
        try:
            await stop.wait()
        finally:
            with contextlib.suppress(Exception):
                await handler.close_async()
        return
    runner, port = await serve_http(app, settings.slack_host, settings.slack_port)
    log.info("Slack: HTTP mode, listening on http://%s:%d%s", settings.slack_host, port,
             EVENTS_PATH)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
