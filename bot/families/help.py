"""Help, generated from the commands' own declarations."""

from __future__ import annotations

from bot.commands import Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.reply import Field, Reply
from bot.scope import COMPETITION_WORDS, era_label, load_catalog, season_text


async def help_command(ctx: Context, cmd: Command) -> Reply:
    """What matchfacts can answer; `help COMMAND` for one command's options and examples."""
    from bot.registry import COMMANDS  # the registry lists this module: import late

    visible = [c for c in COMMANDS if not c.admin or cmd.actor.is_admin]
    wanted = " ".join(cmd.args.get("command", "").lower().split())
    if wanted:
        matches = [c for c in visible if wanted in (c.full_name, c.name)]
        if not matches:
            raise UserError(f"There is no command “{wanted}”.",
                            suggestions=tuple(c.full_name for c in visible
                                              if c.full_name.startswith(wanted[:2]))[:5])
        spec = matches[0]
        options = tuple(Field(p.name, p.help + ("" if not p.required else " (required)"))
                        for p in spec.params)
        return Reply(
            title=spec.full_name,
            lines=(*spec.help.splitlines(), "", f"Usage: {spec.usage}"),
            fields=options + (Field("Examples", "\n".join(spec.examples), inline=False),)
            if spec.examples else options,
            data={"command": spec.full_name, "usage": spec.usage,
                  "params": [p.name for p in spec.params], "examples": list(spec.examples)},
        )
    catalog = await load_catalog(ctx.store)
    held: dict[str, list[str]] = {}   # one field per country: each fits a platform's field
    for i in catalog.with_data():
        if i.first_season is not None and i.last_season is not None:
            held.setdefault(i.country, []).append(
                f"{i.code.lower()} — {era_label(i)}, {season_text(i.first_season)} to "
                f"{season_text(i.last_season)}")
    words = "competition: takes " + COMPETITION_WORDS
    return Reply(
        title="matchfacts: football match facts from our own data",
        lines=tuple(f"{c.full_name} — {c.summary}" for c in visible),
        fields=(Field("Try", "\n".join(c.examples[0] for c in visible if c.examples)[:1000],
                      inline=False),
                *(Field(f"Competitions in our data: {country}", "\n".join(lines), inline=False)
                  for country, lines in held.items()),
                Field("Competitions" if held else "Competitions in our data: none yet", words,
                      inline=False)),
        footnote="Options go as name:value, e.g. competition:cl since:2000 as_of:2023-02-21",
        data={"commands": [c.full_name for c in visible],
              "competitions": [i.code for i in catalog.with_data()]},
    )


COMMANDS = (
    CommandSpec("help", help_command,
                params=(Param("command", "text", "A command name", positional=True),),
                layout="single", examples=("help", "help h2h")),
)
