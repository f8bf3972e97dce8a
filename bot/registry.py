"""Every command family, composed in one visible place (no registration by import)."""

from __future__ import annotations

from bot.commands import CommandSpec
from bot.families import admin, h2h, help, tie

COMMANDS: tuple[CommandSpec, ...] = (
    *h2h.COMMANDS,
    *tie.COMMANDS,
    *help.COMMANDS,
    *admin.COMMANDS,
)
