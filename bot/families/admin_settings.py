"""`admin settings`: a server's (or one channel's) club, time zone, competition, charts, mention.

A Discord server or Slack workspace that follows one club sets it once; commands may then
leave the club out (bot/defaults.py). A channel's own value wins over the server's. Every
change is audited and can be taken back with `admin undo`.
"""

from __future__ import annotations

import re
from typing import Any

from bot.commands import Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.admin_audit import stamp
from bot.families.subscriptions import zone
from bot.reply import Field, Reply
from bot.scope import competition_key
from storage.server_settings import FIELDS

CLEAR = {"none", "clear", "unset", "off", "-"}
SHOWN = {"club_id": "Club", "timezone": "Time zone", "competition": "Competition",
         "charts": "Charts attached", "mention": "Match-day mention"}
_ROLE = re.compile(r"^(?:<@&(\d+)>|role:(\d+)|(\d{5,}))$")
_GROUP = re.compile(r"^(?:<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>|group:([A-Z0-9]+))$")


def parse_mention(text: str) -> str | None:
    """What a match-day post mentions, platform-neutral: here, role:ID, group:ID (None: none)."""
    value = text.strip()
    if value.lower() in CLEAR:
        return None
    if value.lower() in ("@here", "here", "<!here>", "<!here|here>"):
        return "here"
    if m := _ROLE.match(value):
        return "role:" + next(g for g in m.groups() if g)
    if m := _GROUP.match(value):
        return "group:" + next(g for g in m.groups() if g)
    raise UserError(f"mention must be @here, a role (Discord: pick it, or role:ID) or a user "
                    f"group (Slack: pick it, or group:ID), or none — not “{value}”.")


def mention_text(value: str | None) -> str:
    if value is None:
        return "none"
    return "@here" if value == "here" else value


async def _changes(ctx: Context, args: dict[str, str]) -> dict[str, Any]:
    """The fields the command sets (None clears one), each checked before anything is written."""
    out: dict[str, Any] = {}
    if "club" in args:
        out["club_id"] = None if args["club"].lower() in CLEAR else ctx.club(args["club"]).id
    if "tz" in args:
        out["timezone"] = None if args["tz"].lower() in CLEAR else zone(args["tz"])
    if "competition" in args:
        text = args["competition"]
        out["competition"] = None if text.lower() in CLEAR else competition_key(text)
    if "charts" in args:
        text = args["charts"].lower()
        if text not in ("yes", "no", "default", *CLEAR):
            raise UserError(f"charts must be yes, no or default, not “{args['charts']}”.")
        out["charts"] = None if text not in ("yes", "no") else int(text == "yes")
    if "mention" in args:
        out["mention"] = parse_mention(args["mention"])
    return out


def _scope(cmd: Command) -> tuple[str, str, str, str]:
    """(platform, server, channel or '', label) the command is about."""
    platform = cmd.actor.platform
    if not cmd.server and platform != "console":
        raise UserError("Settings belong to a server: use `admin settings` in a channel of "
                        "the server (not in a direct message).")
    where = (cmd.args.get("where") or "server").lower()
    if where not in ("server", "channel"):
        raise UserError(f"where must be server or channel, not “{cmd.args['where']}”.")
    if where == "channel":
        return platform, cmd.server, cmd.place, "this channel"
    return platform, cmd.server, "", "this server"


async def admin_settings(ctx: Context, cmd: Command) -> Reply:
    """Show or set this server's settings (or, with where:channel, this channel's).

    `admin settings club:Everton tz:Europe/London competition:cl charts:yes mention:@here`.
    With a club set, commands may leave it out: `form`, `streak`, `fixtures`, `facts` (the
    club's next fixture), `h2h Liverpool` (the club v Liverpool). `none` clears a value;
    a channel's own value wins over the server's. Undo with `admin undo`.
    """
    platform, server, channel, label = _scope(cmd)
    changes = await _changes(ctx, {k: v for k, v in cmd.args.items() if k != "where"})
    if changes:
        async with ctx.store.transaction():
            before = await ctx.store.settings_row(platform, server, channel)
            row = {f: (before or {}).get(f) for f in FIELDS} | changes
            row |= {"updated_by": cmd.actor.ref, "updated_at": stamp(ctx)}
            await ctx.store.restore_settings_row(platform, server, channel, row)
            after = await ctx.store.settings_row(platform, server, channel)
            summary = f"settings of {label} ({platform}:{server or 'console'}" + (
                f"/{channel}" if channel else "") + "): " + ", ".join(
                f"{SHOWN[k].lower()} {'cleared' if v is None else 'set'}"
                for k, v in changes.items())
            where = {"kind": "settings", "platform": platform, "server": server,
                     "channel": channel}
            await ctx.store.audit(stamp(ctx), cmd.actor.ref, "settings.set", "settings", None,
                                  {**where, "state": before, "summary": summary},
                                  {**where, "state": after, "summary": summary})
    place = await ctx.store.place_settings(platform, server, cmd.place)
    own = await ctx.store.settings_row(platform, server, channel) or {}
    values = {"club_id": place.club, "timezone": place.timezone,
              "competition": place.competition,
              "charts": None if place.charts is None else ("yes" if place.charts else "no"),
              "mention": mention_text(place.mention) if place.mention else None}
    fields = tuple(Field(SHOWN[k], (str(v) if v is not None else "not set")
                         + (f" ({place.level[k]})" if k in place.level else ""))
                   for k, v in values.items())
    title = (f"Settings saved for {label}" if changes else "Settings in force in this channel")
    return Reply(title=title, fields=fields,
                 footnote="A channel's own setting wins over the server's · "
                          "`admin settings where:channel …` sets one for this channel only",
                 data={"platform": platform, "server": server, "channel": channel,
                       "changed": sorted(changes), "own": {f: own.get(f) for f in FIELDS},
                       "in_force": {**values, "club_id": place.club_id,
                                    "charts": place.charts, "mention": place.mention},
                       "level": dict(place.level)})


COMMANDS = (
    CommandSpec("settings", admin_settings, group="admin", admin=True,
                params=(Param("club", "club", "The server's club (none to clear)"),
                        Param("tz", "text", "Time zone, e.g. Europe/London"),
                        Param("competition", "competition", "Default competition: cl, ec, el, "
                              "uecl or europe"),
                        Param("charts", "choice", "Attach charts: yes, no or default",
                              choices=("yes", "no", "default")),
                        Param("mention", "text", "Who match-day posts mention: @here, a role or "
                              "a user group, or none"),
                        Param("where", "choice", "server (default) or channel: this channel only",
                              choices=("server", "channel"))),
                examples=("admin settings", "admin settings club:Everton tz:Europe/London",
                          "admin settings where:channel competition:cl mention:@here")),
)
