"""League tables: a competition season's standings on any date, and a club's place in them.

The tables are computed from the results in our data (storage/league_table.py), under the
era's points for a win and tie-break; the footnote says so, and that the data carries no
points deductions.
"""

from __future__ import annotations

import re
from datetime import date

from bot import chartdata
from bot.chart_choice import wants_chart
from bot.commands import AS_OF, CHART, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.reply import Reply, Table
from bot.scope import CATALOG, era_label, parse_season, resolve_competition, season_text
from bot.text import day, number, plural
from storage.league_table import (
    LeagueTable,
    Standing,
    head_to_head,
    level_groups,
    positions_by_date,
)
from storage.rows import CompetitionInfo

SEASON_WORD = re.compile(r"^\d{4}(?:[-/]\d{2}(?:\d{2})?)?$")
TIEBREAK = {"goal_average": "goal average", "goal_difference": "goal difference",
            "head_to_head": "head-to-head"}
RULE_WORDS = {
    "goal_average": "goal average, then goals scored",
    "goal_difference": "goal difference, then goals scored",
    "head_to_head": "the matches between them (points, then goal difference) once they have "
                    "met home and away, then goal difference, then goals scored",
}


def split_season(text: str) -> tuple[str, str | None]:
    """'eng1 1988-89' -> ('eng1', '1988-89'); the season is the last word when it is one."""
    words = text.split()
    if words and SEASON_WORD.match(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return text.strip(), None


async def league_of(ctx: Context, text: str | None) -> CompetitionInfo:
    """The one league a competition word names (`league` = the server's club's league)."""
    countries: tuple[str | None, ...] = ()
    if ctx.place.club_id is not None:
        club = await ctx.store.club(ctx.place.club_id)
        countries = (club.country,) if club else ()
    if not text:
        if not countries:
            raise UserError("Name a league and a season, e.g. `table eng1 1988-89` "
                            "(see `help` for the competitions).")
        text = "league"
    found = resolve_competition(text, countries)
    catalog = CATALOG.get()
    leagues = [c for c in found.codes if catalog.kind(c) == "league"]
    if not leagues:
        name = catalog.by_code[found.codes[0].upper()].name if len(found.codes) == 1 \
            and found.codes[0].upper() in catalog.by_code else found.phrase
        raise UserError(f"{name} is a cup: it has no league table. Name a league, "
                        "e.g. `table eng1 1988-89`.")
    if len(leagues) > 1 and found.key == "league" and ctx.place.club_id is not None:
        hit = await ctx.store.club_league_season(ctx.place.club_id, leagues, ctx.before)
        if hit:
            leagues = [hit[0]]
    if len(leagues) > 1:
        raise UserError(f"“{text}” means several leagues; name one: "
                        + ", ".join(c.lower() for c in leagues) + ".")
    return catalog.by_code[leagues[0].upper()]


def table_footnote(info: CompetitionInfo, table: LeagueTable, as_of: date | None) -> str:
    rules = table.rules
    rule = (f"{rules.win_points} points for a win, clubs level on points split by "
            f"{RULE_WORDS[rules.tiebreak]}")
    if rules.note:
        rule += f" ({rules.note})"
    if rules.assumed:
        rule += " (assumed: no rule stored for this league)"
    playoffs = (f"the {season_text(table.season)} play-offs "
                f"({plural(table.playoffs, 'match', 'matches')}) are not counted",) \
        if table.playoffs else ()
    return " · ".join((era_label(info), f"computed from the results in our data ({rule}; "
                       "points deductions are not in our data)", *playoffs,
                       f"as of {day(as_of)}" if as_of else "all matches in our data"))


def standing_row(r: Standing, average: bool) -> tuple[str, ...]:
    split = (f"{r.goal_average:.3f}" if r.goals_against else "-") if average \
        else f"{r.goal_difference:+d}"
    return (str(r.position), r.club, str(r.played), str(r.won), str(r.drawn), str(r.lost),
            str(r.goals_for), str(r.goals_against), split, str(r.points))


def lead_line(table: LeagueTable) -> str:
    """'Liverpool lead with 76 points from 37 matches, three ahead of Arsenal (73 from 37).'"""
    top, rows = table.rows[0], table.rows
    verb = "finished top" if table.to_play == 0 else "lead"
    head = f"{top.club} {verb} with {plural(top.points, 'point')} from {top.played} matches"
    if len(rows) < 2:
        return head + "."
    second = rows[1]
    gap = top.points - second.points
    if gap:
        return (f"{head}, {number(gap)} ahead of {second.club} ({second.points} from "
                f"{second.played}).")
    if table.rules.tiebreak == "goal_average":
        split = top.goal_average != second.goal_average
    else:
        split = top.goal_difference != second.goal_difference
    on = (TIEBREAK[table.rules.tiebreak] if table.rules.tiebreak != "head_to_head"
          else "goal difference") if split else "goals scored"
    if table.rules.tiebreak == "head_to_head":
        level = next(g for g in level_groups(list(rows)) if g[0] is top)
        mini = head_to_head(level, table.results, table.rules.win_points)
        if mini is not None and mini[top.club_id] != mini[second.club_id]:
            on = "head-to-head"
    return f"{head}, level on points with {second.club} and ahead on {on}."


def head_to_head_lines(table: LeagueTable) -> list[str]:
    """Where the matches between clubs level on points put one above a club with the better
    goal difference: 'Real Madrid are above FC Barcelona (76 points each) on their meetings:
    4 points to 1, despite goal difference of +26 to +45.'"""
    if table.rules.tiebreak != "head_to_head":
        return []
    out = []
    for group in level_groups(list(table.rows)):
        mini = head_to_head(group, table.results, table.rules.win_points)
        if mini is None:
            continue
        for n, above in enumerate(group):
            for below in group[n + 1:]:
                if below.goal_difference > above.goal_difference:
                    (pa, ga), (pb, gb) = mini[above.club_id], mini[below.club_id]
                    between = f"{pa} points to {pb}" if pa != pb else \
                        f"level on points, goal difference {ga:+d} to {gb:+d}"
                    among = "their meetings" if len(group) == 2 else \
                        f"the meetings of the {number(len(group))} clubs level"
                    out.append(f"{above.club} are above {below.club} ({above.points} points "
                               f"each) on {among} ({between}), despite goal difference of "
                               f"{above.goal_difference:+d} to {below.goal_difference:+d}.")
    return out


async def season_of(ctx: Context, info: CompetitionInfo, season: str | None) -> int:
    if season:
        return parse_season(season, 1871)
    latest = await ctx.store.latest_league_season(info.code, ctx.before)
    if latest is None:
        raise UserError(f"There are no {info.name} matches in our data"
                        + (f" before {day(ctx.as_of)}." if ctx.as_of else "."))
    return latest


async def table(ctx: Context, cmd: Command) -> Reply:
    """A league table on any date, computed from the results: `table eng1 1988-89 as_of:1989-05-26`.

    COMPETITION is a league code (eng1, eng2, esp1 …) or its name (premier league); SEASON
    like 1988-89 (default: the latest). Points per win and tie-breaks follow the era (two
    points for a win in England until 1980-81). as_of counts only matches before that date.
    """
    words, season_word = split_season(cmd.args.get("competition", ""))
    season_word = cmd.args.get("season") or season_word
    info = await league_of(ctx, words)
    season = await season_of(ctx, info, season_word)
    name = f"{info.name_in(season)} {season_text(season)}"
    found = await ctx.store.league_table(info.code, season, ctx.before)
    if found is None:
        span = (f" (seasons {season_text(info.first_season)} to "
                f"{season_text(info.last_season)})") if info.first_season is not None else ""
        raise UserError(f"There is no {name} in our data{span}.")
    if found.counted == 0:
        raise UserError(f"No {name} match had been played before {day(ctx.as_of)}."
                        if ctx.as_of else f"No {name} match has a result in our data yet.")
    average = found.rules.tiebreak == "goal_average"
    done = found.to_play == 0
    lines = [lead_line(found), *head_to_head_lines(found)]
    if not done:
        lines.append(f"{plural(found.counted, 'match', 'matches')} played, "
                     f"{found.to_play} still to play; latest results {day(found.last_date)}."
                     if found.last_date else "")
    return Reply(
        title=f"{name}: {'final table' if done else 'table'}"
              + (f" as of {day(ctx.as_of)}" if ctx.as_of else ""),
        lines=tuple(x for x in lines if x),
        table=Table(("Pos", "Club", "P", "W", "D", "L", "F", "A", "GAv" if average else "GD",
                     "Pts"), tuple(standing_row(r, average) for r in found.rows)),
        footnote=table_footnote(info, found, ctx.as_of),
        data={"competition": info.code, "name": info.name_in(season), "season": season,
              "as_of": ctx.as_of.isoformat() if ctx.as_of else None, "final": done,
              "win_points": found.rules.win_points, "tiebreak": found.rules.tiebreak,
              "counted": found.counted, "to_play": found.to_play,
              "rows": [_row_data(r) for r in found.rows]},
    )


def _row_data(r: Standing) -> dict[str, object]:
    return {"position": r.position, "club": r.club, "club_id": r.club_id, "played": r.played,
            "won": r.won, "drawn": r.drawn, "lost": r.lost, "goals_for": r.goals_for,
            "goals_against": r.goals_against, "points": r.points}


def nth(n: int) -> str:
    """Table positions in digits, as tables print them: '11th', '22nd'."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


NO_ARTICLE = ("La ", "Serie ", "Ligue ", "Division ")


def the(league: str) -> str:
    """'the Premier League', 'the First Division', but 'La Liga', 'Serie A', 'Ligue 1'."""
    return league if league.startswith(NO_ARTICLE) else f"the {league}"


def place_words(position: int, size: int) -> str:
    """'top of', 'bottom of', '11th in'."""
    return "top of" if position == 1 else "bottom of" if position == size \
        else f"{nth(position)} in"


async def position(ctx: Context, cmd: Command) -> Reply:
    """Where a club stood in its league on a date: `position Liverpool as_of:1990-04-01`.

    Without as_of, where it stands now (or finished, between seasons). competition narrows
    the league (e.g. eng1); by default every tier of the club's country counts.
    """
    club = ctx.club(cmd.args["team"])
    catalog = CATALOG.get()
    if cmd.args.get("competition"):
        found = resolve_competition(cmd.args["competition"], (club.country,))
        codes = tuple(c for c in found.codes if catalog.kind(c) == "league")
    else:
        codes = catalog.leagues(club.country)
    if not codes:
        raise UserError(f"There is no league data for {club.name} in our data.")
    hit = await ctx.store.club_league_season(club.id, codes, ctx.before)
    if hit is None:
        raise UserError(f"{club.name} have no league match in our data"
                        + (f" before {day(ctx.as_of)}." if ctx.as_of else "."))
    code, season = hit
    info = catalog.by_code[code.upper()]
    found = await ctx.store.league_table(code, season, ctx.before)
    assert found is not None   # the club played a league match in it
    row = found.of(club.id)
    assert row is not None
    where = place_words(row.position, len(found.rows))
    league = f"{the(info.name_in(season))} ({season_text(season)})"
    points = f"{plural(row.points, 'point')} from {plural(row.played, 'match', 'matches')}"
    if found.to_play == 0:
        line = (f"{club.name} finished {season_text(season)} {where} "
                f"{the(info.name_in(season))} with {points}.")
    else:
        when = f"On {day(ctx.as_of)}, {club.name} were" if ctx.as_of else f"{club.name} are"
        line = f"{when} {where} {league} with {points}."
    lines = [line, _neighbour_line(found, row)]
    when = f" on {day(ctx.as_of)}" if ctx.as_of else ""
    latest = await ctx.store.latest_league_season(code, ctx.before)
    if latest is not None and latest > season:   # Juventus in 2006-07: Serie B, not in our data
        when = f" in {season_text(season)}"
        lines.append(f"Our data has no league match of {club.name} after "
                     f"{season_text(season)}; the latest season of "
                     f"{the(info.name_in(latest))} in it is {season_text(latest)}.")
    footnote = table_footnote(info, found, ctx.as_of)
    chart = None
    if wants_chart(cmd.args.get("chart"), ctx.place.charts):   # the curve costs a table a day
        curve = positions_by_date(found.results, found.rules, club.id,
                                  [r.club_id for r in found.rows])
        if found.last_date and found.last_date > curve[-1][0]:   # others played since
            curve.append((found.last_date, row.position, row.points))
        chart = chartdata.league_position(club.name, f"{info.name_in(season)} "
                                          f"{season_text(season)}", curve, len(found.rows),
                                          found.to_play == 0, footnote)
    return Reply(
        title=f"{club.name}: {where} {the(info.name_in(season))}{when}",
        lines=tuple(x for x in lines if x),
        footnote=footnote, chart=chart,
        data={"club": club.name, "competition": code, "season": season,
              "position": row.position, "clubs": len(found.rows), "points": row.points,
              "played": row.played, "final": found.to_play == 0,
              "as_of": ctx.as_of.isoformat() if ctx.as_of else None},
    )


def _neighbour_line(found: LeagueTable, row: Standing) -> str:
    """How far from the club above (or, for the leaders, the club below)."""
    rows = found.rows
    if row.position == 1 and len(rows) > 1:
        other, gap = rows[1], row.points - rows[1].points
        return (f"{number(gap).capitalize()} {'point' if gap == 1 else 'points'} clear of "
                f"{other.club}." if gap else f"Level on points with {other.club}.")
    other = rows[row.position - 2]
    gap = other.points - row.points
    if row.position == 1:
        return ""
    return (f"{number(gap).capitalize()} {'point' if gap == 1 else 'points'} behind "
            f"{other.club} ({nth(other.position)})." if gap
            else f"Level on points with {other.club} ({nth(other.position)}).")


COMMANDS = (
    CommandSpec(
        "table", table,
        params=(Param("competition", "competition",
                      "A league: eng1, eng2, esp1 … or its name, then the season, e.g. eng1 "
                      "1988-89", positional=True),
                Param("season", "text", "The season, e.g. 1988-89 (default: the latest)"),
                AS_OF),
        layout="single",
        examples=("table eng1 1988-89", "table eng1 1988-89 as_of:1989-05-26",
                  "table premier league"),
    ),
    CommandSpec(
        "position", position,
        params=(Param("team", "club", "A club (default: the server's club)", required=True,
                      positional=True, club_default=True),
                Param("competition", "competition", "A league code, e.g. eng1 (default: "
                      "every tier of the club's country)"),
                AS_OF, CHART),
        layout="single",
        examples=("position Liverpool as_of:1990-04-01", "position Everton"),
    ),
)
