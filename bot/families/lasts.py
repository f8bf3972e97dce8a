"""The last win, draw and defeat of a club against another, or at a ground.

"When did Liverpool last beat Real Madrid", "when did Everton last win at Anfield":
the meetings are read once through the club indexes and the latest of each result told.
"""

from __future__ import annotations

from bot.commands import AS_OF, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.common import VENUE_PARAM, Scoped, scoped_or_all, where_of
from bot.families.h2h import SCOPE_PARAMS
from bot.names import Named
from bot.reply import Reply
from bot.text import day, fixture_line, footnote, match_data, plural, result_letter, stage_label
from storage import fold
from storage.rows import Match

RESULTS = {"W": ("win", "beat"), "D": ("draw", "drew with"), "L": ("defeat", "lost to")}
RESULT_WORDS = {"win": "W", "wins": "W", "won": "W", "beat": "W", "draw": "D", "draws": "D",
                "drew": "D", "defeat": "L", "defeats": "L", "lost": "L", "loss": "L",
                "lose": "L"}


async def ground_club(ctx: Context, text: str) -> tuple[Named, str]:
    """The club whose ground is called `text` ('Anfield' → Liverpool) and the ground's name:
    the club's stored ground, else the venue its home matches name; or the club itself
    when the words name one exactly ('at Liverpool')."""
    key = fold(text)
    clubs = {c.id: c for c in await ctx.store.clubs()}
    hits = {c.id: c.ground for c in clubs.values()
            if c.ground and key in (fold(c.ground), fold(c.ground.split(",")[0]))}
    if not hits:
        hits = {club_id: venue for venue, club_id in await ctx.store.venue_home_clubs()
                if key in (fold(venue), fold(venue.split(",")[0]))}
    if not hits:
        try:
            named = ctx.club(text)
        except UserError:
            named = None
        if named is not None and set(key.split()) <= set(fold(named.name).split()):
            return named, ""    # "when did Everton last win at Liverpool": away at Liverpool
    if len(hits) != 1:
        shown = text.title() if text == text.lower() else text   # a question comes lower-cased
        raise UserError(
            (f"Our data has no ground called “{shown}”" if not hits else
             f"“{shown}” is the ground of several clubs in our data") +
            "; grounds are known only where a source names them. Name the home club "
            "instead, e.g. `last Everton v Liverpool venue:away`.")
    club_id, ground = next(iter(hits.items()))
    club = clubs[club_id]
    return Named("club", club.id, club.name, club.country), (ground or "").split(",")[0]


def result_line(team: Named, opp: Named, letter: str, found: Match | None, place: str,
                meetings: int) -> str:
    verb = RESULTS[letter][1]
    if found is None:
        never = {"W": f"have never beaten {opp.name}", "D": f"have never drawn with {opp.name}",
                 "L": f"have never lost to {opp.name}"}[letter]
        return f"{team.name} {never}{place} in our data ({plural(meetings, 'meeting')})."
    return (f"{team.name} last {verb} {opp.name}{place} on {day(found.date)}: "
            f"{fixture_line(found)} ({stage_label(found)}"
            + (f", {found.venue}" if found.venue else "") + ").")


async def last_result(ctx: Context, cmd: Command) -> Reply:
    """When a club last beat, drew with or lost to another club, or at a ground.

    `last Liverpool v Real Madrid` (the last win, draw and defeat), `last Liverpool v Real
    Madrid result:win`, `last Everton ground:Anfield` (away at the club whose ground it
    is), `venue:home|away|neutral`. Every competition in our data unless competition:.
    """
    team = ctx.club(cmd.args["team"])
    sc: Scoped = scoped_or_all(cmd.args, countries=(team.country,))
    venue, ground_name = sc.venue, ""
    if ground := cmd.args.get("ground"):
        opp, ground_name = await ground_club(ctx, ground)
        venue = "away"
    elif cmd.args.get("opponent"):
        opp = ctx.club(cmd.args["opponent"])
    else:
        raise UserError("Name the other club (`last Liverpool v Real Madrid`) or a ground "
                        "(`last Everton ground:Anfield`).")
    if opp.id == team.id:
        raise UserError(f"{ground_name or ground} is {team.name}'s own ground in our data: name "
                        f"the visitors, e.g. `last Liverpool ground:{ground_name or ground}`."
                        if ground else "Name two different clubs.")
    wanted = cmd.args.get("result")
    if wanted and wanted.lower() not in RESULT_WORDS:
        raise UserError(f"result must be win, draw or defeat, not “{wanted}”.")
    letters = [RESULT_WORDS[wanted.lower()]] if wanted else ["W", "D", "L"]
    s = sc.scope
    meetings = [m for m in await ctx.store.matches(
        club_ids=[team.id], opponent_ids=[opp.id], competitions=s.competitions,
        stages=s.stages, since_year=s.since_year, before=ctx.before)
        if venue is None or where_of(m, team.id) == venue]
    place = (f" at {ground_name}" if ground_name else
             {"home": " at home", "away": " away", "neutral": " at a neutral venue"}.get(
                 venue or "", ""))
    latest = {x: next((m for m in reversed(meetings) if result_letter(m, team.id) == x), None)
              for x in letters}
    lines = [result_line(team, opp, x, latest[x], place, len(meetings)) for x in letters]
    if not meetings:
        lines = [f"{team.name} have never played {opp.name}{place} in our data ({s.label})."]
    return Reply(
        title=f"{team.name} v {opp.name}{place}: the last "
              + ", ".join(RESULTS[x][0] for x in letters),
        lines=tuple(lines),
        footnote=footnote(s, ctx.as_of, "results incl. extra time; a shoot-out is a draw"),
        data={"team": team.name, "opponent": opp.name, "venue": venue,
              "meetings": len(meetings),
              "last": {RESULTS[x][0]: match_data(m) if m else None for x, m in latest.items()}},
    )


COMMANDS = (
    CommandSpec(
        "last", last_result,
        params=(Param("team", "club", "A club", required=True, positional=True),
                Param("opponent", "club", "The other club", positional=True),
                Param("result", "choice", "win, draw or defeat (default: all three)",
                      choices=("win", "draw", "defeat")),
                Param("ground", "text", "A ground: the club's visits there"),
                VENUE_PARAM, *SCOPE_PARAMS, AS_OF),
        layout="pair",
        examples=("last Liverpool v Real Madrid", "last Liverpool v Real Madrid result:win",
                  "last Everton ground:Anfield"),
    ),
)
