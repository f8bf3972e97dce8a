"""Slash commands generated from the core's CommandSpecs: no adapter code per command.

Each spec becomes an `app_commands.Command` whose callback has a signature built from the
spec's params (discord.py reads options from signatures), so a new core command appears on
Discord with its options, descriptions, choices and autocomplete on the next sync.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from adapters.discord.upload import FILE_HELP, FILE_OPTION
from bot.commands import CommandSpec, Param
from bot.core import Core

OptionKinds = {"club": ("club",), "player": ("player",), "subject": ("club", "player")}
Answer = Callable[[discord.Interaction, Callable[[], Awaitable[Any]]], Awaitable[None]]
Run = Callable[[discord.Interaction, CommandSpec, dict[str, str], discord.Attachment | None],
              Awaitable[None]]


def short(text: str, limit: int = 100) -> str:
    """Discord allows 1-100 characters for a description."""
    text = " ".join(text.split()) or "…"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _annotation(param: Param) -> type:
    return int if param.type == "int" else str


def autocompleter(core: Core, kinds: tuple[str, ...]) -> Callable[..., Awaitable[Any]]:
    """Names from the in-memory index (refreshed only when the data changed), ≤ 25."""

    async def complete(interaction: discord.Interaction, current: str
                       ) -> list[app_commands.Choice[str]]:
        await core.names.refresh(core.store)
        names = core.names.complete(current, kinds, limit=25)
        return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names]

    return complete


def build_command(core: Core, spec: CommandSpec, run: Run) -> app_commands.Command[Any, ..., Any]:
    """One spec → one slash command with the spec's options."""

    async def callback(interaction: discord.Interaction, **options: Any) -> None:
        upload = options.pop(FILE_OPTION, None)
        args = {k: str(v) for k, v in options.items() if v is not None}
        await run(interaction, spec, args, upload)

    params = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                annotation=discord.Interaction)]
    for p in spec.params:
        params.append(inspect.Parameter(
            p.name, inspect.Parameter.KEYWORD_ONLY, annotation=_annotation(p),
            **({} if p.must_give else {"default": None})))
    descriptions = {p.name: short(p.help) for p in spec.params}
    if spec.takes_file:
        params.insert(1, inspect.Parameter(FILE_OPTION, inspect.Parameter.KEYWORD_ONLY,
                                           annotation=discord.Attachment))
        descriptions[FILE_OPTION] = FILE_HELP
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = descriptions  # type: ignore[attr-defined]
    choices = {p.name: [app_commands.Choice(name=c, value=c) for c in p.choices[:25]]
               for p in spec.params if p.choices}
    if choices:
        callback.__discord_app_commands_param_choices__ = choices  # type: ignore[attr-defined]
    completes = {p.name: autocompleter(core, OptionKinds[p.type])
                 for p in spec.params if p.type in OptionKinds and not p.choices}
    if completes:
        callback.__discord_app_commands_param_autocomplete__ = completes  # type: ignore[attr-defined]
    command = app_commands.Command(name=spec.name, description=short(spec.summary),
                                   callback=callback)
    if spec.admin and not spec.group:
        command.guild_only = True
        command.default_permissions = discord.Permissions(manage_guild=True)
    return command


Ask = Callable[[discord.Interaction, str], Awaitable[None]]


def build_tree(client: discord.Client, core: Core, run: Run, ask: Ask
               ) -> app_commands.CommandTree[Any]:
    """Every core command, grouped specs as subcommand groups, plus `/ask`."""
    tree = app_commands.CommandTree(client)
    groups: dict[str, app_commands.Group] = {}
    for spec in core.commands:
        command = build_command(core, spec, run)
        if not spec.group:
            tree.add_command(command)
            continue
        if spec.group not in groups:
            admin_group = any(s.admin for s in core.commands if s.group == spec.group)
            groups[spec.group] = app_commands.Group(
                name=spec.group, description=short(f"{spec.group.capitalize()} commands"),
                guild_only=admin_group,
                default_permissions=discord.Permissions(manage_guild=True) if admin_group else None,
            )
            tree.add_command(groups[spec.group])
        groups[spec.group].add_command(command)

    if core.spec("ask") is None:
        @tree.command(name="ask", description="Ask in plain words, e.g. "
                                              "Liverpool v Real Madrid head to head")
        @app_commands.describe(question="Your question, or any command as you would type it")
        async def ask_command(interaction: discord.Interaction, question: str) -> None:
            await ask(interaction, question)

    return tree
