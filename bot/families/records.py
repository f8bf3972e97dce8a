"""Records: two-legged ties by first-leg result, home and away records, visitors who won there."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from bot.commands import AS_OF, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.common import Scoped, scoped, where_of
from bot.families.h2h import SCOPE_PARAMS
from bot.families.listing import RECORD_WEIGHT, Records, pick, timeline_records
from bot.families.tie import DECIDED
from bot.names import Named
from bot.reply import Reply
from bot.text import (
    capital,
    every,
    footnote,
    match_data,
    number,
    result_letter,
    round_name,
    season_label,
    share,
)
from storage.rows import Match, Tie

INF = 99
BUCKETS = (("won by two or more goals", 2, INF), ("won by one goal", 1, 1), ("drawn", 0, 0),
           ("lost by one goal", -1, -1), ("lost by two or more goals", -INF, -2))
COUNTRIES = {"ESP": "Spanish", "ENG": "English", "ITA": "Italian", "GER": "German",
             "FRA": "French", "POR": "Portuguese", "NED": "Dutch", "SCO": "Scottish",
             "BEL": "Belgian", "TUR": "Turkish", "GRE": "Greek", "RUS": "Russian",
             "UKR": "Ukrainian", "AUT": "Austrian", "SUI": "Swiss", "SRB": "Serbian",
             "CRO": "Croatian", "CZE": "Czech", "DEN": "Danish", "SWE": "Swedish",
             "NOR": "Norwegian", "HUN": "Hungarian", "ROU": "Romanian", "POL": "Polish",
             "BUL": "Bulgarian", "ISR": "Israeli", "CYP": "Cypriot", "WAL": "Welsh"}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_FIRST_LEG = re.compile(r"^(won|win|winning|lost|lose|losing|drew|draw|drawn|drawing)"
                        r"(?:[\s_-]*(?:by[\s_-]*)?(\d|one|two|three|four|five))?$")


def first_leg_range(text: str) -> tuple[str, int, int]:
    """'won by 2' → ('won by two or more goals', 2, 99); 'lost' → ('lost', -99, -1)."""
    m = _FIRST_LEG.match(" ".join(text.lower().replace("-", " ").split()))
    if not m:
        raise UserError(f"first_leg looks like “won by 2”, “lost by 1”, “drew” or “lost”, "
                        f"not “{text}”.")
    verb, amount = m[1][:2], m[2]
    if verb == "dr":
        return "drawn", 0, 0
    n = (int(amount) if amount.isdigit() else _WORDS[amount]) if amount else 0
    label = "won" if verb == "wo" or verb == "wi" else "lost"
    if n == 0:
        lo, hi, text_ = 1, INF, label
    elif n == 1:
        lo, hi, text_ = 1, 1, f"{label} by one goal"
    else:
        lo, hi, text_ = n, INF, f"{label} by {number(n)} or more goals"
    return (text_, lo, hi) if label == "won" else (text_, -hi, -lo)


@dataclass(frozen=True, slots=True)
class TieRow:
    tie: Tie
    leg1: Match
    leg2: Match
    margin: int          # the club's first-leg goal difference
    through: bool
    at_home: bool        # the club was at home in the first leg


async def decided_ties(ctx: Context, club: Named, sc: Scoped) -> list[TieRow]:
    """The club's two-legged ties in scope whose second leg was played before the as-of date."""
    s = sc.scope
    key = ("decided_ties", club.id, s.competitions, s.stages, s.since_year, ctx.before)
    return await ctx.store.derived([("club", club.id)], key,
                                   lambda: _decided_ties(ctx, club, sc))


async def _decided_ties(ctx: Context, club: Named, sc: Scoped) -> list[TieRow]:
    s = sc.scope
    ties = await ctx.store.ties(club_ids=[club.id], competitions=s.competitions,
                                stages=s.stages, since_year=s.since_year, before=ctx.before)
    legs = {m.id: m for m in await ctx.store.matches_by_ids(
        [t.first_leg_id for t in ties] + [t.second_leg_id for t in ties if t.second_leg_id])}
    out = []
    for t in ties:
        leg1, leg2 = legs.get(t.first_leg_id), legs.get(t.second_leg_id or -1)
        if leg1 is None or leg2 is None or t.winner_id is None or leg2.status != "played":
            continue
        if ctx.before is not None and leg2.date >= ctx.before:
            continue
        margin = (leg1.goals_for(club.id) or 0) - (leg1.goals_against(club.id) or 0)
        out.append(TieRow(t, leg1, leg2, margin, t.winner_id == club.id,
                          leg1.home_id == club.id))
    return out


def tie_label(r: TieRow, club_id: int) -> str:
    opp = r.leg1.away if r.leg1.home_id == club_id else r.leg1.home
    how = DECIDED.get(r.tie.decided_by or "", "")
    agg = (f"{r.tie.agg_a}-{r.tie.agg_b}" if r.tie.club_a == club_id
           else f"{r.tie.agg_b}-{r.tie.agg_a}")
    return (f"{season_label(r.tie.season)} {round_name(r.tie.round)} v {opp} ({agg}"
            + (f", {how}" if r.tie.decided_by not in ("aggregate", None) else "") + ")")


def bucket_sentence(club: str, rows: list[TieRow], label: str, club_id: int,
                    where: str = "") -> str:
    """'Real Madrid went through in 9 of their 10 ties after winning the first leg by …'."""
    won = [r for r in rows if r.through]
    lost = [r for r in rows if not r.through]
    n = len(rows)
    odd: list[TieRow] = []
    if n == 1 or len(won) == n or not won:
        count = f"{'went through in' if won else 'went out of'} {every(n, 'tie')}"
    elif len(won) * 2 >= n:
        count, odd = f"went through in {share(len(won), n, 'tie')}", lost
    else:
        count, odd = f"went out of {share(len(lost), n, 'tie')}", won
    text = f"{club} {count} after the first leg{where} was {label}"
    if odd and len(odd) <= 3:
        text += f"; the exception{'s' if len(odd) > 1 else ''}: " + "; ".join(
            tie_label(r, club_id) for r in odd)
    return text + "."


def tie_data(r: TieRow) -> dict[str, object]:
    return {"season": r.tie.season, "round": r.tie.round, "first_leg_margin": r.margin,
            "first_leg_at_home": r.at_home, "through": r.through,
            "decided_by": r.tie.decided_by, "first_leg": match_data(r.leg1),
            "second_leg": match_data(r.leg2)}


@dataclass(frozen=True, slots=True)
class TieList:
    """A club's decided ties in a scope with each one's record (by tie id), and the answers
    over them by filter (lines, ties' records), each made on its first question: all of it
    derived from the ties alone, so kept with them (at 50x history Real Madrid have 7,150)."""

    rows: list[TieRow]
    records: dict[int, dict[str, object]]
    answers: dict[Hashable, tuple[tuple[str, ...], tuple[dict[str, object], ...]]]
    asked: set[tuple[str | None, tuple[str, int, int] | None]]   # the filters asked of it


async def tie_rows(ctx: Context, club: Named, sc: Scoped) -> TieList:
    """The decided ties with each one's record, derived together; made again after a write
    (in the background, storage/derived.py), with the answers to the filters asked before."""
    s = sc.scope
    key = ("tie_data", club.id, s.competitions, s.stages, s.since_year, ctx.before)
    asked: set[tuple[str | None, tuple[str, int, int] | None]] = set()   # of every remake

    async def make() -> TieList:
        rows = await decided_ties(ctx, club, sc)
        found = TieList(rows, {r.tie.id: tie_data(r) for r in rows}, {}, asked)
        for at, wanted in list(asked):
            found.answers[(club.name, sc.phrase, at, wanted)] = tie_answer(
                club, sc, found, at, wanted)
        return found

    return await ctx.store.derived([("club", club.id)], key, make,
                                   weight_of=lambda v: 1 + 2 * RECORD_WEIGHT * len(v.records))


BUCKET_OF = {m: i for i, (_, lo, hi) in enumerate(BUCKETS) for m in range(lo, hi + 1)}
ANSWERS_KEPT = 32   # filters answered per list of ties (first_leg × first_leg_at)


async def tie_groups(ctx: Context, club: Named, sc: Scoped
                     ) -> dict[tuple[bool, int], list[TieRow]]:
    """The decided ties by (first leg at home, index in BUCKETS), each group in order:
    derived once until the club's ties change (a preview reads one group per club)."""
    s = sc.scope

    async def make() -> dict[tuple[bool, int], list[TieRow]]:
        groups: dict[tuple[bool, int], list[TieRow]] = {}
        for r in await decided_ties(ctx, club, sc):
            if (i := BUCKET_OF.get(r.margin)) is not None:
                groups.setdefault((r.at_home, i), []).append(r)
        return groups

    return await ctx.store.derived(
        [("club", club.id)],
        ("tie_groups", club.id, s.competitions, s.stages, s.since_year, ctx.before), make)


async def tie_record(ctx: Context, club: Named, args: Mapping[str, str]) -> Reply:
    sc = scoped(args, "ec", ("knockout",), (club.country,))
    found = await tie_rows(ctx, club, sc)
    at = args.get("first_leg_at")
    if at and at not in ("home", "away"):
        raise UserError(f"first_leg_at must be home or away, not “{at}”.")
    first = args.get("first_leg")
    wanted = first_leg_range(first) if first else None
    key = (club.name, sc.phrase, at, wanted)
    answer = found.answers.get(key)
    if answer is None:
        answer = tie_answer(club, sc, found, at, wanted)
        if len(found.answers) >= ANSWERS_KEPT:
            found.answers.clear()
            found.asked.clear()
        found.answers[key] = answer
        found.asked.add((at, wanted))
    lines, ties = answer
    return Reply(
        title=f"{club.name}: two-legged ties",
        lines=lines,
        footnote=footnote(sc.scope, ctx.today, "decided two-legged ties; first leg = the "
                          "earlier match; qualifying excluded unless stage:all"),
        data={"club": club.name, "ties": list(ties)},
    )


def tie_answer(club: Named, sc: Scoped, found: TieList, at: str | None,
               wanted: tuple[str, int, int] | None
               ) -> tuple[tuple[str, ...], tuple[dict[str, object], ...]]:
    """The lines of `record CLUB kind:ties` and the records of the ties it counts."""
    rows = found.rows
    where = ""
    if at:
        rows = [r for r in rows if r.at_home == (at == "home")]
        where = f" ({'at home' if at == 'home' else 'away'})"
    if wanted is not None:
        label, lo, hi = wanted
        chosen = [r for r in rows if lo <= r.margin <= hi]
        lines = [bucket_sentence(club.name, chosen, label, club.id, where) if chosen else
                 f"{club.name} have no {sc.phrase} ties in our data where the first leg{where} "
                 f"was {label}."]
    else:
        chosen = rows
        buckets: list[list[TieRow]] = [[] for _ in BUCKETS]
        for r in rows:
            if (i := BUCKET_OF.get(r.margin)) is not None:
                buckets[i].append(r)
        lines = [bucket_sentence(club.name, part, label, club.id, where)
                 for (label, _, _), part in zip(BUCKETS, buckets, strict=True) if part]
    if chosen:
        how = Counter(r.tie.decided_by for r in chosen)
        through = sum(r.through for r in chosen)
        lines.append(f"Overall: {through_count(through, len(chosen))}; " + ", ".join(
            f"{number(n)} {DECIDED.get(k or '', k)}" for k, n in how.most_common()) + ".")
    elif wanted is None:
        lines.append(f"{club.name} have no decided {sc.phrase} two-legged ties in our data.")
    return tuple(lines), tuple(found.records[r.tie.id] for r in chosen)


def wdl(matches: list[Match], club_id: int) -> tuple[int, int, int, int, int]:
    letters = [result_letter(m, club_id) for m in matches]
    return (letters.count("W"), letters.count("D"), letters.count("L"),
            sum(m.goals_for(club_id) or 0 for m in matches),
            sum(m.goals_against(club_id) or 0 for m in matches))


def through_count(through: int, n: int) -> str:
    """'through in their only tie', 'out of their only tie', 'through in seven of their nine
    ties', 'through in neither of their two ties'."""
    if n == 1:
        return "through in their only tie" if through else "out of their only tie"
    return f"through in {share(through, n, 'tie')}"


def wdl_text(matches: list[Match], club_id: int) -> str:
    if not matches:
        return "no matches"
    w, d, lost, gf, ga = wdl(matches, club_id)
    return f"played {len(matches)}, won {w}, drew {d}, lost {lost}, goals {gf}-{ga}"


@dataclass(frozen=True, slots=True)
class VenueRecord:
    lines: tuple[str, ...]
    counted: list[Match]
    record: tuple[int, int, int, int, int]


async def venue_record(ctx: Context, club: Named, kind: str,
                       args: Mapping[str, str]) -> Reply:
    sc = scoped(args, "ec", ("group", "league", "knockout"), (club.country,))
    s = sc.scope
    key = ("venue_record", club.id, kind, sc.phrase, s.competitions, s.stages, s.since_year,
           ctx.before)
    found, records = await ctx.store.derived(
        [("club", club.id)], key, lambda: _venue_record(ctx, club, kind, sc),
        weight_of=lambda v: 1 + len(v[0].counted))
    return Reply(
        title=f"{club.name}: {kind} record",
        lines=found.lines,
        footnote=footnote(s, ctx.today, "neutral venues are no one's home"),
        data={"club": club.name, "kind": kind,
              "record": dict(zip(("won", "drawn", "lost", "goals_for", "goals_against"),
                                 found.record, strict=True)),
              "matches": pick(records, found.counted)},
    )


async def _venue_record(ctx: Context, club: Named, kind: str, sc: Scoped
                        ) -> tuple[VenueRecord, Records]:
    """The record's sentences and counted matches, derived once until the club's matches
    change: at 50x history a club's home record counts 6,000 matches."""
    s = sc.scope
    timeline, records = await timeline_records(ctx, club.id, s.competitions, s.stages,
                                               s.since_year)
    lines = []
    if kind == "overall":
        counted = timeline
        lines.append(f"{club.name} in {sc.phrase} matches: {wdl_text(timeline, club.id)}.")
        for w in ("home", "away", "neutral"):
            part = [m for m in timeline if where_of(m, club.id) == w]
            if part:
                lines.append(f"{w.capitalize()}: {wdl_text(part, club.id)}.")
    else:
        counted = [m for m in timeline if where_of(m, club.id) == kind]
        lines.append(f"{club.name}'s {kind} record in {sc.phrase} matches: "
                     f"{wdl_text(counted, club.id)}." if counted else
                     f"{club.name} have played no {kind} {sc.phrase} matches in our data.")
        if not sc.scope.is_domestic:   # a domestic competition's opponents share a country
            lines += await defeat_countries(ctx, club, counted, kind, sc.phrase)
        if kind == "home" and counted:
            lines.append(await repeat_winners(ctx, club, counted))
    return (VenueRecord(tuple(x for x in lines if x), counted, wdl(counted, club.id)),
            records)


async def defeat_countries(ctx: Context, club: Named, matches: list[Match], kind: str,
                           phrase: str) -> list[str]:
    """'K of their N home defeats in the Champions League came against Spanish clubs.'"""
    lost = [m for m in matches if result_letter(m, club.id) == "L"]
    if len(lost) < 2:
        return []
    countries = await ctx.store.club_countries(m.opponent_id(club.id) for m in lost)
    by = Counter(countries.get(m.opponent_id(club.id), "?") for m in lost)
    code, n = by.most_common(1)[0]
    who = f"{COUNTRIES[code]} clubs" if code in COUNTRIES else f"clubs from {code}"
    return [f"{capital(share(n, len(lost), f'{kind} defeat'))} in {phrase} "
            f"matches came against {who}."]


async def repeat_winners(ctx: Context, club: Named, home: list[Match]) -> str:
    c = await ctx.store.club(club.id)
    ground = (c.ground if c and c.ground else f"{club.name}'s ground")
    wins = Counter(m.away for m in home if result_letter(m, club.id) == "L")
    repeat = [(name, n) for name, n in wins.most_common() if n > 1]
    if not repeat:
        return f"No visiting club has won at {ground} more than once."
    return f"Clubs that have won at {ground} more than once: " + ", ".join(
        f"{name} ({n})" for name, n in repeat) + "."


KIND_WORDS = ("ties", "tie", "home", "away", "overall", "knockout")


def split_kind(text: str) -> tuple[str, str | None]:
    """'Liverpool home' → ('Liverpool', 'home'): the kind may trail the club in text."""
    words = text.split()
    if len(words) > 1 and words[-1].lower() in KIND_WORDS:
        return " ".join(words[:-1]), words[-1].lower()
    return text, None


async def record(ctx: Context, cmd: Command) -> Reply:
    """A club's record: two-legged ties by first-leg result, or home / away / overall.

    `record Real Madrid ties first_leg:"won by 2"`; qualifying rounds are excluded unless
    stage:all. `record Liverpool home competition:cl` adds defeats by opponent country and
    the clubs that have won at the ground more than once.
    """
    name, kind_word = split_kind(cmd.args["team"])
    club = ctx.club(name)
    default = "ties" if "first_leg" in cmd.args else "overall"
    kind = (cmd.args.get("kind") or kind_word or default).lower()
    if kind in ("tie", "ties", "knockout"):
        return await tie_record(ctx, club, cmd.args)
    if kind not in ("home", "away", "overall"):
        raise UserError(f"kind must be ties, home, away or overall, not “{kind}”.")
    return await venue_record(ctx, club, kind, cmd.args)


COMMANDS = (
    CommandSpec(
        "record", record,
        params=(Param("team", "club", "A club", required=True, positional=True),
                Param("kind", "choice", "ties, home, away or overall",
                      choices=("ties", "home", "away", "overall")),
                Param("first_leg", "text", "First-leg result, e.g. “won by 2”, “lost”, “drew”"),
                Param("first_leg_at", "choice", "home or away", choices=("home", "away")),
                *SCOPE_PARAMS, AS_OF),
        layout="single",
        examples=("record Real Madrid kind:ties", "record Liverpool kind:home competition:cl",
                  "record Bayern kind:ties first_leg:lost"),
    ),
)
