"""`admin news` (who is out or doubtful for a fixture) and `admin lineup` (who played, how long).

Team news shows in the fixture's preview post; appearances feed the player streaks. Both are
match changes: one transaction with their audit row, and `admin undo` restores the match.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.commands import Command, CommandSpec, Param, parse_date
from bot.context import Context
from bot.errors import UserError
from bot.families.admin_audit import match_change, stamp
from bot.families.admin_fixture import find_fixture
from bot.families.admin_players import PlayerBook
from bot.names import Named
from bot.reply import Reply
from bot.text import day
from storage.rows import Match

_HEAD = re.compile(r"^(?P<home>.+?)\s+(?:v|vs\.?)\s+(?P<away>.+?)\s*:\s*(?P<rest>.*)$",
                   re.IGNORECASE | re.DOTALL)
_NEWS = re.compile(r"^(?P<name>.+?)\s+(?P<status>out|doubtful|fit)(?:\s*\((?P<reason>[^)]*)\))?"
                   r"(?:\s+for\s+(?P<club>.+))?$", re.IGNORECASE)
_PLAYER = re.compile(r"^(?P<name>.*?[^\d\s*]\*?)(?:\s+(?P<on>\d{1,3})(?:-(?P<off>\d{1,3}))?)?$")
LOOK_BACK = 7
MAX_STARTERS = 11


async def _pairing(ctx: Context, text: str, example: str) -> tuple[Named, Named, str]:
    m = _HEAD.match(text.strip())
    if not m or not m["rest"].strip():
        raise UserError(f"Write it as `{example}`.")
    home, away = ctx.club(m["home"].strip()), ctx.club(m["away"].strip())
    if home.id == away.id:
        raise UserError(f"{home.name} can't play itself: name two different clubs.")
    return home, away, m["rest"].strip()


async def admin_news(ctx: Context, cmd: Command) -> Reply:
    """Team news for a fixture: who is out or doubtful, and why; it shows in the preview.

    `admin news Liverpool v Real Madrid: Salah out (hamstring); Alisson doubtful (illness)`.
    `Salah fit` clears his news. The player's club is the one he has played for; add
    `for Liverpool` when that is not known yet. The fixture is the pairing's next one (or date:).
    """
    example = "admin news Liverpool v Real Madrid: Salah out (hamstring); Alisson doubtful"
    home, away, rest = await _pairing(ctx, cmd.args.get("line", ""), example)
    fixture = await find_fixture(ctx, cmd, home, away)
    players = PlayerBook(ctx)
    items: list[tuple[str, str, str | None, int]] = []
    for part in (p.strip() for p in rest.split(";")):
        m = _NEWS.match(part)
        if not m:
            raise UserError(f"“{part}”: write a player then out, doubtful or fit, e.g. "
                            "`Salah out (hamstring)`.")
        name = m["name"].strip().rstrip("*")
        club_id = ctx.club(m["club"]).id if m["club"] else None
        if club_id is not None and club_id not in (home.id, away.id):
            raise UserError(f"{m['club']} does not play in {home.name} v {away.name}.")
        await players.check(name, m["name"].strip().endswith("*"), club_id)
        items.append((name, m["status"].lower(), (m["reason"] or "").strip() or None,
                      club_id or 0))
    if len({players_key(players, n) for n, *_ in items}) != len(items):
        raise UserError("A player is named twice; give each player once.")
    clubs = [c or await _club_of(ctx, players, n, home, away) for n, _, _, c in items]
    store = ctx.store
    async with store.transaction():
        before = await store.match_state(fixture.id)
        await players.create()
        for (name, status, reason, _), club_id in zip(items, clubs, strict=True):
            pid = players.id(name)
            if status == "fit":
                await store.clear_team_news(fixture.id, pid)
            else:
                await store.set_team_news(fixture.id, club_id, pid, status, reason, stamp(ctx))
        await match_change(ctx, "news", fixture.id, before,
                           f"team news {fixture.home} v {fixture.away} ({day(fixture.date)})",
                           list(players.created.values()))
    rows = await store.team_news_rows(fixture.id)
    lines = [f"{c}: {p} {s}" + (f" ({r})" if r else "") for c, p, s, r in rows]
    if players.new_names:
        lines.append("New players created: " + ", ".join(players.new_names) + ".")
    return Reply(title=f"Team news: {fixture.home} v {fixture.away}, {day(fixture.date)}",
                 lines=tuple(lines or ["No team news stored."]),
                 data={"match_id": fixture.id, "news": [
                     {"club": c, "player": p, "status": s, "reason": r} for c, p, s, r in rows]})


def players_key(players: PlayerBook, name: str) -> int | str:
    try:
        return players.id(name)
    except KeyError:
        return name.casefold()


async def _club_of(ctx: Context, players: PlayerBook, name: str, home: Named,
                   away: Named) -> int:
    """The side the player has played for; refused when unknown or both."""
    try:
        pid = players.id(name)
    except KeyError:
        pid = None
    sides = [c.id for c in (home, away)
             if pid is not None and await ctx.store.players_of_club([pid], c.id)]
    if len(sides) != 1:
        raise UserError(f"Which side is {name} in? Add the club: `{name} out for {home.name}`.")
    return sides[0]


async def admin_lineup(ctx: Context, cmd: Command) -> Reply:
    """Who played in a match, and for how long, so player streaks count appearances.

    `admin lineup Liverpool v Real Madrid: Alisson, Salah 80, Núñez / Jota 80; Courtois,
    Benzema / Rodrygo 67-85`. Home side, then `;`, then away side; starters, then `/` then
    substitutes. A starter's number is the minute he went off; a substitute's the minute he
    came on (`67-85`: on at 67, off at 85). The match is the pairing's in the last week (or
    date:); the lineup replaces any stored one.
    """
    example = "admin lineup Liverpool v Real Madrid: Alisson, Salah 80 / Jota 80; Courtois"
    home, away, rest = await _pairing(ctx, cmd.args.get("line", ""), example)
    match = await _played(ctx, cmd, home, away)
    sides = [s.strip() for s in rest.split(";")]
    if len(sides) != 2:
        raise UserError("Give both sides, home first, separated by `;`: " + f"`{example}`.")
    length = 120 if match.aet_home is not None else 90
    players = PlayerBook(ctx)
    planned: list[tuple[str, int, bool, int | None, int | None]] = []
    for club_id, side in zip((home.id, away.id), sides, strict=True):
        starters_text, _, subs_text = side.partition("/")
        starters = [p.strip() for p in starters_text.split(",") if p.strip()]
        if not 1 <= len(starters) <= MAX_STARTERS:
            raise UserError(f"A side starts with 1 to {MAX_STARTERS} players, not "
                            f"{len(starters)}.")
        for started, text in ([(True, p) for p in starters]
                              + [(False, p.strip()) for p in subs_text.split(",") if p.strip()]):
            name, on, off = _entry(text, started, length)
            await players.check(name.rstrip("*"), name.endswith("*"), club_id)
            planned.append((name.rstrip("*"), club_id, started, on, off))
    if len({players_key(players, p[0]) for p in planned}) != len(planned):
        raise UserError("A player is listed twice; give each player once.")
    store = ctx.store
    async with store.transaction():
        before = await store.match_state(match.id)
        await players.create()
        await store.replace_appearances(match.id, [
            (players.id(n), c, s, on, off, (off or length) - (on or 0))
            for n, c, s, on, off in planned])
        await match_change(ctx, "lineup", match.id, before,
                           f"lineup {match.home} v {match.away} ({day(match.date)})",
                           list(players.created.values()))
    apps = (await store.match_state(match.id) or {}).get("appearances", [])
    lines = [f"{len([a for a in apps if a['team_id'] == c])} appearances for {n}"
             for c, n in ((home.id, home.name), (away.id, away.name))]
    if players.new_names:
        lines.append("New players created: " + ", ".join(players.new_names) + ".")
    return Reply(title=f"Lineup stored: {match.home} v {match.away}, {day(match.date)}",
                 lines=tuple(lines), data={"match_id": match.id, "appearances": apps})


def _entry(text: str, started: bool, length: int) -> tuple[str, int | None, int | None]:
    m = _PLAYER.match(text)
    if not m:
        raise UserError(f"“{text}” is not a player with minutes, e.g. `Salah 80`.")
    first = int(m["on"]) if m["on"] else None
    second = int(m["off"]) if m["off"] else None
    for minute in (first, second):
        if minute is not None and not 1 <= minute <= length:
            raise UserError(f"{m['name']}: minute {minute} is outside the match (1-{length}).")
    if started:
        if second is not None:
            raise UserError(f"{m['name']} started: give only the minute he went off.")
        return m["name"], None, first
    if first is None:
        raise UserError(f"Substitute {m['name']} needs the minute he came on, e.g. "
                        f"`{m['name']} 67`.")
    if second is not None and second <= first:
        raise UserError(f"{m['name']} can't go off ({second}) before coming on ({first}).")
    return m["name"], first, second


async def _played(ctx: Context, cmd: Command, home: Named, away: Named) -> Match:
    on = cmd.args.get("date")
    today = ctx.now().date()
    first = parse_date(on) if on else today - timedelta(days=LOOK_BACK)
    last = first if on else today
    found = [f for f in await ctx.store.fixtures_between(home.id, away.id, first.isoformat(),
                                                         last.isoformat()) if f[2] == "played"]
    if not found:
        span = day(first) if on else f"{day(first)} to {day(last)}"
        raise UserError(f"No played match of {home.name} v {away.name} ({span}); enter the "
                        "result first, or give date:.")
    match = await ctx.store.match(found[0][0])
    assert match is not None
    return match


COMMANDS = (
    CommandSpec(
        "news", admin_news, group="admin", admin=True, layout="single",
        params=(Param("line", "text", "Home v Away: Player out|doubtful|fit (reason); …",
                      required=True, positional=True),
                Param("date", "date", "The fixture's date (default: the next one)")),
        examples=("admin news Liverpool v Real Madrid: Salah out (hamstring); "
                  "Alisson doubtful (illness)",),
    ),
    CommandSpec(
        "lineup", admin_lineup, group="admin", admin=True, layout="single",
        params=(Param("line", "text", "Home v Away: starters / subs; starters / subs",
                      required=True, positional=True),
                Param("date", "date", "The match date (default: in the last week)")),
        examples=("admin lineup Liverpool v Real Madrid: Alisson, Salah 80, Núñez / Jota 80; "
                  "Courtois, Benzema / Rodrygo 67-85",),
    ),
)
