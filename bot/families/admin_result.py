"""`admin result`: add or correct a played match from one line, checked before it is written."""

from __future__ import annotations

from datetime import date, timedelta

from bot.commands import Command, CommandSpec, Param, parse_date
from bot.context import Context
from bot.errors import UserError
from bot.families.admin_audit import match_change, stamp
from bot.families.admin_options import (
    COMPETITION_HELP,
    competition_of,
    leg_value,
    round_stage_leg,
    season_start,
)
from bot.families.admin_players import PlayerBook
from bot.reply import Reply
from bot.resultline import GoalEntry, ResultLine, parse_result_line
from bot.text import day, fixture_line, match_data, stage_label
from storage import fold
from storage.matches import NewGoal, NewMatch
from storage.rows import Goal

LOOK_BACK = 7   # days: without date:, the result completes this pairing's fixture in the last week


async def admin_result(ctx: Context, cmd: Command) -> Reply:
    """Add or correct a played match in one line: score, then home scorers, then away scorers.

    `admin result Liverpool 2-5 Real Madrid; Núñez 4, Salah 14; Vinícius 21 36, Militão 47,
    Benzema 55 67`. The score is after 90 minutes; add `aet 3-2` (after extra time) and
    `pens 4-3` (shoot-out). A minute may be `45+2` and be followed by `(pen)`, `(og)` or the
    assist in brackets: `Salah 14 (Alexander-Arnold)`. An own goal goes with the side it
    counted for. If a fixture of these clubs is stored (in the last week, or on date:), the
    result completes it; otherwise give round: (and leg:) to add a new match, or a league:
    `competition:premier league` (any competition in our data, by code or name).
    Names: an unknown scorer is created as a new player; a name close to a known player's
    ("Salha") is refused with "did you mean", until marked new: `Salha* 14` or new:Salha.
    """
    line = parse_result_line(cmd.args.get("line", ""))
    home, away = ctx.club(line.home), ctx.club(line.away)
    if home.id == away.id:
        raise UserError(f"{home.name} can't play itself: name two different clubs.")
    today = ctx.now().date()
    when = parse_date(cmd.args["date"]) if cmd.args.get("date") else None
    if when and when > today:
        raise UserError(f"{day(when)} is in the future: a result can only be entered for a "
                        "match that has been played (use `admin fixture add` for a fixture).")
    first, last = ((when, when) if when else (today - timedelta(days=LOOK_BACK), today))
    found = await ctx.store.fixtures_between(home.id, away.id, first.isoformat(),
                                             last.isoformat())
    found = [f for f in found if f[2] != "cancelled"] or found
    match_id = found[0][0] if found else None
    existing = await ctx.store.match(match_id) if match_id else None
    if existing is None:
        swapped = await ctx.store.fixtures_between(away.id, home.id, first.isoformat(),
                                                   last.isoformat())
        if swapped:
            raise UserError(f"The stored fixture is {away.name} v {home.name} "
                            f"({day(swapped[0][1])}): write the home club first.")
    elif existing.status == "cancelled":
        raise UserError(f"{home.name} v {away.name} on {day(existing.date)} was cancelled; "
                        "reschedule it with `admin fixture move` first.")
    comp = competition_of(cmd.args.get("competition") or (existing.competition if existing
                                                         else None),
                          (home.country, away.country))
    if existing is None and not cmd.args.get("round") and not comp.is_league:
        span = day(when) if when else f"{day(first)} to {day(last)}"
        raise UserError(f"No stored fixture of {home.name} v {away.name} ({span}). To add "
                        "a new match give round: (and leg:), e.g. round:R16 leg:1, or a "
                        "league: competition:eng1.")
    if existing is None or cmd.args.get("round"):
        round_, stage, leg = round_stage_leg(comp, cmd.args.get("round"), cmd.args.get("leg"))
    else:   # completing a stored fixture keeps its round and stage
        round_, stage = existing.round, existing.stage
        leg = leg_value(cmd.args["leg"], round_) if cmd.args.get("leg") else existing.leg
    match_day = when or (existing.date if existing else today.isoformat())
    match_day_s = match_day if isinstance(match_day, str) else match_day.isoformat()
    if match_day_s > today.isoformat():
        raise UserError(f"{home.name} v {away.name} is fixed for {day(match_day_s)}, which is "
                        "still to come; enter the result once it has been played.")
    players = PlayerBook(ctx, marked_new={fold(n) for n in
                                          cmd.args.get("new", "").split(",") if n.strip()})
    for club_id, goals in ((home.id, line.home_goals), (away.id, line.away_goals)):
        for g in goals:
            await players.check(g.name, g.new, away.id + home.id - club_id if g.own_goal
                                else club_id)
            if g.assist:
                await players.check(g.assist, g.assist_new, club_id)

    store = ctx.store
    async with store.transaction():
        comp_id = await store.ensure_competition(comp.code, comp.name, None)
        season_id = await store.ensure_season(
            comp_id, season_start(date.fromisoformat(match_day_s)))
        before = await store.match_state(match_id) if match_id else None
        await players.create()
        new = NewMatch(
            season_id=season_id, stage=stage, round=round_, leg=leg,
            date=match_day_s, home_id=home.id, away_id=away.id, source="admin",
            neutral=existing.neutral if existing else False, status="played",
            ft=line.ft, aet=line.aet, pen=line.pen)
        match_id, _ = await store.upsert_match(new, match_id)
        if line.scorers_given or existing is None:
            await store.replace_goals(match_id, [
                *(_goal(g, home.id, players) for g in line.home_goals),
                *(_goal(g, away.id, players) for g in line.away_goals)])
        await store.set_result_at(match_id, stamp(ctx))
        old_season = {before["match"]["season_id"]} if before else set()
        await store.rebuild_ties({season_id} | old_season)
        stored = await store.match(match_id)
        assert stored is not None
        action = "result.edit" if existing and existing.status == "played" else "result.add"
        await match_change(ctx, action, match_id, before,
                           f"{fixture_line(stored)} ({day(stored.date)})",
                           list(players.created.values()))
    return await _answer(ctx, match_id, line, players, existing is not None and
                         existing.status != "played", action)


def _goal(g: GoalEntry, team_id: int, players: PlayerBook) -> NewGoal:
    return NewGoal(team_id=team_id, player_id=players.id(g.name), minute=g.minute,
                   stoppage=g.stoppage, penalty=g.penalty, own_goal=g.own_goal,
                   assist_player_id=players.id(g.assist) if g.assist else None)


async def _answer(ctx: Context, match_id: int, line: ResultLine, players: PlayerBook,
                  completed: bool, action: str) -> Reply:
    """Read back exactly what was stored, so the admin sees it as the bot will use it."""
    m = await ctx.store.match(match_id)
    assert m is not None
    goals = await ctx.store.goals([match_id])
    lines = [f"{stage_label(m)}, {day(m.date)}."]
    for club_id, club in ((m.home_id, m.home), (m.away_id, m.away)):
        mine = [g for g in goals if g.team_id == club_id]
        if mine:
            lines.append(f"{club}: " + ", ".join(_goal_text(g) for g in mine))
    if not line.scorers_given:
        lines.append("No scorers given" + ("; the stored scorers were kept." if goals else "."))
    if players.new_names:
        lines.append("New players created: " + ", ".join(players.new_names) + ".")
    if completed:
        lines.append("This completes the stored fixture.")
    verb = "Corrected" if action == "result.edit" else "Stored"
    return Reply(
        title=f"{verb}: {fixture_line(m)}",
        lines=tuple(lines),
        data={"match": match_data(m), "action": action, "completed_fixture": completed,
              "new_players": players.new_names,
              "goals": [{"team": m.home if g.team_id == m.home_id else m.away,
                         "player": g.player, "minute": g.minute, "stoppage": g.stoppage,
                         "penalty": g.penalty, "own_goal": g.own_goal, "assist": g.assist}
                        for g in goals]},
    )


def _goal_text(g: Goal) -> str:
    minute = f"{g.minute}+{g.stoppage}" if g.stoppage else str(g.minute)
    marks = [m for m, on in (("pen", g.penalty), ("og", g.own_goal)) if on]
    if g.assist:
        marks.append(f"assist {g.assist}")
    return f"{g.player} {minute}" + (f" ({', '.join(marks)})" if marks else "")


COMMANDS = (
    CommandSpec(
        "result", admin_result, group="admin", admin=True, layout="single",
        params=(
            Param("line", "text", "Home 2-1 Away; home scorers; away scorers", required=True,
                  positional=True),
            Param("competition", "competition", COMPETITION_HELP),
            Param("round", "text", "Round for a new match: R16, QF, SF, F, LP, G-A …"),
            Param("leg", "choice", "1, 2 or single", choices=("1", "2", "single", "replay")),
            Param("date", "date", "Match date (default: the fixture in the last week, or today)"),
            Param("new", "text", "Names to create as new players, comma-separated"),
        ),
        examples=("admin result Liverpool 2-5 Real Madrid; Núñez 4, Salah 14; Vinícius 21 36, "
                  "Militão 47, Benzema 55 67",
                  "admin result Real Madrid 1-3 Chelsea aet 2-3; Benzema 96; Mount 15, "
                  "Rüdiger 51, Werner 75"),
    ),
)
