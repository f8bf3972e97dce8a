"""Fixtures for the Discord tests: the fake on loopback, and the real bot logged in to it."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.app import MatchfactsBot, configure_endpoints, sync
from bot.core import Core
from bot.settings import Secret, Settings
from tests.fake_discord import payloads
from tests.fake_discord.server import FakeDiscord

TOKEN = base64.b64encode(payloads.APP_ID.encode()).decode().rstrip("=") + ".fake.token"


def settings_for(fake: FakeDiscord, **extra: Any) -> Settings:
    return Settings(discord_token=Secret(TOKEN), discord_api_base=fake.api_base,
                    discord_gateway_url=fake.gateway_url, discord_guild_id=int(payloads.GUILD_ID),
                    discord_admin_role_id=int(payloads.ADMIN_ROLE_ID), **extra)


@pytest.fixture(name="fake")
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """The fake Discord, with discord.py's process-wide endpoints restored afterwards."""
    monkeypatch.setattr(Route, "BASE", Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    server = await FakeDiscord(token=TOKEN, ack_timeout=3.0).start()
    yield server
    await server.stop()


@asynccontextmanager
async def running_bot(fake: FakeDiscord, core: Core, *, synced: bool = True,
                      settings: Settings | None = None,
                      **options: Any) -> AsyncIterator[MatchfactsBot]:
    """Sync (as `matchfacts discord sync` does), then run the bot until it is ready."""
    settings = settings or settings_for(fake)
    if synced:
        await sync(core, settings)
    configure_endpoints(settings)
    options.setdefault("defer_after", 1.0)
    bot = MatchfactsBot(core, settings, guild_ready_timeout=0.05, **options)
    await bot.login(TOKEN)
    task = asyncio.create_task(bot.connect())
    try:
        async with asyncio.timeout(5):
            await bot.wait_until_ready()
        yield bot
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
