"""A club's league seasons (`seasons Liverpool`) and a league's season records (`seasons eng1`).

Both come from every season's table at once (storage/league_seasons.py), computed from the
results under each era's points for a win; the footnotes say so, and say the rules for best
and worst seasons.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot import chartdata
from bot.chart_choice import wants_chart
from bot.commands import AS_OF, CHART, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.season_records import league_records
from bot.families.table import nth
from bot.names import Named
from bot.reply import Reply, Table
from bot.scope import CATALOG, is_competition_word, resolve_competition, season_text
from bot.text import and_list, day, number, plural
from storage import fold
from storage.league_seasons import ClubSeason

BEST_RULE = ("best season: the highest finish in the highest tier played, then the larger "
             "share of the points available (points ÷ matches × points for a win); worst: "
             "the lowest tier played, the finish nearest the bottom, then the smaller share; "
             "complete seasons only")


async def seasons(ctx: Context, cmd: Command) -> Reply:
    """A club's league seasons, or a league's season records: `seasons Liverpool`, `seasons eng1`.

    For a club: every league season in our data (league by its name then, position, P W D L
    GF GA Pts), seasons per tier, titles, best and worst seasons and the latest one, with a
    chart of the finishing positions (tiers stacked). competition narrows the leagues
    (e.g. premier league: the top flight since 1992-93). For a league (eng1, premier league):
    the most points (by points for a win), wins and goals in a season, the fewest defeats and
    goals conceded, and the longest unbeaten run within a season.
    """
    subject = cmd.args.get("subject", "").strip()
    competition = cmd.args.get("competition")
    if not subject and competition:
        return await league_records(ctx, competition)
    if not subject:
        raise UserError("Name a club or a league: `seasons Liverpool`, `seasons eng1`.")
    if is_competition_word(subject) and not _is_club(ctx, subject):
        return await league_records(ctx, subject)
    return await club_seasons(ctx, ctx.club(subject), competition, cmd.args.get("chart"))


def _is_club(ctx: Context, text: str) -> bool:
    """A club's own name or alias, exactly (a club called like a league stays a club)."""
    return any(ref[0] == "club" for ref in ctx.names.by_key.get(fold(text), {}))


def _leagues(club: Named, competition: str | None) -> tuple[tuple[str, ...], int | None]:
    """The league codes to count and the first season (an era name starts one)."""
    catalog = CATALOG.get()
    if not competition:
        return (catalog.leagues(club.country) if club.country else ()), None
    found = resolve_competition(competition, (club.country,))
    codes = tuple(c for c in found.codes if catalog.kind(c) == "league")
    if not codes:
        raise UserError(f"{found.phrase} is a cup: seasons count league tables. Name a "
                        "league, e.g. `seasons Liverpool competition:eng1`.")
    return codes, found.since_year


async def club_seasons(ctx: Context, club: Named, competition: str | None,
                       chart_option: str | None) -> Reply:
    codes, since = _leagues(club, competition)
    if not codes:
        raise UserError(f"There is no league data for {club.name} in our data.")
    found = [s for s in await ctx.store.club_league_seasons(club.id, codes, ctx.before)
             if since is None or s.table.season >= since]
    if not found:
        raise UserError(f"{club.name} have no league season in our data"
                        + (f" before {day(ctx.as_of)}." if ctx.as_of else "."))
    tiers = Counter(s.table.tier or 0 for s in found)
    lines = [f"{club.name}: {plural(len(found), 'league season')} in our data, "
             f"{season_text(found[0].table.season)} to {season_text(found[-1].table.season)}"
             f" — " + and_list([f"{number(n)} in the {_tier_name(club.country, t)}"
                                for t, n in sorted(tiers.items())]) + "."]
    lines += _title_lines(club, found)
    done = [s for s in found if s.table.complete]
    best, worst = (_best(done), _worst(done)) if done else (None, None)
    if best is not None and worst is not None:
        lines.append(f"Best season: {_finish(best)}.")
        if worst is not best:
            lines.append(f"Worst season: {_finish(worst)}.")
    latest = found[-1]
    state = "final" if latest.table.complete else (
        f"in progress, latest results {day(latest.table.last_result)}"
        if latest.table.last_result else "in progress")
    lines.append(f"Latest season ({state}): {_finish(latest)}.")
    footnote = " · ".join((
        f"League seasons by tier ({', '.join(_tier_name(club.country, t) for t in sorted(tiers))})"
        if since is None else f"{found[0].table.competition.lower()} since "
        f"{season_text(since)}",
        "tables computed from the results in our data, under each era's points for a win "
        "(points deductions are not in our data); * in progress", BEST_RULE,
        f"as of {day(ctx.as_of)}" if ctx.as_of else "all matches in our data"))
    chart = None
    if wants_chart(chart_option, ctx.place.charts):
        chart = chartdata.finishing_positions(club.name, _chart_rows(found),
                                              _bands(club, found), lines, footnote)
    return Reply(
        title=f"{club.name}: league seasons" + (f" as of {day(ctx.as_of)}" if ctx.as_of else ""),
        lines=tuple(lines),
        table=Table(("Season", "League", "Pos", "P", "W", "D", "L", "GF", "GA", "Pts"),
                    tuple(_row(s) for s in found)),
        footnote=footnote, chart=chart,
        data={"club": club.name, "club_id": club.id,
              "as_of": ctx.as_of.isoformat() if ctx.as_of else None,
              "tiers": {str(t): n for t, n in sorted(tiers.items())},
              "titles": [s.table.season for s in found if _title(s) and s.table.tier == 1],
              "best": _season_data(best) if best else None,
              "worst": _season_data(worst) if worst else None,
              "latest": _season_data(latest),
              "seasons": [_season_data(s) for s in found]},
    )


def _tier_name(country: str | None, tier: int) -> str:
    """A tier by its generic name ('English top flight'): its first league's in the catalog."""
    catalog = CATALOG.get()
    for code in catalog.leagues(country or ""):
        info = catalog.by_code[code.upper()]
        if (info.tier or 0) == tier:
            return info.name
    return f"tier {tier}"


def _title(s: ClubSeason) -> bool:
    return s.table.complete and s.standing.position == 1


def _title_lines(club: Named, found: Sequence[ClubSeason]) -> list[str]:
    """Titles per tier, top tier first: 'Champions of the English top flight 19 times: …'."""
    out = []
    for tier in sorted({s.table.tier or 0 for s in found}):
        won = [season_text(s.table.season) for s in found
               if _title(s) and (s.table.tier or 0) == tier]
        if not won:
            continue
        name = _tier_name(club.country, tier)
        head = f"Champions of the {name}" if tier == 1 else f"Won the {name}"
        count = "once" if len(won) == 1 else "twice" if len(won) == 2 else \
            f"{number(len(won))} times"
        out.append(f"{head} {count}: {', '.join(won)}.")
    return out


def share(s: ClubSeason) -> float:
    """The share of the points available: comparable across two- and three-point eras."""
    r = s.standing
    return r.points / (r.played * s.table.rules.win_points) if r.played else 0.0


def _best(done: Sequence[ClubSeason]) -> ClubSeason:
    return min(done, key=lambda s: (s.table.tier or 99, s.standing.position, -share(s),
                                    s.table.season))


def _worst(done: Sequence[ClubSeason]) -> ClubSeason:
    return max(done, key=lambda s: (s.table.tier or 99,
                                    s.standing.position - len(s.table.rows), -share(s),
                                    s.table.season))


def _league_name(s: ClubSeason) -> str:
    info = CATALOG.get().by_code.get(s.table.competition.upper())
    return info.name_in(s.table.season) if info else s.table.competition


def _finish(s: ClubSeason) -> str:
    """'1978-79, 1st of 22 in the First Division with 68 points from 42 matches'."""
    r = s.standing
    return (f"{season_text(s.table.season)}, {nth(r.position)} of {len(s.table.rows)} in the "
            f"{_league_name(s)} with {plural(r.points, 'point')} from "
            f"{plural(r.played, 'match', 'matches')} ({s.table.rules.win_points} for a win)")


def _row(s: ClubSeason) -> tuple[str, ...]:
    r = s.standing
    mark = "" if s.table.complete else "*"
    return (season_text(s.table.season) + mark, _league_name(s),
            f"{r.position}/{len(s.table.rows)}", str(r.played), str(r.won), str(r.drawn),
            str(r.lost), str(r.goals_for), str(r.goals_against), str(r.points))


def _season_data(s: ClubSeason) -> dict[str, object]:
    r = s.standing
    return {"season": s.table.season, "competition": s.table.competition,
            "league": _league_name(s), "tier": s.table.tier, "position": r.position,
            "clubs": len(s.table.rows), "played": r.played, "won": r.won, "drawn": r.drawn,
            "lost": r.lost, "goals_for": r.goals_for, "goals_against": r.goals_against,
            "points": r.points, "win_points": s.table.rules.win_points,
            "complete": s.table.complete}


def _chart_rows(found: Sequence[ClubSeason]) -> list[tuple[int, int, int, int, str, bool]]:
    """(season, tier, position, clubs, league name, complete) for the chart."""
    return [(s.table.season, s.table.tier or 0, s.standing.position, len(s.table.rows),
             _league_name(s), s.table.complete) for s in found]


def _bands(club: Named, found: Sequence[ClubSeason]) -> list[tuple[int, str, int]]:
    """Every tier from the highest to the lowest played, each as tall as its largest
    league in these seasons (a tier skipped over takes the tallest band's height)."""
    sizes: dict[int, int] = {}
    for s in found:
        tier = s.table.tier or 0
        sizes[tier] = max(sizes.get(tier, 0), len(s.table.rows))
    tallest = max(sizes.values())
    return [(t, _tier_name(club.country, t), sizes.get(t, tallest))
            for t in range(min(sizes), max(sizes) + 1)]


COMMANDS = (
    CommandSpec(
        "seasons", seasons,
        params=(Param("subject", "club", "A club (its league seasons) or a league (its "
                      "season records), e.g. Liverpool or eng1",
                      positional=True, club_default=True),
                Param("competition", "competition", "Narrow a club's seasons to a league "
                      "(eng1, premier league); alone, that league's season records"),
                AS_OF, CHART),
        layout="single",
        examples=("seasons Liverpool", "seasons eng1", "seasons premier league",
                  "seasons Everton competition:eng1 as_of:2000-01-01"),
    ),
)
