"""Test-only command specs, added to a real Core: a slow one, a crashing one, an admin one."""

from __future__ import annotations

import asyncio
from datetime import datetime

from bot.commands import Command, CommandSpec, Param
from bot.context import Context
from bot.core import Core
from bot.registry import COMMANDS
from bot.reply import Field, Reply
from storage import Store


async def slow(ctx: Context, cmd: Command) -> Reply:
    """Answer after a pause given in seconds (to exercise deferral)."""
    await asyncio.sleep(float(cmd.args.get("seconds", "0.3")))
    return Reply(title="Slow answer", lines=("done",))


async def crash(ctx: Context, cmd: Command) -> Reply:
    """Fail with an internal error."""
    raise RuntimeError("secret internals /home/bot/db.sqlite")


async def purge(ctx: Context, cmd: Command) -> Reply:
    """Admin-only test command."""
    return Reply(title="Purged", lines=(f"by {cmd.actor.ref}",))


async def long(ctx: Context, cmd: Command) -> Reply:
    """A reply far over every embed limit."""
    n = int(cmd.args.get("lines", "400"))
    return Reply(title="L" * 300, lines=tuple(f"line {i} " + "x" * 60 for i in range(n)),
                 fields=tuple(Field(f"field {i}", "v" * 1500) for i in range(40)),
                 footnote="f" * 3000)


EXTRA = (
    CommandSpec("slow", slow, params=(Param("seconds", "text", "Seconds to wait"),)),
    CommandSpec("crash", crash),
    CommandSpec("long", long, params=(Param("lines", "int", "How many lines"),)),
    CommandSpec("purge", purge, admin=True, group="admin"),
)


def core_with_extras(store: Store, now: datetime) -> Core:
    return Core(store, now=lambda: now, commands=(*COMMANDS, *EXTRA))
