"""Top scorers of a club, a competition, a season or all time, with the scorer coverage.

Scorer data is partial (DATA.md): every answer says for which seasons and stages the
data has scorers, and a scope without any is answered as such, never with a short list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.commands import AS_OF, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.common import Scoped, in_phrase, scoped_or_all, season_option
from bot.families.h2h import SCOPE_PARAMS
from bot.reply import Reply, Table
from bot.text import footnote, plural, season_label
from storage.question_queries import CoverageRow, Filter, ScorerRow

TOP = 10
KNOWN = 0.8   # a season-stage is covered when this share of its scoring matches has scorers
STAGE_WORDS = {"qualifying": "qualifying", "group": "group stage", "league": "league phase",
               "knockout": "knockout rounds"}
SEASON = Param("season", "text", "One season, e.g. 2022-23 (or 2022)")


@dataclass(frozen=True, slots=True)
class Scorer:
    player: str
    goals: int
    penalties: int
    clubs: tuple[tuple[str, int], ...]   # (club, goals), most first


def combine(rows: list[ScorerRow]) -> list[Scorer]:
    """One line per player, his goals for every club added up."""
    by: dict[int, list[ScorerRow]] = defaultdict(list)
    for r in rows:
        by[r.player_id].append(r)
    out = [Scorer(rs[0].player, sum(r.goals for r in rs), sum(r.penalties for r in rs),
                  tuple((r.club, r.goals) for r in sorted(rs, key=lambda r: -r.goals)))
           for rs in by.values()]
    return sorted(out, key=lambda s: (-s.goals, s.player))


def ranges(seasons: list[int]) -> str:
    """[2011, 2012, 2013, 2015] → '2011-12 → 2013-14, 2015-16'."""
    out: list[str] = []
    start = prev = None
    for y in [*sorted(seasons), None]:
        if y is not None and prev is not None and y == prev + 1:
            prev = y
            continue
        if start is not None and prev is not None:
            out.append(season_label(start) if start == prev
                       else f"{season_label(start)} → {season_label(prev)}")
        start = prev = y
    return ", ".join(out)


def coverage_text(rows: list[CoverageRow]) -> tuple[str, int, int]:
    """'Scorers known for 2015-16 → 2017-18 group stage; 2011-12 → 2013-14, 2015-16 →
    2017-18 knockout rounds', and the matches with goals (with scorers, in all)."""
    covered: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r.with_goals and r.with_scorers >= KNOWN * r.with_goals:
            covered[r.stage].append(r.season)
    parts = [f"{ranges(years)} {STAGE_WORDS.get(stage, stage)}"
             for stage, years in sorted(covered.items(), key=lambda kv: min(kv[1]))]
    known = sum(min(r.with_scorers, r.with_goals) for r in rows)
    total = sum(r.with_goals for r in rows)
    return ("Scorers known for " + "; ".join(parts) if parts else ""), known, total


def scope_words(sc: Scoped, season: int | None, club: str | None) -> str:
    """'Liverpool's Champions League matches in 2017-18'."""
    what = in_phrase(sc)
    text = f"{club}'s {what}" if club else what
    return text + (f" in {season_label(season)}" if season is not None else "")


async def scorers(ctx: Context, cmd: Command) -> Reply:
    """Top scorers: of a club, a competition, a season or all time, with the data's coverage.

    `scorers Liverpool`, `scorers competition:cl season:2017-18`, `scorers` (all time).
    Own goals are not counted; the answer says which seasons and stages have scorers.
    """
    sc = scoped_or_all(cmd.args)
    season = season_option(cmd.args)
    club = ctx.club(cmd.args["team"]) if cmd.args.get("team") else None
    s = sc.scope
    f = Filter(s.competitions, s.stages, s.since_year, season, ctx.before)
    cover, known, total = coverage_text(await ctx.store.goal_coverage(f, club.id if club else None))
    words = scope_words(sc, season, club.name if club else None)
    if total == 0:
        raise UserError(f"Our data has no goals in {words}.")
    rows = combine(await ctx.store.top_scorers(f, club.id if club else None))
    if not rows:
        raise UserError(f"Our data cannot say who scored in {words}: it has no scorers for "
                        f"them (scorers are known only for some seasons; try "
                        f"`scorers competition:cl season:2017-18`).")
    top = rows[:TOP]
    while len(top) < len(rows) and rows[len(top)].goals == top[-1].goals and len(top) < 2 * TOP:
        top.append(rows[len(top)])   # a shared last place is shown whole
    lead = top[0]
    joint = [r for r in top if r.goals == lead.goals]
    who = (lead.player if len(joint) == 1 else
           " and ".join([", ".join(r.player for r in joint[:-1]), joint[-1].player]))
    lines = [f"{who} {'has' if len(joint) == 1 else 'have'} scored the most goals in {words} "
             f"in our data: {plural(lead.goals, 'goal')}"
             + ("" if len(joint) == 1 else " each") + ".",
             (f"{cover}." if cover else "Scorers are known only for a few matches.")
             + f" {known} of the {total} matches with goals have their scorers.",
             ]
    table = Table(("", "Player", "Goals", "Pens", "Clubs"),
                  tuple((str(i), r.player, str(r.goals), str(r.penalties),
                         ", ".join(f"{c} ({n})" if len(r.clubs) > 1 else c
                                   for c, n in r.clubs))
                        for i, r in enumerate(top, 1)))
    extra = (f"season {season_label(season)}; " if season is not None else "") + \
        "own goals excluded; scorer data is partial"
    return Reply(
        title="Top scorers: " + (club.name + ", " if club else "") + (sc.phrase or "all")
        + (f" {season_label(season)}" if season is not None else ""),
        lines=tuple(lines), table=table,
        footnote=footnote(s, ctx.as_of, extra),
        data={"club": club.name if club else None, "season": season,
              "scorers": [{"player": r.player, "goals": r.goals, "penalties": r.penalties,
                           "clubs": dict(r.clubs)} for r in top],
              "coverage": cover, "matches_with_scorers": known, "matches_with_goals": total},
    )


COMMANDS = (
    CommandSpec(
        "scorers", scorers,
        params=(Param("team", "club", "A club (none: every club)", positional=True),
                SEASON, *SCOPE_PARAMS, AS_OF),
        layout="single",
        examples=("scorers Liverpool", "scorers competition:cl season:2017-18", "scorers"),
    ),
)
