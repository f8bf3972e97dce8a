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
from bot.families.common import EVERYTHING, Scoped, in_phrase, scoped_or_all, season_option
from bot.families.h2h import SCOPE_PARAMS
from bot.reply import Reply, Table
from bot.scope import CATALOG
from bot.text import and_list, capital, every, footnote, number, plural, season_label
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


def competition_words(code: str, years: list[int]) -> str:
    """The competition's name over those seasons: its era name, or its generic name when
    the seasons span two eras ('European Cup / Champions League')."""
    catalog = CATALOG.get()
    first, last = catalog.name_in(code, min(years)), catalog.name_in(code, max(years))
    if first == last:
        return first or code
    info = catalog.by_code.get(code.upper())
    return info.name if info else code


def told(covered: dict[tuple[str, str], list[int]]) -> list[str]:
    """Per competition, its seasons and stages: a competition's stages with the same
    seasons told once ('Champions League 2017-18 group stage and knockout rounds')."""
    spans: dict[str, dict[tuple[int, ...], list[str]]] = defaultdict(lambda: defaultdict(list))
    order = list(STAGE_WORDS)
    for (code, stage), years in sorted(covered.items(), key=lambda kv: (
            kv[0][0], min(kv[1]), order.index(kv[0][1]) if kv[0][1] in order else 9)):
        spans[code][tuple(years)].append(STAGE_WORDS.get(stage, stage))
    return [f"{competition_words(code, [y for ys in by for y in ys])} " + and_list(
        [f"{ranges(list(years))} {' and '.join(stages)}" for years, stages in by.items()])
        for code, by in spans.items()]


def coverage_text(rows: list[CoverageRow]) -> tuple[str, int, int]:
    """'Scorers known for Champions League 2015-16 → 2017-18 group stage and knockout
    rounds; partly for Champions League 2011-12 → 2013-14 knockout rounds', and the matches
    with goals (with scorers, in all). Each competition is judged on its own matches."""
    full: dict[tuple[str, str], list[int]] = defaultdict(list)
    part: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in rows:
        if r.with_goals and r.with_scorers >= KNOWN * r.with_goals:
            full[(r.competition, r.stage)].append(r.season)
        elif r.with_scorers:
            part[(r.competition, r.stage)].append(r.season)
    known = sum(min(r.with_scorers, r.with_goals) for r in rows)
    total = sum(r.with_goals for r in rows)
    text = "; ".join(x for x in ("; ".join(told(full)),
                                 "partly for " + and_list(told(part)) if part else "") if x)
    if text.startswith("partly"):
        text = "known only " + text
    return ("Scorers " + ("known for " if full else "") + text if text else ""), known, total


def known_line(known: int, total: int) -> str:
    """How many of the scope's matches with goals have their scorers, in agreeing words."""
    if total == 1:
        return f"The only match with goals has {'its' if known else 'no'} scorers."
    if known == total:
        return capital(every(total, "match with goals", "the", "matches with goals")
                       .replace("the only", "the")) + " have their scorers."
    if known == 0:
        return f"None of the {number(total)} matches with goals has its scorers."
    return (f"{capital(number(known))} of the {number(total)} matches with goals "
            + ("has its" if known == 1 else "have their") + " scorers.")


def scope_words(sc: Scoped, season: int | None, club: str | None) -> str:
    """' for Liverpool in Champions League matches in 2017-18' (empty: all time, all)."""
    return ((f" for {club}" if club else "") + (f" in {in_phrase(sc)}" if sc.phrase else "")
            + (f" in {season_label(season)}" if season is not None else ""))


async def scorers(ctx: Context, cmd: Command) -> Reply:
    """Top scorers: of a club, a competition, a season or all time, with the data's coverage.

    `scorers Liverpool`, `scorers competition:cl season:2017-18`, `scorers` (all time).
    Own goals are not counted; the answer says which seasons and stages have scorers.
    """
    season = season_option(cmd.args)
    club = ctx.club(cmd.args["team"]) if cmd.args.get("team") else None
    sc = scoped_or_all(cmd.args, countries=(club.country,) if club else ())
    s = sc.scope
    f = Filter(s.competitions, s.stages, s.since_year, season, ctx.before)
    cover, known, total = coverage_text(await ctx.store.goal_coverage(f, club.id if club else None))
    words = scope_words(sc, season, club.name if club else None)
    if total == 0:
        raise UserError(f"Our data has no goals{words or ' at all'}.")
    rows = combine(await ctx.store.top_scorers(f, club.id if club else None))
    if not rows:
        anywhere, _, _ = coverage_text(await ctx.store.goal_coverage(Filter(before=ctx.before)))
        raise UserError(f"Our data cannot say who scored{words}: it has no scorers for those "
                        "matches. " + (f"{anywhere}." if anywhere else
                                       "It has no scorers for any matches yet."),
                        data={"coverage": anywhere})
    top = rows[:TOP]
    while len(top) < len(rows) and rows[len(top)].goals == top[-1].goals and len(top) < 2 * TOP:
        top.append(rows[len(top)])   # a shared last place is shown whole
    lead = top[0]
    joint = [r for r in top if r.goals == lead.goals]
    who = (lead.player if len(joint) == 1 else
           " and ".join([", ".join(r.player for r in joint[:-1]), joint[-1].player]))
    lines = [f"{who} {'has' if len(joint) == 1 else 'have'} scored the most goals{words} "
             f"in our data: {plural(lead.goals, 'goal')}"
             + ("" if len(joint) == 1 else " each") + ".",
             (f"{cover}." if cover else "Scorers are known only for a few matches.")
             + f" {known_line(known, total)}",
             ]
    table = Table(("", "Player", "Goals", "Pens", "Clubs"),
                  tuple((str(i), r.player, str(r.goals), str(r.penalties),
                         ", ".join(f"{c} ({n})" if len(r.clubs) > 1 else c
                                   for c, n in r.clubs))
                        for i, r in enumerate(top, 1)))
    extra = (f"season {season_label(season)}; " if season is not None else "") + \
        "own goals excluded; scorer data is partial"
    return Reply(
        title="Top scorers: " + (club.name + ", " if club else "") + (sc.phrase or EVERYTHING)
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
