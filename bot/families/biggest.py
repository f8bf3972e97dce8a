"""Biggest wins and highest-scoring matches: of a competition, a club, a pair, a season."""

from __future__ import annotations

from bot.commands import AS_OF, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.common import EVERYTHING, Scoped, in_phrase, scoped_or_all, season_option
from bot.families.h2h import SCOPE_PARAMS
from bot.families.scorers import SEASON
from bot.names import Named
from bot.reply import Reply, Section
from bot.text import day, fixture_line, footnote, match_data, plural, season_label, stage_label
from storage.question_queries import Filter
from storage.rows import Match

TOP = 5
KINDS = ("wins", "defeats", "goals")


def margin(m: Match) -> int:
    return abs((m.home_goals or 0) - (m.away_goals or 0))


def total(m: Match) -> int:
    return (m.home_goals or 0) + (m.away_goals or 0)


def match_line(m: Match) -> str:
    where = f", {m.venue}" if m.venue else ""
    return f"{fixture_line(m)} ({stage_label(m)}, {day(m.date)}{where})"


def of_club(m: Match, club_id: int) -> int:
    """The club's goal difference in the match."""
    return (m.goals_for(club_id) or 0) - (m.goals_against(club_id) or 0)


async def ranked(ctx: Context, f: Filter, kind: str, team: Named | None,
                 opp: Named | None) -> list[Match]:
    """The top matches of a kind; a club's wins (or defeats) only, when a club is named."""
    order = "total" if kind == "goals" else "margin"
    clubs, opps = ([team.id] if team else []), ([opp.id] if opp else [])
    if team is None or kind == "goals":
        return await ctx.store.biggest_matches(f, order, clubs, opps, TOP)
    sign = 1 if kind == "wins" else -1
    # a club's matches by margin, biggest first; wins (or defeats) kept until TOP are found
    got: list[Match] = []
    limit = 40
    while True:
        rows = await ctx.store.biggest_matches(f, order, clubs, opps, limit)
        got = [m for m in rows if of_club(m, team.id) * sign > 0][:TOP]
        if len(got) == TOP or len(rows) < limit:
            return got
        limit *= 4


def lead(kind: str, m: Match, team: Named | None, opp: Named | None, where: str,
         phrase: str = "", season: str = "") -> str:
    """'Liverpool's biggest win against Roma in Champions League matches in our data: …'."""
    against = "" if not opp else f" by {opp.name}" if kind == "defeats" else f" against {opp.name}"
    if kind == "goals":
        if not team:    # 'The highest-scoring Champions League match in 2017-18'
            what, where = f"The highest-scoring {phrase + ' ' if phrase else ''}match", season
        elif opp:
            what = f"The highest-scoring meeting of {team.name} and {opp.name}"
        else:
            what = f"{team.name}'s highest-scoring match"
        return f"{what}{where} in our data: {match_line(m)}, {plural(total(m), 'goal')}."
    what = {"wins": "biggest win", "defeats": "heaviest defeat"}[kind]
    whose = f"{team.name}'s {what}{against}" if team else f"The {what}"
    return (f"{whose}{where} in our data: {match_line(m)}, by {plural(margin(m), 'goal')}.")


def none_line(kind: str, team: Named | None, opp: Named | None, where: str) -> str:
    if team and kind != "goals":
        return (f"{team.name} have no {kind}" + (f" against {opp.name}" if opp else "")
                + f"{where} in our data.")
    return f"No matches{where} in our data."


async def biggest(ctx: Context, cmd: Command) -> Reply:
    """Biggest wins and highest-scoring matches: of a competition, a club, a pair or a season.

    `biggest competition:cl`, `biggest Liverpool`, `biggest Liverpool v Real Madrid`,
    `biggest season:2017-18 competition:cl`, `kind:wins|defeats|goals` for one list.
    Goals incl. extra time; shoot-outs never count.
    """
    season = season_option(cmd.args)
    team = ctx.club(cmd.args["team"]) if cmd.args.get("team") else None
    opp = ctx.club(cmd.args["opponent"]) if cmd.args.get("opponent") else None
    sc: Scoped = scoped_or_all(cmd.args, countries=tuple(c.country for c in (team, opp) if c))
    if team and opp and team.id == opp.id:
        raise UserError("Name two different clubs.")
    kind = cmd.args.get("kind")
    if kind and kind not in KINDS:
        raise UserError(f"kind must be wins, defeats or goals, not “{kind}”.")
    kinds = [kind] if kind else (["wins", "defeats", "goals"] if team else ["wins", "goals"])
    s = sc.scope
    f = Filter(s.competitions, s.stages, s.since_year, season, ctx.before)
    where = (f" in {in_phrase(sc)}" if sc.phrase else "") + (
        f" in {season_label(season)}" if season is not None else "")
    subject = (f"{team.name} v {opp.name}" if team and opp else team.name if team
               else sc.phrase or EVERYTHING)
    sections, lines, data = [], [], {}
    for k in kinds:
        found = await ranked(ctx, f, k, team, opp)
        data[k] = [match_data(m) for m in found]
        if not found:
            lines.append(none_line(k, team, opp, where))
            continue
        lines.append(lead(k, found[0], team, opp, where, sc.phrase,
                          f" in {season_label(season)}" if season is not None else ""))
        heading = {"wins": "Biggest wins", "defeats": "Heaviest defeats",
                   "goals": "Highest-scoring matches"}[k]
        sections.append(Section(heading, tuple(
            f"{match_line(m)}: " + (plural(total(m), "goal") if k == "goals"
                                   else f"by {plural(margin(m), 'goal')}") for m in found)))
    return Reply(
        title=f"Biggest: {subject}" + (f", {sc.phrase}" if team and sc.phrase else "")
        + (f" {season_label(season)}" if season is not None else ""),
        lines=tuple(lines), sections=tuple(sections),
        footnote=footnote(s, ctx.as_of, "goals incl. extra time; shoot-outs never count"),
        data={"team": team.name if team else None, "opponent": opp.name if opp else None,
              "season": season, **data},
    )


COMMANDS = (
    CommandSpec(
        "biggest", biggest,
        params=(Param("team", "club", "A club (none: every club)", positional=True),
                Param("opponent", "club", "Its opponent (a pair)", positional=True),
                Param("kind", "choice", "wins, defeats or goals (default: all)", choices=KINDS),
                SEASON, *SCOPE_PARAMS, AS_OF),
        layout="pair",
        examples=("biggest competition:cl", "biggest Liverpool", "biggest Liverpool v Real Madrid",
                  "biggest competition:cl season:2017-18"),
    ),
)
