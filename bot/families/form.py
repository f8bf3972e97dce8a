"""Form and fixtures: a club's last N results, and the scheduled matches in the store."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.chartdata import form_strip
from bot.commands import AS_OF, CHART, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.common import scoped, where_of
from bot.families.h2h import SCOPE_PARAMS
from bot.reply import Reply, Table
from bot.scope import ALL_STAGES, COMPETITION_WORDS
from bot.text import day, footnote, match_data, number, plural, result_letter, score, stage_label


def count_arg(value: str | None, default: int, most: int = 50) -> int:
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise UserError(f"n must be a whole number from 1 to {most}, not “{value}”.")
    return int(value)


def form_line(letters: list[str], phrase: str) -> str:
    """'Won 4, drew 1, lost 1 of their last six Champions League matches'; one match is
    told as its result ('Won their last Champions League match')."""
    if len(letters) == 1:
        verb = {"W": "Won", "D": "Drew", "L": "Lost"}.get(letters[0], "Played")
        return f"{verb} their last {phrase} match (below)."
    return (f"Won {letters.count('W')}, drew {letters.count('D')}, lost {letters.count('L')} "
            f"of their last {number(len(letters))} {phrase} matches, latest first below.")


async def form(ctx: Context, cmd: Command) -> Reply:
    """A club's last N results (default 6), across competitions or in one."""
    club = ctx.club(cmd.args["team"])
    n = count_arg(cmd.args.get("n"), 6)
    sc = scoped(cmd.args, countries=(club.country,))
    s = sc.scope
    last = await ctx.store.last_matches(club.id, n, s.competitions, s.stages, s.since_year,
                                        ctx.before)
    if not last:
        raise UserError(f"{club.name} have no {sc.phrase} matches in our data.")
    letters = [result_letter(m, club.id) for m in last]
    rows = tuple((m.date, stage_label(m), where_of(m, club.id),
                  f"{m.home} {score(m)} {m.away}", letters[i]) for i, m in enumerate(last))
    note = footnote(s, ctx.today, "results incl. extra time; shoot-outs are draws")
    return Reply(
        title=f"{club.name}: last "
        + (f"result ({letters[0]})" if len(last) == 1 else
           f"{plural(len(last), 'result')} ({''.join(letters)})"),
        lines=(form_line(letters, sc.phrase),),
        table=Table(("Date", "Round", "Venue", "Match", "Res"), rows[::-1]),
        footnote=note,
        chart=form_strip(club.name, club.id, last, letters, sc.phrase, note),
        data={"club": club.name, "form": "".join(letters),
              "matches": [match_data(m) for m in last]},
    )


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise UserError(f"Unknown time zone “{name}”; use a name like Europe/London.") from None


def kickoff_text(kickoff_utc: str | None, date: str, tz: ZoneInfo) -> str:
    if not kickoff_utc:
        return f"{day(date)}, time to be confirmed"
    at = datetime.fromisoformat(kickoff_utc.replace("Z", "+00:00")).astimezone(tz)
    return f"{day(at.date())} {at:%H:%M} {at.tzname()}"


async def fixtures(ctx: Context, cmd: Command) -> Reply:
    """Scheduled matches in the store (a club's, or all), kick-off in UTC unless tz is given."""
    club = ctx.club(cmd.args["team"]) if cmd.args.get("team") else None
    tz = zone(cmd.args.get("tz"))
    n = count_arg(cmd.args.get("n"), 10)
    # the shared resolver (any code, the words, `league` of the club's country); every stage
    scope = scoped(cmd.args, countries=(club.country,) if club else ()).scope.with_stages(
        ALL_STAGES) if cmd.args.get("competition") else None
    coming = await ctx.store.scheduled(club.id if club else None, ctx.today.isoformat(), n,
                                       scope.competitions if scope else ())
    who = club.name if club else "all clubs"
    note = footnote(scope, ctx.today, f"times in {tz.key}")
    if not coming:
        return Reply(title=f"No scheduled matches for {who} in our data.", footnote=note,
                     data={"matches": []})
    lines = tuple(f"{kickoff_text(m.kickoff_utc, m.date, tz)}: {m.home} v {m.away} "
                  f"({stage_label(m)})" + (", neutral venue" if m.neutral else "")
                  for m in coming)
    return Reply(title=f"Fixtures: {who}", lines=lines, footnote=note,
                 data={"matches": [match_data(m) | {"kickoff_utc": m.kickoff_utc}
                                   for m in coming]})


COMMANDS = (
    CommandSpec(
        "form", form,
        params=(Param("team", "club", "A club (default: the server's club)", required=True,
                      positional=True, club_default=True),
                Param("n", "int", "How many results (default 6)"), *SCOPE_PARAMS, AS_OF,
                CHART),
        layout="single",
        examples=("form Liverpool", "form Real Madrid n:10 competition:cl"),
    ),
    CommandSpec(
        "fixtures", fixtures,
        params=(Param("team", "club", "A club (default: the server's club, else all clubs)",
                      positional=True, club_default=True),
                Param("tz", "text", "Time zone for kick-off times, e.g. Europe/London"),
                Param("n", "int", "How many (default 10)"),
                Param("competition", "competition",
                      f"{COMPETITION_WORDS}; default: every competition"), AS_OF),
        layout="single",
        examples=("fixtures Liverpool", "fixtures tz:Europe/Madrid",
                  "fixtures competition:eng2"),
    ),
)
