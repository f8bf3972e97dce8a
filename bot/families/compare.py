"""Two players side by side: goals by competition and stage, penalties, assists, clubs.

Only what the data has: scorer and assist data are partial, and the answer says so and
names the seasons each player's goals come from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.commands import AS_OF, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.common import SHORT, Scoped, scoped_or_all
from bot.families.h2h import SCOPE_PARAMS
from bot.families.players import in_scope
from bot.families.scorers import ranges
from bot.names import Named
from bot.reply import Reply, Table
from bot.text import footnote, number, plural

STAGES = (("knockout", "Knockout rounds"), ("group", "Group stage"),
          ("league", "League phase"), ("qualifying", "Qualifying"))
COMPETITION_WORDS = {"UCL": SHORT["ec"], "UEL": SHORT["el"], "UECL": SHORT["uecl"]}


@dataclass(frozen=True, slots=True)
class Tally:
    name: str
    goals: int
    penalties: int
    assists: int
    by_competition: Counter[str]
    by_stage: Counter[str]
    clubs: Counter[str]
    seasons: tuple[int, ...]


async def tally(ctx: Context, player: Named, sc: Scoped) -> Tally:
    goals = await ctx.store.player_goal_rows(player.id, ctx.before)
    helped = await ctx.store.player_goal_matches(player.id, ctx.before, assists=True)
    by_id = {m.id: m for m in await ctx.store.matches_by_ids(
        [mid for mid, _, _ in goals] + [mid for mid, _ in helped])}
    mine = [(by_id[mid], team, pen) for mid, team, pen in goals
            if in_scope(by_id[mid], sc, team)]
    names = {cid: (c.name if (c := await ctx.store.club(cid)) else "?")
             for cid in {team for _, team, _ in mine}}
    return Tally(
        player.name, len(mine), sum(pen for _, _, pen in mine),
        sum(1 for mid, team in helped if in_scope(by_id[mid], sc, team)),
        Counter(COMPETITION_WORDS.get(m.competition, m.competition) for m, _, _ in mine),
        Counter(m.stage for m, _, _ in mine), Counter(names[t] for _, t, _ in mine),
        tuple(sorted({m.season for m, _, _ in mine})))


def summary(t: Tally) -> str:
    if not t.goals:
        return f"{t.name}: no goals in our data in this scope."
    clubs = ", ".join(f"{c} ({n})" if len(t.clubs) > 1 else c for c, n in t.clubs.most_common())
    return (f"{t.name}: {plural(t.goals, 'goal')} ({plural(t.penalties, 'penalty', 'penalties')}"
            f") for {clubs}, in {ranges(list(t.seasons))}; "
            f"{plural(t.assists, 'assist')} recorded.")


async def compare(ctx: Context, cmd: Command) -> Reply:
    """Two players side by side: goals by competition and stage, penalties and assists.

    `compare Salah v Mané`, with competition:, stage:, since:, as_of:. Counts only the
    matches whose scorers are in our data (scorer and assist data are partial).
    """
    a, b = ctx.player(cmd.args["player"]), ctx.player(cmd.args["other"])
    if a.id == b.id:
        raise UserError("Name two different players.")
    sc = scoped_or_all(cmd.args)
    ta, tb = await tally(ctx, a, sc), await tally(ctx, b, sc)
    if not ta.goals and not tb.goals and not ta.assists and not tb.assists:
        raise UserError(f"Our data has no goals or assists by {a.name} or {b.name}"
                        + (f" in {sc.phrase} matches" if sc.phrase else "") + ".")
    rows = [("Goals", ta.goals, tb.goals), ("Penalties", ta.penalties, tb.penalties),
            ("Assists", ta.assists, tb.assists)]
    for comp in sorted(set(ta.by_competition) | set(tb.by_competition)):
        rows.append((comp, ta.by_competition[comp], tb.by_competition[comp]))
    for stage, label in STAGES:
        if ta.by_stage[stage] or tb.by_stage[stage]:
            rows.append((label, ta.by_stage[stage], tb.by_stage[stage]))
    more = ta if ta.goals > tb.goals else tb if tb.goals > ta.goals else None
    lead = (f"{more.name} has more goals in our data: {more.goals} to "
            f"{(tb if more is ta else ta).goals}." if more else
            f"{a.name} and {b.name} have the same number of goals in our data: {number(ta.goals)}.")
    return Reply(
        title=f"{a.name} v {b.name}",
        lines=(lead, summary(ta), summary(tb)),
        table=Table(("", a.name, b.name), tuple((r[0], str(r[1]), str(r[2])) for r in rows)),
        footnote=footnote(sc.scope, ctx.as_of, "own goals excluded; scorer and assist data "
                          "are partial: only matches with scorers count"),
        data={"players": [a.name, b.name],
              "rows": {r[0]: [r[1], r[2]] for r in rows}},
    )


COMMANDS = (
    CommandSpec(
        "compare", compare,
        params=(Param("player", "player", "A player", required=True, positional=True),
                Param("other", "player", "The other player", required=True, positional=True),
                *SCOPE_PARAMS, AS_OF),
        layout="pair",
        examples=("compare Salah v Mané", "compare Messi v Ronaldo stage:knockout"),
    ),
)
