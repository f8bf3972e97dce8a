"""The generated preview: candidate facts from every family, scored, the best 6-10 kept.

Also `needs TEAM`: what a club needs in its current (or latest) two-legged tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from bot.chartdata import preview_card
from bot.commands import AS_OF, CHART, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families import tie as tie_family
from bot.families.common import Scoped, scoped
from bot.families.h2h import (
    FEW_VISITS,
    PAIR,
    coming_meeting,
    shape_in_words,
    visits_sentence,
    visits_to,
)
from bot.families.honours import finals_of, is_current
from bot.families.league_facts import (
    cup_meetings,
    ground_of,
    ground_sentence,
    is_domestic_league,
    table_facts,
)
from bot.families.listing import pick as pick_records
from bot.families.listing import with_parts
from bot.families.players import known_prefix
from bot.families.records import BUCKETS, bucket_sentence, decided_ties, tie_groups, wdl
from bot.families.streaks import span_of, team_runs, team_sentence
from bot.names import Named
from bot.reply import Reply, Section
from bot.text import (
    day,
    fixture_line,
    footnote,
    match_data,
    number,
    plural,
    result_letter,
    share,
    times,
)
from bot.text import stage_label as stage_text
from bot.tiecalc import needs
from storage.rows import Match

COMPETITION_KEY = {"UCL": "ec", "UEL": "el", "UECL": "uecl"}
MOST, FEWEST = 10, 6
# minimum run worth a fact; the order is the preference when two kinds cover the same run
STREAK_MIN = {"winning": 3, "losing": 3, "clean": 3, "unbeaten": 4, "winless": 3, "scoring": 4}
STREAKS_PER_CLUB = 2
CARD_FACTS = 6     # what a preview card has room for
LONG_TIE = "two-legged European Cup/Champions League knockout tie"


@dataclass(frozen=True, slots=True)
class Fact:
    section: str     # "Head-to-head" or a club's name
    score: float     # notability: run length, rarity, recency
    text: str


async def preview(ctx: Context, cmd: Command) -> Reply:
    """Match facts for A v B, broadcaster style: head-to-head, then each club.

    When a meeting of the two is stored on or after the as-of date (a fixture, or a second
    leg still to come as of that date), the preview is as of its kick-off. With none, two
    clubs of one country that have met in their league get the league preview: that is
    the match their fans mean (Liverpool v Everton), not a first European meeting.
    """
    a, b = ctx.club(cmd.args["team"]), ctx.club(cmd.args["opponent"])
    if a.id == b.id:
        raise UserError("Name two different clubs.")
    fixture = await coming_meeting(ctx, a.id, b.id)
    if fixture is not None:
        ctx = Context(ctx.store, ctx.names, ctx.now,
                      replace(cmd, as_of=date.fromisoformat(fixture.date)))
        home, away = ((a, b) if fixture.home_id == a.id else (b, a))
    else:
        home, away = a, b
    domestic = is_domestic_league(fixture) or (
        fixture is None and home.country is not None and home.country == away.country
        and await met_in_their_league(ctx, home, away))
    if domestic:   # a league fixture, or two clubs of one league with no fixture stored
        sc = scoped({"competition": "league"}, countries=(home.country, away.country))
        h2h_scope = sc.scope.competitions
    else:
        key = COMPETITION_KEY.get(fixture.competition, "ec") if fixture else "ec"
        sc = scoped({"competition": key}, key, ("group", "league", "knockout"))
        h2h_scope = scoped({"competition": "europe"}).scope.competitions
    meetings, records, letters = await with_parts(
        ctx, [("club", home.id), ("club", away.id)],
        ("preview meetings", home.id, away.id, h2h_scope, ctx.before),
        lambda: ctx.store.meetings(home.id, away.id, h2h_scope, before=ctx.before), list,
        lambda found: tuple(result_letter(m, home.id) for m in found), weight=1)
    facts = await head_to_head(ctx, home, away, fixture, meetings, domestic, letters)
    leg1 = await first_leg(ctx, fixture) if fixture and fixture.leg == "2" else None
    for club in (home, away):
        facts += await club_facts(ctx, club, sc, fixture, leg1)
        if domestic and fixture is not None and (place := await table_facts(ctx, club, fixture)):
            facts.append(Fact(club.name, *place))
    chosen = pick(facts)
    sections = tuple(Section(name, tuple(f.text for f in chosen if f.section == name))
                     for name in ("Head-to-head", home.name, away.name)
                     if any(f.section == name for f in chosen))
    title = f"{home.name} v {away.name}"
    when = f"{stage_text(fixture)}, {day(fixture.date)}" if fixture else ""
    if fixture:
        title += f": {when}"
    note = footnote(sc.scope, ctx.today, "head-to-head: every league meeting in our data"
                    if domestic else "head-to-head: all European competition in our data")
    card = preview_card(f"Match facts — {home.name} v {away.name}", when, home.name, away.name,
                        (letters.count("W"), letters.count("D"), letters.count("L")),
                        card_facts(chosen, (home.name, away.name)), note)
    return Reply(
        title=f"Match facts — {title}",
        sections=sections,
        footnote=note,
        chart=card,
        data={"fixture": match_data(fixture) if fixture else None,
              "facts": [{"section": f.section, "score": round(f.score, 2), "text": f.text}
                        for f in chosen],
              "candidates": len(facts), "meetings": pick_records(records, meetings)},
    )


async def met_in_their_league(ctx: Context, a: Named, b: Named) -> bool:
    """Have two clubs of one country met in its league (any tier) before the as-of date?"""
    league = scoped({"competition": "league"}, countries=(a.country, b.country))
    return bool(await ctx.store.meetings(a.id, b.id, league.scope.competitions,
                                         before=ctx.before))


def card_facts(chosen: list[Fact], clubs: tuple[str, str]) -> list[str]:
    """The card's lines: the most notable facts that fit, in the answer's section order."""
    top = set(map(id, chosen[:CARD_FACTS]))
    order = ("Head-to-head", *clubs)
    return [f.text for name in order for f in chosen if f.section == name and id(f) in top]


def pick(facts: list[Fact]) -> list[Fact]:
    ranked = sorted(facts, key=lambda f: -f.score)
    keep = [f for f in ranked if f.score >= 4][:MOST]
    if len(keep) < FEWEST:
        keep = ranked[:FEWEST]
    return keep


async def head_to_head(ctx: Context, home: Named, away: Named, fixture: Match | None,
                       meetings: list[Match], domestic: bool = False,
                       letters: Sequence[str] | None = None) -> list[Fact]:
    """letters: `result_letter` of each meeting for `home`, when already known."""
    h = "Head-to-head"
    where = "the league" if domestic else "European competition"
    if not meetings:
        return [Fact(h, 9, f"This is the first meeting of {home.name} and {away.name} in "
                           f"{where} in our data.")]
    if letters is None:
        letters = [result_letter(m, home.id) for m in meetings]
    w, d, lost = letters.count("W"), letters.count("D"), letters.count("L")
    out = [Fact(h, 6, f"{home.name} and {away.name} have met {times(len(meetings))} "
                      f"in {where}: {home.name} won {w}, drew {d}, lost {lost}.")]
    if len(meetings) > 1:
        run = _trailing(letters)
        out.append(Fact(h, 4 + min(run, 5) * 0.6, shape_in_words(home.name, away.name, letters)))
    last = meetings[-1]
    recent = 2 if ctx.today.year - int(last.date[:4]) <= 2 else 0
    out.append(Fact(h, 3.5 + recent, f"Last meeting: {fixture_line(last)} ({stage_text(last)}, "
                                     f"{day(last.date)})."))
    if domestic:   # with no fixture, the first-named club is the home side
        ground = ground_sentence(away, home, await ground_of(ctx, home), meetings, "in the league")
        if ground:
            out.append(Fact(h, 6.5, ground))
        if cups := await cup_meetings(ctx, home, away):
            out.append(Fact(h, 3.8, cups))
    elif fixture and not fixture.neutral:
        visits = await visits_to(ctx, fixture)
        ground = (await ctx.store.club(home.id)).ground or f"{home.name}'s ground"  # type: ignore[union-attr]
        vl = [result_letter(m, away.id) for m in visits]
        if len(visits) <= FEW_VISITS:   # few visits: each one is told, whatever else ranks
            out.append(Fact(h, 9, visits_sentence(away.name, away.id, ground, visits)))
        else:
            text = (f"{away.name} have never won in {plural(len(visits), 'visit')} to {ground}"
                    if "W" not in vl else
                    f"{away.name} have played at {ground} {times(len(visits))}: won "
                    f"{vl.count('W')}, drew {vl.count('D')}, lost {vl.count('L')}")
            out.append(Fact(h, 5 + (2 if "W" not in vl else 0), text + "."))
    return out


def _trailing(letters: Sequence[str]) -> int:
    n = 0
    for x in reversed(letters):
        if x != letters[-1]:
            break
        n += 1
    return n


async def first_leg(ctx: Context, fixture: Match) -> Match | None:
    ties = await ctx.store.ties(club_ids=[fixture.home_id], opponent_ids=[fixture.away_id],
                                stages=("knockout", "qualifying"))
    for t in ties:
        if t.second_leg_id == fixture.id:
            return await ctx.store.match(t.first_leg_id)
    return None


async def club_facts(ctx: Context, club: Named, sc: Scoped, fixture: Match | None,
                     leg1: Match | None) -> list[Fact]:
    out: list[Fact] = []
    if leg1 is not None and fixture is not None:
        out += await tie_facts(ctx, club, leg1, fixture)
    elif fixture is not None and fixture.leg == "1":
        rows = await decided_ties(ctx, club, scoped({"competition": "ec"}, "ec", ("knockout",)))
        if rows:
            won = sum(r.through for r in rows)
            out.append(Fact(club.name, 4 + (1 if won * 4 >= len(rows) * 3 else 0),
                            f"{club.name} have gone through in "
                            f"{share(won, len(rows), LONG_TIE)}."))
    phrases = [sc]
    if fixture and fixture.stage == "knockout":
        phrases.append(scoped({"competition": COMPETITION_KEY.get(fixture.competition, "ec"),
                               "stage": "knockout"}))
    # one fact per run: the same matches under two kinds (won six = unbeaten in six) or two
    # scopes say one thing; the stronger kind and the more notable scope win
    best: dict[tuple[int, int], tuple[str, Fact]] = {}
    for s in phrases:
        runs = await team_runs(ctx, club, s)
        for kind in STREAK_MIN:
            r = runs[kind]
            if r.current < STREAK_MIN[kind]:
                continue
            record = 2 if r.longest and r.current == r.longest[1] else 0
            fact = Fact(club.name, 3 + min(r.current, 12) * 0.4 + record,
                        team_sentence(r, club.id, s.phrase)
                        + (f" It is their longest such run {span_of(r)}." if record else ""))
            key = (r.breaker.id if r.breaker else 0, r.matches[-1].id)
            if key not in best or fact.score > best[key][1].score:
                best[key] = (kind, fact)
    by_kind: dict[str, Fact] = {}   # and one per kind: the more notable scope
    for kind, fact in best.values():
        if kind not in by_kind or fact.score > by_kind[kind].score:
            by_kind[kind] = fact
    out += sorted(by_kind.values(), key=lambda f: -f.score)[:STREAKS_PER_CLUB]
    s = sc.scope
    timeline = await ctx.store.timeline(club.id, s.competitions, s.stages, s.since_year,
                                        ctx.before)
    if fixture and not fixture.neutral:
        side = "home" if fixture.home_id == club.id else "away"
        played, w, lost = (await side_records(ctx, club.id, sc))[side == "home"]
        if played >= 8:
            rate = lost / played if side == "home" else w / played
            what = f"{sc.phrase} {side} match"
            text = (f"{club.name} have lost {'only ' if 0 < rate < 0.15 else ''}"
                    f"{share(lost, played, what, plural_form=what + 'es')}."
                    if side == "home" else
                    f"{club.name} have won {share(w, played, what, plural_form=what + 'es')}.")
            out.append(Fact(club.name, 3 + (2 if rate < 0.1 else 1 if rate < 0.2 else 0), text))
    out += await honours_facts(ctx, club, sc)
    out += await scorer_facts(ctx, club, timeline, sc.phrase)
    return out


async def side_records(ctx: Context, club_id: int, sc: Scoped
                       ) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(away, home): the club's non-neutral matches in scope as of the command's date,
    (played, won, lost) each; derived once until its matches change (at 50x history a
    club's European timeline is 15,000 matches)."""
    s = sc.scope

    async def make() -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        timeline = await ctx.store.timeline(club_id, s.competitions, s.stages, s.since_year,
                                            ctx.before)
        out = []
        for home in (False, True):
            games = [m for m in timeline if not m.neutral and (m.home_id == club_id) == home]
            w, _, lost, _, _ = wdl(games, club_id)
            out.append((len(games), w, lost))
        return out[0], out[1]

    return await ctx.store.derived(
        [("club", club_id)],
        ("side_records", club_id, s.competitions, s.stages, s.since_year, ctx.before), make)


async def tie_facts(ctx: Context, club: Named, leg1: Match, fixture: Match) -> list[Fact]:
    rules = await ctx.store.season_rules(leg1.competition, leg1.season)
    assert rules is not None
    side = "first" if leg1.home_id == club.id else "second"
    n = needs(leg1.home_goals or 0, leg1.away_goals or 0, rules, side)
    out = [Fact(club.name, 9.5, tie_family.needs_sentence(club.name, n, side))]
    margin = (leg1.goals_for(club.id) or 0) - (leg1.goals_against(club.id) or 0)
    at_home = leg1.home_id == club.id
    bucket = next(b for b in BUCKETS if b[1] <= margin <= b[2])
    label = bucket[0]
    groups = await tie_groups(ctx, club, scoped({"competition": "ec"}, "ec", ("knockout",)))
    rows = groups.get((at_home, BUCKETS.index(bucket)), [])
    if rows:
        share = sum(r.through for r in rows) / len(rows)
        rare = 2 if share in (0, 1) and len(rows) >= 3 else 1 if len(rows) >= 3 else 0
        out.append(Fact(club.name, 6 + rare, bucket_sentence(
            club.name, rows, label, club.id, " (at home)" if at_home else " (away)")))
    else:
        out.append(Fact(club.name, 5, f"{club.name} have never before played a second leg "
                                      f"after a first leg {'at home' if at_home else 'away'} "
                                      f"that was {label} (European Cup/Champions League)."))
    return out


async def honours_facts(ctx: Context, club: Named, sc: Scoped) -> list[Fact]:
    known = await finals_of(ctx, sc.scope.competitions, None)
    finals = known.finals
    won = [m for m, w in (finals[i] for i in known.by_club.get(club.id, ())) if w == club.id]
    out = []
    if finals and finals[-1][1] == club.id and is_current(finals[-1][0], ctx.today):
        last = finals[-1][0]
        out.append(Fact(club.name, 6, f"{club.name} are the holders: they won the "
                                      f"{stage_text(last)} ({fixture_line(last)})."))
    if won:
        out.append(Fact(club.name, 3 + min(len(won), 6) * 0.4,
                        f"{club.name} have won the {sc.phrase} {times(len(won))} "
                        f"(latest {won[-1].season}-{(won[-1].season + 1) % 100:02d})."))
    return out


async def scorer_facts(ctx: Context, club: Named, timeline: list[Match],
                       phrase: str) -> list[Fact]:
    """A player of the club who has scored in each of its last 3+ matches (club matches)."""
    if not timeline:
        return []
    known = await known_prefix(ctx, timeline[-40:], club.id)
    if not known or known[-1].id != timeline[-1].id:
        return []
    rows = await ctx.store.club_goal_rows([m.id for m in known])
    scored: dict[int, set[int]] = {}
    for mid, team, scorer, _, own in rows:
        if team == club.id and scorer is not None and not own:
            scored.setdefault(scorer, set()).add(mid)
    out = []
    for pid, got in scored.items():
        n = 0
        for m in reversed(known):
            if m.id not in got:
                break
            n += 1
        if n >= 3:
            p = await ctx.store.player(pid)
            out.append(Fact(club.name, 4 + n * 0.5,
                            f"{p.name if p else '?'} has scored in each of {club.name}'s last "
                            f"{number(n)} {phrase} matches (no appearance data for this period)."))
    return out


async def needs_cmd(ctx: Context, cmd: Command) -> Reply:
    """What a club needs in its current two-legged tie (or how its latest one stood)."""
    club = ctx.club(cmd.args["team"])
    t = await ctx.store.last_tie(club.id, ("knockout", "qualifying"), ctx.today.isoformat())
    if t is None:
        raise UserError(f"{club.name} have no two-legged tie in our data.")
    other = t.club_b if t.club_a == club.id else t.club_a
    opp = await ctx.store.club(other)
    assert opp is not None
    args = {"team": club.name, "opponent": opp.name, "season": str(t.season)}
    return await tie_family.tie(ctx, replace(cmd, name="tie", args=args))


COMMANDS = (
    CommandSpec(
        "facts", preview,
        params=(*PAIR, AS_OF, CHART),
        layout="pair",
        examples=("facts Liverpool v Real Madrid",
                  "facts Real Madrid v Manchester City as_of:2023-05-10"),
    ),
    CommandSpec(
        "needs", needs_cmd,
        params=(Param("team", "club", "A club", required=True, positional=True), AS_OF),
        layout="single",
        examples=("needs Liverpool", "needs Liverpool as_of:2023-03-01"),
    ),
)
