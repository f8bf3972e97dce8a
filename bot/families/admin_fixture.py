"""`admin fixture`: add, move, postpone or cancel a fixture; kick-off in a named zone, kept in UTC.

The scheduler derives its posts from fixtures, so moving a fixture moves its previews and
cancelling one cancels them: this command only has to store the fixture right.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.commands import Command, CommandSpec, Param, parse_date
from bot.context import Context
from bot.errors import UserError
from bot.families.admin_audit import match_change
from bot.families.admin_options import (
    COMPETITION_HELP,
    competition_of,
    round_stage_leg,
    season_start,
)
from bot.names import Named
from bot.reply import Reply
from bot.text import day, match_data, stage_label
from storage.matches import NewMatch
from storage.rows import Match

ACTIONS = ("add", "move", "reschedule", "postpone", "cancel")
_LINE = re.compile(
    r"^(?:(?P<action>add|move|reschedule|postpone|cancel)\s+)?(?P<home>.+?)\s+(?:v|vs\.?)\s+"
    r"(?P<away>.+?)(?:\s+(?:to\s+)?(?P<date>\d{4}-\S+)(?:\s+(?P<time>\d{1,2}[:.h]\d{2}))?"
    r"(?:\s+(?P<tz>\S+))?)?$", re.IGNORECASE)


def _zone(name: str | None) -> ZoneInfo:
    if not name:
        raise UserError("Give the kick-off's time zone as an IANA name, e.g. "
                        "`2026-12-09 20:00 Europe/London`.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise UserError(f"Unknown time zone “{name}”: use an IANA name such as Europe/London "
                        "or America/New_York.") from None


def kickoff(ctx: Context, day_text: str, time_text: str | None, tz_name: str | None
            ) -> tuple[str, datetime]:
    """(local date, kick-off in the given zone), refused when it is not in the future."""
    when = parse_date(day_text)
    if not time_text:
        raise UserError(f"Give the kick-off time after the date, e.g. `{when} 20:00 "
                        "Europe/London`.")
    hours, minutes = (int(x) for x in re.split(r"[:.h]", time_text.lower()))
    if hours > 23 or minutes > 59:
        raise UserError(f"“{time_text}” is not a time of day: use 24-hour HH:MM, e.g. 20:00.")
    zone = _zone(tz_name)
    local = datetime(when.year, when.month, when.day, hours, minutes, tzinfo=zone)
    if local <= ctx.now():
        raise UserError(f"{day(when)} {time_text} {zone.key} is in the past: a fixture must "
                        "kick off in the future.")
    return when.isoformat(), local


async def admin_fixture(ctx: Context, cmd: Command) -> Reply:
    """Add, move (reschedule), postpone or cancel a fixture.

    `admin fixture Liverpool v Real Madrid 2026-12-09 20:00 Europe/London round:R16 leg:1
    competition:UCL` adds one (the time zone is an IANA name; the kick-off is stored in UTC).
    competition: takes any competition in our data by code or name (`eng1`, `premier league`,
    `fa cup`, `la liga`); a league match needs no round, a domestic cup tie is one match
    unless leg: says otherwise.
    `admin fixture move Liverpool v Real Madrid to 2026-12-10 21:00 Europe/Madrid`,
    `admin fixture postpone Liverpool v Real Madrid` (no new date yet) and
    `admin fixture cancel Liverpool v Real Madrid` change the next fixture of the pairing
    (or the one on date:). Previews follow: a moved fixture's posts move, a cancelled one's go.
    """
    text = cmd.args.get("line", "")
    m = _LINE.match(text.strip())
    if not m:
        raise UserError("Write the fixture as `Home v Away 2026-12-09 20:00 Europe/London`, "
                        "optionally after move, postpone or cancel.")
    action = (m["action"] or "add").lower()
    home, away = ctx.club(m["home"].strip()), ctx.club(m["away"].strip())
    if home.id == away.id:
        raise UserError(f"{home.name} can't play itself: name two different clubs.")
    if action == "add":
        if not m["date"]:
            raise UserError("A new fixture needs its kick-off: `Home v Away 2026-12-09 20:00 "
                            "Europe/London`.")
        return await _add(ctx, cmd, home, away, *kickoff(ctx, m["date"], m["time"], m["tz"]))
    existing = await find_fixture(ctx, cmd, home, away)
    if action in ("move", "reschedule") or (action == "postpone" and m["date"]):
        if not m["date"]:
            raise UserError(f"Say when it moves to: `admin fixture move {home.name} v "
                            f"{away.name} to 2026-12-10 21:00 Europe/Madrid`.")
        when, local = kickoff(ctx, m["date"], m["time"], m["tz"])
        return await _change(ctx, existing, "fixture.move", "scheduled", when, local)
    if m["date"]:
        raise UserError(f"`{action}` takes no new date; use `admin fixture move` to reschedule.")
    status = "postponed" if action == "postpone" else "cancelled"
    return await _change(ctx, existing, f"fixture.{action}", status, existing.date, None)


async def find_fixture(ctx: Context, cmd: Command, home: Named, away: Named) -> Match:
    """The pairing's fixture on date:, else its next one still to be played."""
    on = cmd.args.get("date")
    first = parse_date(on).isoformat() if on else ctx.now().date().isoformat()
    last = first if on else "9999-12-31"
    found = await ctx.store.fixtures_between(home.id, away.id, first, last)
    found = sorted((f for f in found if f[2] in ("scheduled", "postponed")), key=lambda f: f[1])
    if not found:
        span = f"on {day(first)}" if on else "still to be played"
        raise UserError(f"No fixture of {home.name} v {away.name} {span} is stored "
                        "(home club first).")
    match = await ctx.store.match(found[0][0])
    assert match is not None
    return match


async def _add(ctx: Context, cmd: Command, home: Named, away: Named, when: str,
               local: datetime) -> Reply:
    comp = competition_of(cmd.args.get("competition"), (home.country, away.country))
    round_, stage, leg = round_stage_leg(comp, cmd.args.get("round"), cmd.args.get("leg"))
    store = ctx.store
    clash = await store.fixtures_between(home.id, away.id, when, when)
    if clash:
        raise UserError(f"{home.name} v {away.name} on {day(when)} is already stored; use "
                        "`admin fixture move` to change its kick-off.")
    async with store.transaction():
        comp_id = await store.ensure_competition(comp.code, comp.name, None)
        season_id = await store.ensure_season(comp_id, season_start(date.fromisoformat(when)))
        match_id, _ = await store.upsert_match(NewMatch(
            season_id=season_id, stage=stage, round=round_, leg=leg, date=when,
            home_id=home.id, away_id=away.id, source="admin", status="scheduled",
            kickoff_utc=_utc(local), venue=cmd.args.get("venue")))
        summary = f"{home.name} v {away.name} ({day(when)})"
        await match_change(ctx, "fixture.add", match_id, None, summary)
    return await _answer(ctx, match_id, "Fixture added", local)


async def _change(ctx: Context, m: Match, action: str, status: str, when: str,
                  local: datetime | None) -> Reply:
    store = ctx.store
    async with store.transaction() as db:
        before = await store.match_state(m.id)
        if local is not None:
            await db.execute("UPDATE matches SET status = ?, date = ?, kickoff_utc = ? "
                             "WHERE id = ?", (status, when, _utc(local), m.id))
        else:
            await db.execute("UPDATE matches SET status = ? WHERE id = ?", (status, m.id))
        await match_change(ctx, action, m.id, before,
                           f"{m.home} v {m.away} ({day(m.date)}" +
                           (f" → {day(when)})" if when != m.date else ")"))
    title = {"fixture.move": "Fixture moved", "fixture.postpone": "Fixture postponed",
             "fixture.cancel": "Fixture cancelled"}[action]
    return await _answer(ctx, m.id, title, local)


def _utc(local: datetime) -> str:
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def _answer(ctx: Context, match_id: int, title: str, local: datetime | None) -> Reply:
    """Read back what was stored: the kick-off in the zone given and in UTC."""
    m = await ctx.store.match(match_id)
    assert m is not None
    lines = [f"{stage_label(m)}, {m.competition}."]
    if m.kickoff_utc:
        utc = datetime.fromisoformat(m.kickoff_utc)
        shown = utc.astimezone(local.tzinfo) if local else None
        lines.append("Kick-off: " + (f"{shown:%a} {shown.day} {shown:%b %Y, %H:%M} "
                                     f"{shown.tzname()} ({local.tzinfo}) = " if shown and local
                                     else "") + f"{utc:%Y-%m-%d %H:%M} UTC.")
    if m.status != "scheduled":
        lines.append(f"Status: {m.status}; no previews will be posted for it"
                     + (" until it is rescheduled." if m.status == "postponed" else "."))
    return Reply(title=f"{title}: {m.home} v {m.away}", lines=tuple(lines),
                 data={"match": {**match_data(m), "kickoff_utc": m.kickoff_utc,
                                 "status": m.status}})


COMMANDS = (
    CommandSpec(
        "fixture", admin_fixture, group="admin", admin=True, layout="single",
        params=(
            Param("line", "text", "[move|postpone|cancel] Home v Away [to] DATE HH:MM ZONE",
                  required=True, positional=True),
            Param("competition", "competition", COMPETITION_HELP),
            Param("round", "text", "Round of a new fixture: R16, QF, SF, F, LP, G-A …"),
            Param("leg", "choice", "1, 2 or single", choices=("1", "2", "single", "replay")),
            Param("venue", "text", "Stadium (optional)"),
            Param("date", "date", "Which stored fixture to move/postpone/cancel"),
        ),
        examples=("admin fixture Liverpool v Real Madrid 2026-12-09 20:00 Europe/London "
                  "round:R16 leg:1 competition:UCL",
                  "admin fixture move Liverpool v Real Madrid to 2026-12-10 21:00 Europe/Madrid",
                  "admin fixture cancel Liverpool v Real Madrid"),
    ),
)
