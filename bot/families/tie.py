"""Two-legged ties: the result, and what each side needs in the second leg."""

from __future__ import annotations

from bot.commands import AS_OF, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.h2h import PAIR
from bot.reply import Field, Reply
from bot.scope import parse_season
from bot.text import (
    day,
    fixture_line,
    footnote,
    match_data,
    number,
    plural,
    round_name,
    season_label,
)
from bot.tiecalc import Leg2, Needs, Outcome, needs
from storage.rows import SeasonRules, Tie

DECIDED = {
    "aggregate": "on aggregate", "extra_time": "after extra time", "away_goals": "on away goals",
    "penalties": "on penalties", "replay": "after a replay", "coin_toss": "on the toss of a coin",
    "walkover": "by walkover",
}
LEVEL: set[str] = {"extra_time", "replay"}


async def tie(ctx: Context, cmd: Command) -> Reply:
    """A two-legged knockout tie: first leg, aggregate, and what each side needs in the second.

    Without season: the two clubs' latest tie before the as-of date. The calculator
    applies that season's rules (away goals until 2020-21, then extra time and penalties).
    """
    a, b = ctx.club(cmd.args["team"]), ctx.club(cmd.args["opponent"])
    ties = await ctx.store.ties(club_ids=[a.id], opponent_ids=[b.id],
                                stages=("knockout", "qualifying"), before=ctx.before)
    if season := cmd.args.get("season"):
        year = parse_season(season)
        ties = [t for t in ties if t.season == year]
    if not ties:
        raise UserError(f"{a.name} and {b.name} have not met in a two-legged tie"
                        + (f" in {season}" if season else "") + " in our data.")
    t = ties[-1]
    leg1 = await ctx.store.match(t.first_leg_id)
    leg2 = await ctx.store.match(t.second_leg_id) if t.second_leg_id else None
    rules = await ctx.store.season_rules(t.competition, t.season)
    assert leg1 is not None and rules is not None
    names = {leg1.home_id: leg1.home, leg1.away_id: leg1.away}
    head = f"{season_label(t.season)} {round_name(t.round)}"
    lines = [f"First leg: {fixture_line(leg1)} ({day(leg1.date)})."]
    fields = [Field("Rules", rules_text(rules))]
    decided = leg2 is not None and leg2.status == "played" and (
        ctx.before is None or leg2.date < ctx.before)
    if leg1.status != "played" or (ctx.before is not None and leg1.date >= ctx.before):
        raise UserError(f"The first leg of {a.name} v {b.name} has not been played yet.")
    if decided:
        assert leg2 is not None
        lines.append(f"Second leg: {fixture_line(leg2)} ({day(leg2.date)}).")
        lines.append(result_sentence(t, names))
    else:
        lines.append(f"Aggregate after the first leg: {leg1.home} {leg1.ft_home}-"
                     f"{leg1.ft_away} {leg1.away}." if leg1.aet_home is None else "")
        if leg2 is not None:
            lines.append(f"Second leg: {leg2.home} v {leg2.away}, {day(leg2.date)}.")
    needs_text = {
        side: needs_sentence(names[club], needs(leg1.home_goals or 0, leg1.away_goals or 0,
                                                rules, side), side)
        for side, club in (("second", leg1.away_id), ("first", leg1.home_id))
    }
    heading = "Before the second leg" if decided else "What they need in the second leg"
    fields += [Field(heading, "\n".join(needs_text.values()), inline=False)]
    return Reply(
        title=f"{leg1.home} v {leg1.away}: {head}",
        lines=tuple(x for x in lines if x),
        fields=tuple(fields),
        footnote=footnote(None, ctx.today, "two-legged ties; 90-minute scores in the second leg"),
        data={
            "competition": t.competition, "season": t.season, "round": t.round,
            "first_leg": match_data(leg1), "second_leg": match_data(leg2) if leg2 else None,
            "aggregate": [t.agg_a, t.agg_b] if decided else None,
            "winner": names.get(t.winner_id) if decided and t.winner_id else None,
            "decided_by": t.decided_by if decided else None,
            "rules": {"away_goals": rules.away_goals, "extra_time": rules.extra_time,
                      "decider": rules.decider},
            "needs": {names[leg1.home_id]: needs_text["first"],
                      names[leg1.away_id]: needs_text["second"]},
        },
    )


def rules_text(rules: SeasonRules) -> str:
    if not rules.away_goals and not rules.extra_time:
        return f"{rules.label}: no away-goals rule; a level tie went to a replay."
    parts = ["away goals count" if rules.away_goals else "no away-goals rule"]
    if rules.extra_time:
        parts.append("then extra time" + (" (away goals count in it too)"
                                          if rules.away_goals_in_extra_time else ""))
    parts.append({"penalties": "then penalties", "replay": "then a replay",
                  "coin_toss": "then a coin toss"}[rules.decider])
    return f"{rules.label}: " + ", ".join(parts) + "."


def result_sentence(t: Tie, names: dict[int, str]) -> str:
    if t.winner_id is None:
        return "The data do not say who went through."
    loser = t.club_b if t.winner_id == t.club_a else t.club_a
    win_agg, lose_agg = (t.agg_a, t.agg_b) if t.winner_id == t.club_a else (t.agg_b, t.agg_a)
    how = DECIDED.get(t.decided_by or "", "")
    return (f"{names[t.winner_id]} beat {names[loser]} {win_agg}-{lose_agg} on aggregate"
            + (f" ({how})" if t.decided_by not in ("aggregate", None) else "") + ".")


def margin_phrase(m: int) -> str:
    if m == 0:
        return "a draw"
    if m > 0:
        return "a one-goal win" if m == 1 else f"a {number(m)}-goal win"
    return "a one-goal defeat" if m == -1 else f"a {number(-m)}-goal defeat"


def needs_sentence(club: str, n: Needs, side: Outcome) -> str:
    """E.g. 'Liverpool need a two-goal win: 2-0 is enough, but 3-1 only forces extra time.'"""
    parts: list[str] = []
    t = n.through_from
    if t is None:
        parts.append(f"{club} cannot go through on a 90-minute result alone")
    elif t > 0:
        parts.append(f"{club} need to win by {plural(t, 'goal')} or more to be sure")
    elif t == 0:
        parts.append(f"{club} go through with a draw or any win")
    else:
        parts.append(f"{club} go through even with {margin_phrase(t)}, or any better result")
    for margin in sorted(n.mixed, reverse=True):
        results = n.mixed[margin]
        through = [_score(leg2) for leg2, o in results if o == side]
        level = [_score(leg2) for leg2, o in results if o in LEVEL]
        bits = []
        if through:
            bits.append(f"{' or '.join(through[:2])} {'is' if len(through) == 1 else 'are'} "
                        "enough")
        if level:
            bits.append(f"{' or '.join(level[:2])} only force{'s' if len(level) == 1 else ''} "
                        "extra time")
        if bits:
            parts.append(f"with {margin_phrase(margin)}, " + " but ".join(bits))
    for margin in sorted(n.extra_time_margins, reverse=True)[:1]:
        parts.append(f"{margin_phrase(margin)} forces extra time")
    return "; ".join(parts) + "."


def _score(leg2: Leg2) -> str:
    return f"{leg2.home}-{leg2.away}"


COMMANDS = (
    CommandSpec(
        "tie", tie,
        params=(*PAIR, Param("season", "text", "The tie's season, e.g. 2020-21"), AS_OF),
        layout="pair",
        examples=("tie Liverpool v Real Madrid", "tie Liverpool v Real Madrid as_of:2023-03-01",
                  "tie Real Madrid v Liverpool season:2020-21"),
    ),
)
