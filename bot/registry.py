"""Every command family, composed in one visible place (no registration by import)."""

from __future__ import annotations

from bot.commands import CommandSpec
from bot.families import (
    admin,
    biggest,
    compare,
    facts,
    form,
    h2h,
    help,
    honours,
    lasts,
    players,
    records,
    scorers,
    seasons,
    streaks,
    table,
    tie,
)

COMMANDS: tuple[CommandSpec, ...] = (
    *h2h.COMMANDS,
    *tie.COMMANDS,
    *streaks.COMMANDS,
    *records.COMMANDS,
    *players.COMMANDS,
    *honours.COMMANDS,
    *scorers.COMMANDS,
    *lasts.COMMANDS,
    *biggest.COMMANDS,
    *compare.COMMANDS,
    *form.COMMANDS,
    *table.COMMANDS,
    *seasons.COMMANDS,
    *facts.COMMANDS,
    *help.COMMANDS,
    *admin.COMMANDS,
)
