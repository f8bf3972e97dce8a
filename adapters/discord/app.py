"""The Discord bot: an AutoShardedClient whose slash commands come from the core.

Commands are synced only by `matchfacts discord sync`, never on start (Discord rate-limits
syncs, and a start must not rewrite what users see).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.charts import warm
from adapters.discord import guilds
from adapters.discord.admin import is_admin, warn_if_weak
from adapters.discord.respond import answer
from adapters.discord.tree import build_tree
from adapters.discord.upload import read_upload
from bot.commands import Actor, CommandSpec
from bot.core import Core, error_reply
from bot.errors import UserError
from bot.reply import Reply
from bot.settings import Settings
from bot.sharding import shards_from

log = logging.getLogger(__name__)
INVITE_PERMISSIONS = discord.Permissions(send_messages=True, embed_links=True, attach_files=True)
INVITE_SCOPES = ("bot", "applications.commands")


def configure_endpoints(settings: Settings) -> None:
    """Point discord.py at the configured API and gateway (class attributes: process-wide)."""
    Route.BASE = settings.discord_api_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


class MatchfactsBot(discord.AutoShardedClient):
    def __init__(self, core: Core, settings: Settings, *, defer_after: float = 1.0,
                 **options: Any) -> None:
        intents = discord.Intents.none()
        intents.guilds = True   # roles, for the admin-role rule
        options.setdefault("guild_ready_timeout", 2.0)
        shards = shards_from(settings.discord_shard_ids, settings.discord_shard_count)
        if shards.count is not None:          # else Discord says how many (GET /gateway/bot)
            options.setdefault("shard_count", shards.count)
        if shards.ids:
            options.setdefault("shard_ids", list(shards.ids))
        super().__init__(intents=intents, **options)
        self.core = core
        self.settings = settings
        warn_if_weak(settings)
        self.defer_after = defer_after
        self.tree = build_tree(self, core, self._run, self._ask)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        self._tasks: set[asyncio.Task[None]] = set()

    async def setup_hook(self) -> None:
        await self.core.names.refresh(self.core.store)
        self.track(asyncio.create_task(asyncio.to_thread(warm)))  # first chart: no import wait

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await guilds.joined(self.core.store, guild)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await guilds.left(self.core.store, guild)

    def actor(self, interaction: discord.Interaction) -> Actor:
        user = interaction.user
        return Actor("discord", str(user.id), user.display_name,
                     is_admin=is_admin(interaction, self.settings))

    async def _run(self, interaction: discord.Interaction, spec: CommandSpec,
                   args: dict[str, str], upload: discord.Attachment | None = None) -> None:
        async def produce() -> Reply:
            try:
                actor = self.actor(interaction)
                data, name = await read_upload(upload) if actor.is_admin else (None, None)
                command = self.core.build(spec, args, actor, str(interaction.channel_id),
                                          attachment=data, attachment_name=name,
                                          server=server_of(interaction))
            except UserError as err:
                return error_reply(err)
            return await self.core.dispatch(command)

        await self._answer(interaction, produce)

    async def _ask(self, interaction: discord.Interaction, question: str) -> None:
        await self._answer(interaction, lambda: self.core.ask(
            question, self.actor(interaction), str(interaction.channel_id),
            server=server_of(interaction)))

    async def _answer(self, interaction: discord.Interaction,
                      produce: Callable[[], Awaitable[Reply]]) -> None:
        """Tracked, so close() can cancel answers still running before the session closes."""
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)  # type: ignore[arg-type]
        try:
            await answer(interaction, produce, self.defer_after)
        finally:
            if task is not None:
                self._tasks.discard(task)  # type: ignore[arg-type]

    async def _on_tree_error(self, interaction: discord.Interaction,
                             error: discord.app_commands.AppCommandError) -> None:
        log.error("slash command failed", exc_info=error)
        if not interaction.response.is_done():
            with contextlib.suppress(discord.HTTPException):
                await interaction.response.send_message(
                    "Sorry, something went wrong on our side. It has been logged.", ephemeral=True)

    def track(self, task: asyncio.Task[None]) -> None:
        """Background work (e.g. the scheduler) that close() cancels before the session closes."""
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Cancel our background work first, then let discord.py close its HTTP session."""
        current = asyncio.current_task()
        pending = [t for t in self._tasks if t is not current and not t.done()]
        for t in pending:
            t.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        await super().close()


def server_of(interaction: discord.Interaction) -> str:
    """The guild id the core keys settings and subscriptions on ('' in a DM)."""
    return str(interaction.guild_id) if interaction.guild_id else ""


def application_id(token: str) -> int:
    """A bot token's first segment is its user id (= application id), base64-encoded."""
    head = token.split(".")[0]
    try:
        return int(base64.b64decode(head + "=" * (-len(head) % 4)).decode())
    except (ValueError, UnicodeDecodeError):
        raise UserError("DISCORD_TOKEN does not look like a bot token "
                        "(its first part should encode the application id).") from None


def invite_url(app_id: int) -> str:
    return discord.utils.oauth_url(app_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES)


async def sync(core: Core, settings: Settings) -> list[str]:
    """Upload the generated commands: to DISCORD_GUILD_ID if set, else globally."""
    settings.require("discord_token")
    configure_endpoints(settings)
    bot = MatchfactsBot(core, settings)
    async with bot:
        await bot.login(settings.discord_token.reveal())  # type: ignore[union-attr]
        guild = discord.Object(settings.discord_guild_id) if settings.discord_guild_id else None
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    return [c.name for c in synced]


async def run(core: Core, settings: Settings, **options: Any) -> None:
    """Run until closed; SIGTERM/SIGINT close the bot cleanly."""
    settings.require("discord_token")
    configure_endpoints(settings)
    bot = MatchfactsBot(core, settings, **options)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
    async with bot:
        await bot.start(settings.discord_token.reveal())  # type: ignore[union-attr]
