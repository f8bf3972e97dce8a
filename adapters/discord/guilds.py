"""The bot joins or leaves a Discord server: say hello once, or pause that server's posts.

Leaving (kicked, or the server deleted) pauses every subscribed channel of the server with a
reason `subscriptions` shows; joining again resumes exactly those channels. The hello goes to
the server's system channel, else the first text channel the bot may write in; if it may write
nowhere, it says nothing (the bot never fails a join over a hello).
"""

from __future__ import annotations

import contextlib
import logging

import discord

from bot.core import utc_now
from storage import Store

log = logging.getLogger(__name__)

LEFT = "the bot was removed from this Discord server (invite it again to resume)"
HELLO = ("Hi, I'm matchfacts: football facts from our own data. Start with "
         "`/facts Liverpool v Real Madrid` or `/help`; admins can set this server's club "
         "with `/admin settings club:NAME`.")


def hello_channel(guild: discord.Guild) -> discord.TextChannel | None:
    """The system channel if the bot may write there, else the first text channel it may."""
    me = guild.me
    candidates = ([guild.system_channel] if guild.system_channel else []) + sorted(
        guild.text_channels, key=lambda c: (c.position, c.id))
    for channel in candidates:
        if me is None or channel.permissions_for(me).send_messages:
            return channel
    return None


async def joined(store: Store, guild: discord.Guild) -> None:
    resumed = await store.resume_server("discord", str(guild.id), LEFT)
    if resumed:
        log.info("Discord: back in server %s; %d channel(s) resumed", guild.id, resumed)
    channel = hello_channel(guild)
    if channel is None:
        log.info("Discord: joined server %s; no channel to say hello in", guild.id)
        return
    with contextlib.suppress(discord.HTTPException):
        await channel.send(HELLO)
        log.info("Discord: joined server %s; said hello in %s", guild.id, channel.id)


async def left(store: Store, guild: discord.Guild) -> None:
    paused = await store.pause_server("discord", str(guild.id), LEFT, utc_now().isoformat())
    log.info("Discord: removed from server %s; %d subscribed channel(s) paused", guild.id,
             paused)
