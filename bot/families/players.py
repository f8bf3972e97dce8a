"""Player facts: scoring and assist streaks, and totals with their shares by stage."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from bot.chartdata import streak_bars
from bot.commands import AS_OF, Command, CommandSpec, Param, parse_date
from bot.context import Context
from bot.errors import UserError
from bot.families.common import Scoped, current_and_longest, result_phrase, scoped, when
from bot.families.h2h import SCOPE_PARAMS
from bot.families.listing import Records, pick, with_records
from bot.names import Named
from bot.reply import Reply
from bot.text import capital, day, footnote, match_data, number, plural, share
from storage.rows import Club, Match

NO_APPS = "no appearance data for this period"


def in_scope(m: Match, sc: Scoped, club_id: int) -> bool:
    s = sc.scope
    return ((not s.competitions or m.competition in s.competitions) and m.stage in s.stages
            and (s.since_year is None or m.season >= s.since_year) and sc.keep(m, club_id)
            and m.status == "played")


@dataclass(frozen=True, slots=True)
class PlayerRun:
    """What a player's streak answer is made of, derived once until his goals, appearances
    or his clubs' matches change."""

    club: Club
    by_apps: bool                # counted by his appearances (else his club's matches)
    timeline: list[Match]        # what is counted, in scope
    known: list[Match]           # the countable stretch (scorers known)
    current: int
    longest: tuple[int, int] | None
    count: int                   # goals (assists) in the current run
    record: tuple[str, int] | None
    clubs: frozenset[int]        # every club whose matches this read

    @property
    def run(self) -> list[Match]:
        return self.known[len(self.known) - self.current:] if self.current else []


async def player_run(ctx: Context, player: Named, assists: bool, sc: Scoped) -> PlayerRun:
    s = sc.scope
    key = ("player_run", player.id, assists, s.competitions, s.stages, s.since_year, sc.venue,
           ctx.before)
    return await ctx.store.derived(
        [("player", player.id)], key, lambda: _player_run(ctx, player, assists, sc),
        tags_of=lambda r: [("club", c) for c in r.clubs],
        weight_of=lambda r: 1 + len(r.timeline))


async def _player_run(ctx: Context, player: Named, assists: bool, sc: Scoped) -> PlayerRun:
    mine = await ctx.store.player_goal_matches(player.id, ctx.before, assists=assists)
    scored = await ctx.store.player_goal_matches(player.id, ctx.before)
    apps = await ctx.store.player_appearances(player.id, ctx.before)
    hits = Counter(mid for mid, _ in mine)
    if apps:
        club_id = apps[-1][1]
        read = await ctx.store.matches_by_ids(mid for mid, _ in apps)
        by_id = {m.id: m for m in read}
        timeline = [by_id[mid] for mid, team in apps if in_scope(by_id[mid], sc, team)]
        known = timeline
    else:
        rows = mine + scored
        if not rows:
            raise UserError(f"{player.name} has no {'assists' if assists else 'goals'} in our data"
                            + (f" before {day(ctx.as_of)}" if ctx.as_of else "") + ".")
        read = await ctx.store.matches_by_ids(mid for mid, _ in rows)
        club_id = next(team for mid, team in rows if mid == read[-1].id)
        s = sc.scope
        timeline = [m for m in await ctx.store.timeline(club_id, s.competitions, s.stages,
                                                         s.since_year, ctx.before)
                    if sc.keep(m, club_id)]
        known = await known_prefix(ctx, timeline, club_id)
    club = await ctx.store.club(club_id)
    assert club is not None
    flags = [hits[m.id] > 0 for m in known]
    current, longest = current_and_longest(flags)
    count = sum(hits[m.id] for m in known[len(known) - current:]) if current else 0
    record = await club_record(ctx, club_id, known, assists, bool(apps))
    clubs = frozenset({club_id, *(m.home_id for m in read), *(m.away_id for m in read)})
    return PlayerRun(club, bool(apps), timeline, known, current, longest, count, record, clubs)


async def player_streak(ctx: Context, player: Named, kind: str, sc: Scoped) -> Reply:
    """Counts appearances when the data has them, else his club's matches (and says so)."""
    assists = kind == "assists"
    r = await player_run(ctx, player, assists, sc)
    club, apps, timeline, known = r.club, r.by_apps, r.timeline, r.known
    club_id, current, longest, run, count = club.id, r.current, r.longest, r.run, r.count
    unit = "appearance" if apps else "match"
    verb = "assisted" if assists else "scored"
    what = "assists" if assists else "goals"
    whose = "his" if apps else "his club's"
    tail = "" if apps else f"; {NO_APPS}"
    ends_early = not apps and bool(known) and known[-1].id != timeline[-1].id
    data_tag = " with scorer data" if ends_early else ""
    noun = (f"{sc.phrase} {unit}{'' if current == 1 else ('es' if unit == 'match' else 's')}"
            f"{data_tag}")
    if not known:
        line = f"{player.name}: no {sc.phrase} {unit}es with scorer data for {club.name}."
    elif current == 0:
        line = (f"{player.name} did not {'assist' if assists else 'score'} in {whose} last "
                f"{sc.phrase} {unit}{data_tag} ({'' if apps else club.name + ', '}"
                f"{result_phrase(known[-1], club_id)}, {when(known[-1])}){tail}.")
    else:
        before_run = known[len(known) - current - 1] if len(known) > current else None
        each = f"each of {whose} last {number(current)}" if current > 1 else f"{whose} last"
        line = (f"{player.name} has {verb} in {each} {noun} "
                f"({'' if apps else club.name + ', '}{plural(count, what[:-1])})"
                + (f", since {result_phrase(before_run, club_id)} ({when(before_run)})"
                   if before_run else "") + f"{tail}.")
    lines = [line]
    if longest and longest[1] > current:
        first, last = known[longest[0]], known[longest[0] + longest[1] - 1]
        lines.append(f"His longest such run: {number(longest[1])}, from {day(first.date)} "
                     f"to {day(last.date)}.")
    if ends_early:
        lines.append(f"Scorer data for {club.name}'s {sc.phrase} matches ends on "
                     f"{day(known[-1].date)}; later matches not counted.")
    if not apps and known and current == len(known) and known[0].id != timeline[0].id:
        gap = timeline[timeline.index(known[0]) - 1]
        lines.append(f"The run may be longer: the scorers of {club.name}'s match before it "
                     f"({when(gap)}) are not in our data.")
    if record := r.record:
        name, length = record
        holder = "his run is the club record" if name == player.name and length == current \
            else f"the club record is {number(length)}, by {name}"
        lines.append(f"For {club.name} in our data, {holder} (consecutive "
                     f"{'appearances' if apps else 'matches'} with "
                     f"{'an assist' if assists else 'a goal'}).")
    note = footnote(sc.scope, ctx.today, "counts appearances" if apps
                    else f"counts {club.name}'s matches: {NO_APPS}")
    chart = None
    if known:
        since = ("since " + day(known[len(known) - current - 1].date)
                 if len(known) > current else "every match counted") if current else ""
        span = (f"{day(known[longest[0]].date)} to "
                f"{day(known[longest[0] + longest[1] - 1].date)}") if longest else ""
        chart = streak_bars(player.name, [("assists" if assists else "scoring", current, since,
                                           longest[1] if longest else 0, span)],
                            sc.phrase, note)
    return Reply(
        title=f"{player.name}: {'assist' if assists else 'scoring'} streak",
        lines=tuple(lines),
        footnote=note,
        chart=chart,
        data={"player": player.name, "club": club.name, "kind": kind, "current": current,
              "counted_by": "appearances" if apps else "club matches",
              "goals": count, "longest": longest[1] if longest else 0,
              "matches": [match_data(m) for m in run], "counted": len(known)},
    )


async def known_prefix(ctx: Context, timeline: list[Match], club_id: int) -> list[Match]:
    """The club's matches up to the last one whose scorers we know; earlier unknowns break runs.

    A match is known when the club did not score or has goal rows for it.
    """
    rows = await ctx.store.club_goal_rows([m.id for m in timeline])
    credited = {mid for mid, team, *_ in rows if team == club_id}
    known = [(m.goals_for(club_id) or 0) == 0 or m.id in credited for m in timeline]
    if True not in known:
        return []
    last = len(known) - 1 - known[::-1].index(True)
    # an unknown match starts the countable stretch again: keep what follows the last one
    start = max((i + 1 for i in range(last + 1) if not known[i]), default=0)
    return timeline[start:last + 1]


async def club_record(ctx: Context, club_id: int, timeline: list[Match], assists: bool,
                      by_apps: bool) -> tuple[str, int] | None:
    """The longest run of consecutive matches (or appearances) with a goal by one player."""
    if not timeline:
        return None
    rows = await ctx.store.club_goal_rows([m.id for m in timeline])
    hits: dict[int, set[int]] = defaultdict(set)
    for mid, team, scorer, assist, own in rows:
        who = assist if assists else scorer
        if team == club_id and who is not None and not own:
            hits[who].add(mid)
    apps: dict[int, list[int]] = defaultdict(list)
    if by_apps:
        for mid, pid in await ctx.store.club_appearances(club_id, [m.id for m in timeline]):
            apps[pid].append(mid)
    order = {m.id: i for i, m in enumerate(timeline)}
    best: tuple[int, int] | None = None
    for pid, got in hits.items():
        seq = sorted(apps[pid], key=order.__getitem__) if by_apps else [m.id for m in timeline]
        _, longest = current_and_longest([mid in got for mid in seq])
        if longest and (best is None or longest[1] > best[1]):
            best = (pid, longest[1])
    if best is None:
        return None
    p = await ctx.store.player(best[0])
    return (p.name if p else "?"), best[1]


PlayerGoals = tuple[list[tuple[int, int]], list[tuple[int, int]], dict[int, Match]]


async def player_matches(ctx: Context, player: Named) -> tuple[PlayerGoals, Records]:
    """(his goals, his assists, their matches by id) with the matches' records, derived
    once until his goals or those matches change."""
    async def source() -> PlayerGoals:
        goals = await ctx.store.player_goal_matches(player.id, ctx.before)
        helped = await ctx.store.player_goal_matches(player.id, ctx.before, assists=True)
        by_id = {m.id: m for m in await ctx.store.matches_by_ids(
            [mid for mid, _ in goals] + [mid for mid, _ in helped])}
        return goals, helped, by_id

    def matches(value: PlayerGoals) -> list[Match]:
        return list(value[2].values())

    return await with_records(ctx, [("player", player.id)], ("player", player.id, ctx.before),
                              source, matches,
                              tags_of=lambda v: [("club", c) for m in matches(v[0])
                                                 for c in (m.home_id, m.away_id)])


async def player_totals(ctx: Context, cmd: Command) -> Reply:
    """A player's goals in a scope: by stage, the knockout share, penalties and assists."""
    player = ctx.player(cmd.args["player"])
    sc = scoped(cmd.args, "europe")
    (goals, helped, by_id), records = await player_matches(ctx, player)
    counted = [(by_id[mid], team) for mid, team in goals if in_scope(by_id[mid], sc, team)]
    assisted = [by_id[mid] for mid, team in helped if in_scope(by_id[mid], sc, team)]
    if not counted and not assisted:
        raise UserError(f"{player.name} has no goals or assists in {sc.phrase} matches "
                        "in our data.")
    stages = Counter(m.stage for m, _ in counted)
    total = len(counted)
    ko = stages.get("knockout", 0)
    clubs = Counter(team for _, team in counted)
    names = {cid: (await ctx.store.club(cid)).name for cid in clubs}  # type: ignore[union-attr]
    lines = [f"{player.name} has {plural(total, 'goal')} in {sc.phrase} matches in our data"
             + (f", for {', '.join(f'{names[c]} ({n})' for c, n in clubs.most_common())}"
                if clubs else "") + "."]
    if total:
        lines.append(stage_split(stages, total))
        first, last = counted[0][0], counted[-1][0]
        lines.append(f"First goal: v {first.away if first.home_id == counted[0][1] else first.home}"
                     f" ({when(first)}); latest: {when(last)}.")
    lines.append(f"{capital(plural(len(assisted), 'assist'))} recorded (only where the data "
                 "has assists).")
    if first := cmd.args.get("first"):
        lines.append(await first_appearances(ctx, player, sc, counted, first))
    if on := cmd.args.get("on"):
        lines.append(match_tally(player.name, counted, parse_date(on, "on"), sc.phrase))
    return Reply(
        title=f"{player.name}: goals",
        lines=tuple(lines),
        footnote=footnote(sc.scope, ctx.today, "own goals excluded; scorer data is partial"),
        data={"player": player.name, "goals": total, "by_stage": dict(stages),
              "knockout_share": [ko, total], "assists": len(assisted),
              "matches": pick(records, (m for m, _ in counted))},
    )


def stage_split(stages: Counter[str], total: int) -> str:
    """'Three of his five goals came in the knockout rounds, two in the group or league
    phase.' (words and plurals agree: 'All five of his goals', 'His only goal')."""
    ko, group = stages.get("knockout", 0), stages.get("group", 0) + stages.get("league", 0)
    rest = [f"{number(group)} in the group or league phase" if group and group != total else "",
            f"{number(stages['qualifying'])} in qualifying" if stages.get("qualifying") else ""]
    if ko == 0:
        first = f"{capital(share(group, total, 'goal', 'his'))} came in the group or league phase"
        rest[0] = ""
    else:
        first = f"{capital(share(ko, total, 'goal', 'his'))} came in the knockout rounds"
    if total == 1 and not ko and not group:
        first = "His only goal came in qualifying"
        rest[1] = ""
    return ", ".join([first, *(r for r in rest if r)]) + "."


async def first_appearances(ctx: Context, player: Named, sc: Scoped,
                            counted: list[tuple[Match, int]], text: str) -> str:
    """Goals in his first N appearances in scope: needs appearance data, and says so."""
    if not text.isdigit() or not 1 <= int(text) <= 500:
        raise UserError(f"first must be a number of appearances, like 10, not “{text}”.")
    n = int(text)
    apps = await ctx.store.player_appearances(player.id, ctx.before)
    by_id = {m.id: m for m in await ctx.store.matches_by_ids(mid for mid, _ in apps)}
    mine = [by_id[mid] for mid, team in apps if in_scope(by_id[mid], sc, team)][:n]
    if not mine:
        return f"Goals in his first {n} appearances: {NO_APPS}."
    ids = {m.id for m in mine}
    goals = sum(1 for m, _ in counted if m.id in ids)
    return (f"{plural(goals, 'goal').capitalize()} in his first {number(len(mine))} {sc.phrase} "
            f"appearances.")


def match_tally(name: str, counted: list[tuple[Match, int]], on: date, phrase: str) -> str:
    """'His two goals v Roma (…) took him from 8 to 10 Champions League goals.'"""
    day_iso = on.isoformat()
    before = sum(1 for m, _ in counted if m.date < day_iso)
    that = [(m, team) for m, team in counted if m.date == day_iso]
    if not that:
        return f"{name} did not score on {day(day_iso)} ({before} {phrase} goals before it)."
    m, team = that[0]
    opp = m.away if m.home_id == team else m.home
    return (f"His {plural(len(that), 'goal')} v {opp} ({when(m)}) took him from {before} to "
            f"{before + len(that)} {phrase} goals.")


COMMANDS = (
    CommandSpec(
        "player", player_totals,
        params=(Param("player", "player", "A player", required=True, positional=True),
                Param("first", "int", "Goals in his first N appearances (needs appearance data)"),
                Param("on", "date", "A match date: his goals that day against his tally before"),
                *SCOPE_PARAMS, AS_OF),
        layout="single",
        examples=("player Salah competition:cl", "player Salah on:2018-04-24",
                  "player Ronaldo stage:knockout"),
    ),
)
