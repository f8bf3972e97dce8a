"""`subscribe`, `subscriptions`, `unsubscribe`: which match-day posts a channel gets.

A channel is Command.place on the caller's platform. Its time zone applies to all its
subscriptions; subscribing again also resumes a channel the scheduler paused.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.commands import Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.admin_audit import actor_key, channel_change, stamp
from bot.reply import Reply
from bot.scope import CATALOG, LEAGUE, is_competition_word, resolve_competition
from storage.rows import CompetitionInfo

DEFAULT_LEADS = [1440]
UEFA_WORDS = ("cl", "el", "uecl")
MIN_LEAD, MAX_LEAD = 5, 14 * 1440
_LEAD = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?$")


def parse_leads(text: str) -> list[int]:
    """'24h,1h' → [1440, 60] (minutes); 'none' → no previews."""
    if text.strip().lower() in ("none", "no", "off", "0"):
        return []
    leads = []
    for part in (p.strip().lower() for p in text.split(",")):
        m = _LEAD.match(part)
        if not part or not m or not any(m.groups()):
            raise UserError(f"A lead time looks like 24h, 1h, 90m or 2d, not “{part}”.")
        minutes = int(m[1] or 0) * 1440 + int(m[2] or 0) * 60 + int(m[3] or 0)
        if not MIN_LEAD <= minutes <= MAX_LEAD:
            raise UserError(f"Lead time {part} must be between 5 minutes and 14 days.")
        leads.append(minutes)
    if len(set(leads)) != len(leads):
        raise UserError("The same lead time is given twice.")
    return sorted(leads, reverse=True)


def lead_text(minutes: int) -> str:
    if minutes % 60:
        return f"{minutes} min"
    return f"{minutes // 60} h"


def zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise UserError(f"Unknown time zone “{name}”: use an IANA name such as "
                        "Europe/London or America/New_York.") from None
    return name


def competition_label(info: CompetitionInfo) -> str:
    """How a subscription names its competition: a UEFA one by its stored name, a domestic
    one by its present name and what it is ('Championship (English second tier)': Scotland
    has a Championship too)."""
    present = info.eras[-1][1] if info.eras else info.name
    if info.country == "UEFA" or present == info.name:
        return info.name
    return f"{present} ({info.name})"


async def _target(ctx: Context, text: str) -> tuple[str, int, str]:
    """(kind, id, label): one competition of the database, named as the `competition:`
    option names it (bot/scope.py: cl, eng1, facup, premier league, the fa cup…), or a
    club."""
    words = text.strip()
    if words.lower().startswith("the ") and is_competition_word(words[4:]):
        text = words[4:]                                  # "the Championship"
    if not is_competition_word(text):
        club = ctx.club(text)
        return "club", club.id, club.name
    try:
        found = resolve_competition(text)
    except UserError:    # `league` alone: no clubs to take the country from
        found = None
    if found is None or found.key == LEAGUE or len(found.codes) != 1:
        codes = [*UEFA_WORDS, *(i.code.lower() for i in CATALOG.get().with_data()
                                if i.country != "UEFA")]
        raise UserError(f"Subscribe to one competition at a time, not “{text.strip()}”: "
                        f"one of {', '.join(codes)} (or a club).")
    info = CATALOG.get().by_code.get(found.codes[0].upper())
    if info is None:
        raise UserError(f"There is no {found.label} data yet to subscribe to.")
    return "competition", info.id, competition_label(info)


async def subscribe(ctx: Context, cmd: Command) -> Reply:
    """Subscribe this channel to a club's or a competition's match-day posts.

    `subscribe Liverpool tz:Europe/London leads:24h,1h results:yes`. Previews go out at each
    lead time before kick-off (default 24h), results when they are entered. The time zone
    (IANA name; default the channel's, else the server's setting, else UTC) is the
    channel's. Subscribing again changes the settings and resumes a paused channel.
    """
    platform, channel = cmd.actor.platform, cmd.place
    kind, target_id, label = await _target(ctx, cmd.args["target"])
    existing = await ctx.store.channel_subscriptions(platform, channel)
    tz = zone(cmd.args.get("tz") or (existing[0].timezone if existing else None)
              or ctx.place.timezone or "UTC")
    leads = parse_leads(cmd.args["leads"]) if cmd.args.get("leads") else DEFAULT_LEADS
    results_text = (cmd.args.get("results") or "yes").lower()
    if results_text not in ("yes", "no", "on", "off", "true", "false"):
        raise UserError(f"results must be yes or no, not “{cmd.args['results']}”.")
    results = results_text in ("yes", "on", "true")
    if not leads and not results:
        raise UserError("With leads:none and results:no there would be nothing to post.")
    async with ctx.store.transaction(football=False):
        before = await ctx.store.channel_state(platform, channel)
        await ctx.store.save_subscription(platform, channel, kind, target_id, tz, leads,
                                          results, actor_key(cmd.actor), stamp(ctx),
                                          cmd.server)
        await ctx.store.resume_channel(platform, channel)
        await channel_change(ctx, "subscription.set", platform, channel, before,
                             f"{platform}:{channel} subscribed to {label}")
    posts = [f"previews {', '.join(lead_text(x) for x in leads)} before kick-off"] if leads \
        else []
    posts += ["results"] if results else []
    return Reply(title=f"This channel is subscribed to {label}",
                 lines=(f"Posts: {' and '.join(posts)}; times in {tz}.",),
                 data={"target": label, "kind": kind, "leads": leads, "results": results,
                       "timezone": tz, "channel": channel, "platform": platform})


async def subscriptions(ctx: Context, cmd: Command) -> Reply:
    """This channel's subscriptions, its time zone, and whether posting is paused (and why)."""
    platform, channel = cmd.actor.platform, cmd.place
    subs = await ctx.store.channel_subscriptions(platform, channel)
    health = await ctx.store.channel_health(platform, channel)
    clubs = {c.id: c.name for c in await ctx.store.clubs()}
    comps = {i.id: competition_label(i) for i in CATALOG.get().infos}
    lines = []
    for s in subs:
        name = clubs.get(s.target_id) if s.target_kind == "club" else comps.get(s.target_id)
        what = ([f"previews {', '.join(lead_text(x) for x in s.leads)}"] if s.leads else []) \
            + (["results"] if s.results else [])
        lines.append(f"{name}: {' and '.join(what)}")
    if not subs:
        lines.append("This channel has no subscriptions. Try `subscribe Liverpool`.")
    if health.paused_at:
        lines.append(f"Posting is PAUSED since {health.paused_at}: {health.pause_reason}. "
                     "Fix it, then run `subscribe` again to resume.")
    return Reply(
        title="Subscriptions of this channel",
        lines=tuple(lines),
        footnote=f"Times in {subs[0].timezone}" if subs else "",
        data={"subscriptions": [{"kind": s.target_kind, "id": s.target_id, "leads":
                                 list(s.leads), "results": s.results} for s in subs],
              "timezone": subs[0].timezone if subs else None,
              "paused": bool(health.paused_at), "pause_reason": health.pause_reason},
    )


async def unsubscribe(ctx: Context, cmd: Command) -> Reply:
    """Remove this channel's subscription to a club or competition, or `unsubscribe all`."""
    platform, channel = cmd.actor.platform, cmd.place
    text = cmd.args["target"]
    target, label = None, "everything"
    if text.strip().lower() != "all":
        kind, target_id, label = await _target(ctx, text)
        target = (kind, target_id)
    async with ctx.store.transaction(football=False):
        before = await ctx.store.channel_state(platform, channel)
        removed = await ctx.store.delete_subscriptions(platform, channel, target)
        if not removed:
            raise UserError(f"This channel is not subscribed to {label}.")
        await channel_change(ctx, "subscription.remove", platform, channel, before,
                             f"{platform}:{channel} unsubscribed from {label}")
    return Reply(title=f"Unsubscribed this channel from {label}",
                 data={"removed": removed, "target": label})


TARGET = Param("target", "subject", "A club, or one competition: cl, el, eng1, premier "
               "league, facup… (see help)", required=True, positional=True)
COMMANDS = (
    CommandSpec("subscribe", subscribe, admin=True, layout="single",
                params=(TARGET, Param("tz", "text", "IANA time zone, e.g. Europe/London"),
                        Param("leads", "text", "Preview lead times, e.g. 24h,1h or none"),
                        Param("results", "choice", "Post results: yes or no",
                              choices=("yes", "no"))),
                examples=("subscribe Liverpool tz:Europe/London leads:24h,1h",
                          "subscribe cl tz:Europe/Madrid", "subscribe premier league")),
    CommandSpec("subscriptions", subscriptions, admin=True, examples=("subscriptions",)),
    CommandSpec("unsubscribe", unsubscribe, admin=True, layout="single", params=(TARGET,),
                examples=("unsubscribe Liverpool", "unsubscribe all")),
)
