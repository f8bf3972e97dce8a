"""Honours: titles won in a competition, the current holder, finals between two clubs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from bot.commands import AS_OF, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.common import Scoped, scoped
from bot.families.listing import Records, pick, with_records
from bot.names import Named
from bot.reply import Reply
from bot.scope import means_league, parse_season
from bot.text import day, fixture_line, footnote, match_data, number, ordinal, plural, season_label
from storage.rows import Match


def final_winner(m: Match) -> int | None:
    """The winner of a final by goals incl. extra time, else the shoot-out; None if replayed."""
    hg, ag = m.home_goals, m.away_goals
    if hg is None or ag is None:
        return None
    if hg != ag:
        return m.home_id if hg > ag else m.away_id
    if m.pen_home is not None and m.pen_away is not None:
        return m.home_id if m.pen_home > m.pen_away else m.away_id
    return None


async def decided_finals(ctx: Context, competitions: tuple[str, ...],
                         since_year: int | None) -> list[tuple[Match, int]]:
    """(deciding match, winner) per competition season; a replay decides a drawn final.
    Derived once until a final changes (read-only)."""
    return await ctx.store.derived(
        [("finals", 0)], ("decided_finals", competitions, since_year, ctx.before),
        lambda: _decided_finals(ctx, competitions, since_year))


@dataclass(frozen=True, slots=True)
class Finals:
    """The decided finals with what every honours answer reads of them per final: derived
    once until a final changes (at 50x history AC Milan's finals are 550 lines), read-only."""

    finals: list[tuple[Match, int]]
    names: dict[int, str]                # club id → its name in the finals
    lines: tuple[str, ...]               # final_line of each final
    by_club: dict[int, tuple[int, ...]]  # club id → the positions of its finals

    @classmethod
    def of(cls, finals: list[tuple[Match, int]]) -> Finals:
        names = {m.home_id: m.home for m, _ in finals} | {m.away_id: m.away for m, _ in finals}
        by_club: dict[int, list[int]] = defaultdict(list)
        for i, (m, _) in enumerate(finals):
            by_club[m.home_id].append(i)
            if m.away_id != m.home_id:
                by_club[m.away_id].append(i)
        return cls(finals, names, tuple(final_line(m, names[w]) for m, w in finals),
                   {k: tuple(v) for k, v in by_club.items()})


async def finals_of(ctx: Context, competitions: tuple[str, ...],
                    since_year: int | None) -> Finals:
    """`decided_finals` with their lines and who played in them."""
    async def make() -> Finals:
        return Finals.of(await decided_finals(ctx, competitions, since_year))

    return await ctx.store.derived(
        [("finals", 0)], ("finals_parts", competitions, since_year, ctx.before), make,
        weight_of=lambda v: 1 + 2 * len(v.finals))


async def final_records(ctx: Context, competitions: tuple[str, ...]) -> Records:
    """The record of every final in these competitions (as of the command's date)."""
    _, records = await with_records(
        ctx, [("finals", 0)], ("finals", competitions, ctx.before),
        lambda: ctx.store.finals(competitions, ctx.before), list)
    return records


async def _decided_finals(ctx: Context, competitions: tuple[str, ...],
                          since_year: int | None) -> list[tuple[Match, int]]:
    by_season: dict[tuple[str, int], list[Match]] = defaultdict(list)
    for m in await ctx.store.finals(competitions, ctx.before):
        if since_year is None or m.season >= since_year:
            by_season[(m.competition, m.season)].append(m)
    out = []
    for games in by_season.values():
        last = games[-1]
        if (winner := final_winner(last)) is not None:
            out.append((last, winner))
    return sorted(out, key=lambda x: x[0].date)


def season_of(day_: date) -> int:
    """The start year of the European season a date falls in (seasons turn in July)."""
    return day_.year if day_.month >= 7 else day_.year - 1


def is_current(final: Match, on: date) -> bool:
    """A final names the holders only if it is this season's or last season's."""
    return final.season >= season_of(on) - 1


NOTE = "finals in our data; a replayed final counts once"


def competition_name(sc: Scoped) -> str:
    return sc.phrase.replace(" knockout", "")


def league_pointer(sc: Scoped, text: str) -> str:
    """A league has no finals: honours count cup finals; titles are `seasons`' answer."""
    codes = sc.scope.competitions
    code = codes[0].lower() if len(codes) == 1 else "league"
    club = text.split(" v ")[0].strip() or "CLUB"
    league = "a league has none" if code == "league" else \
        f"the {competition_name(sc)} is a league, without finals"
    return (f"Honours count cup finals, and {league}. For titles by season ask "
            f"`seasons {club} competition:{code}`.")


def venue_text(m: Match) -> str:
    return m.venue if m.venue else "venue not in our data"


def final_line(m: Match, winner: str) -> str:
    """'1976-77: Liverpool 3-1 Borussia Mönchengladbach (25 May 1977, Rome), won by X.'"""
    where = f", {m.venue}" if m.venue else ""
    return f"{season_label(m.season)}: {fixture_line(m)} ({day(m.date)}{where}), won by {winner}."


def holder_line(club: Named, finals: list[tuple[Match, int]], on: date) -> str | None:
    """'Liverpool are the holders (as of 1 Sep 2019): they won the 2018-19 final …'."""
    last, winner = finals[-1]
    if winner != club.id or not is_current(last, on):
        return None
    return (f"{club.name} are the holders as of {day(on)}: they won the "
            f"{season_label(last.season)} final, {fixture_line(last)}.")


def pick_final(finals: list[tuple[Match, int]], text: str) -> tuple[Match, int] | None:
    """'2005' is the final played in 2005; '2004-05' the final of that season."""
    value = text.strip().replace("/", "-")
    if value.isdigit() and len(value) == 4:
        return next(((m, w) for m, w in finals if m.date[:4] == value), None)
    year = parse_season(value, 1871)
    return next(((m, w) for m, w in finals if m.season == year), None)


async def season_winner(ctx: Context, sc: Scoped, finals: list[tuple[Match, int]],
                        names: dict[int, str], text: str) -> Reply:
    found = pick_final(finals, text)
    name = competition_name(sc)
    if found is None:
        first, last = finals[0][0], finals[-1][0]
        raise UserError(f"Our data has no {name} final for {text}: it has the finals of "
                        f"{season_label(first.season)} to {season_label(last.season)}"
                        + (f" (as of {day(ctx.as_of)})" if ctx.as_of else "") + ".")
    reply = final_won(sc, finals, names, found, ctx.as_of)
    return replace(reply, title=f"{name} {season_label(found[0].season)}: {names[found[1]]}",
                   data={**reply.data, "season": found[0].season, "venue": found[0].venue})


def final_won(sc: Scoped, finals: list[tuple[Match, int]], names: dict[int, str],
              found: tuple[Match, int], on: date | None) -> Reply:
    """'X won the 2004-05 Champions League final: … (25 May 2005, venue), their fifth
    Champions League title in our data': a season's winner and the holders say it alike."""
    m, winner = found
    name = competition_name(sc)
    titles = sum(1 for f, w in finals if w == winner and f.date <= m.date)
    return Reply(
        title=f"{name} holders: {names[winner]}",
        lines=(f"{names[winner]} won the {season_label(m.season)} {name} final: "
               f"{fixture_line(m)} ({day(m.date)}, {venue_text(m)}), their "
               f"{ordinal(titles)} {name} title in our data.",),
        footnote=footnote(sc.scope, on, NOTE),
        data={"winner": names[winner], "final": match_data(m), "titles": titles},
    )


async def holders(ctx: Context, sc: Scoped, finals: list[tuple[Match, int]],
                  names: dict[int, str]) -> Reply:
    last, winner = finals[-1]
    if not is_current(last, ctx.today):
        missing = season_label(season_of(ctx.today) - 1)
        return Reply(
            title=f"{competition_name(sc)} holders: not in our data",
            lines=(f"Our data has no {missing} final, so it cannot say who the holders "
                   f"are. The latest final in our data: {fixture_line(last)} "
                   f"({season_label(last.season)}), won by {names[winner]}.",),
            footnote=footnote(sc.scope, ctx.today, NOTE),
            data={"holder": None, "latest_final": match_data(last)},
        )
    reply = final_won(sc, finals, names, finals[-1], ctx.today)
    return replace(reply, data={"holder": names[winner], **reply.data})


async def honours(ctx: Context, cmd: Command) -> Reply:
    """Titles: a club's finals won and lost, the holders, a season's winner, A v B finals.

    `honours Liverpool`, `honours` (the holder), `honours season:2005` (the final played
    in 2005; `season:2004-05` names the season), `honours AC Milan v Liverpool`. Default
    competition: European Cup/Champions League since 1955-56.
    """
    text = cmd.args.get("team", "")
    first = text.replace(" vs ", " v ").split(" v ")[0].strip()
    league = means_league(cmd.args.get("competition") or "")
    # competition:league means the named club's own league: resolve the club first
    sc = scoped(cmd.args, "ec", ("knockout",),
                (ctx.club(first).country,) if league and first else ())
    if sc.scope.is_league:
        raise UserError(league_pointer(sc, text))
    known = await finals_of(ctx, sc.scope.competitions, sc.scope.since_year)
    finals, names = known.finals, known.names
    if not finals:
        raise UserError(f"No {competition_name(sc)} finals in our data" +
                        (f" before {day(ctx.as_of)}" if ctx.as_of else "") + ".")
    if season := cmd.args.get("season"):
        return await season_winner(ctx, sc, finals, names, season)
    if not text:
        return await holders(ctx, sc, finals, names)
    parts = [p.strip() for p in text.replace(" vs ", " v ").split(" v ")]
    clubs = [ctx.club(p) for p in parts[:2]]
    if len(clubs) == 2:
        ids = {c.id for c in clubs}
        both = [i for i in known.by_club.get(clubs[0].id, ())
                if {finals[i][0].home_id, finals[i][0].away_id} == ids]
        met = [finals[i] for i in both]
        lines = [f"{clubs[0].name} and {clubs[1].name} have met in "
                 f"{plural(len(met), 'final')}" + (":" if met else ".")]
        lines += [known.lines[i] for i in both]
        return Reply(title=f"Finals: {clubs[0].name} v {clubs[1].name}", lines=tuple(lines),
                     footnote=footnote(sc.scope, ctx.today, NOTE),
                     data={"finals": [match_data(m) for m, _ in met]})
    return club_finals(ctx, sc, clubs[0], known, await final_records(ctx, sc.scope.competitions))


def finals_tally(played: int, won: int, name: str) -> str:
    """'one Champions League final, and won it', 'two … finals and lost both', 'ten …
    finals: won six, lost four'."""
    finals = plural(played, f"{name} final")
    if played == 1:
        return f"{finals}, and {'won' if won else 'lost'} it"
    if won in (0, played):
        return (f"{finals} and {'won' if won else 'lost'} "
                + ("both" if played == 2 else f"all {number(played)}"))
    return f"{finals}: won {number(won)}, lost {number(played - won)}"


def club_finals(ctx: Context, sc: Scoped, club: Named, parts: Finals, records: Records
                ) -> Reply:
    finals = parts.finals
    mine = parts.by_club.get(club.id, ())
    played = [finals[i] for i in mine]
    won = [m for m, w in played if w == club.id]
    lost = [m for m, w in played if w != club.id]
    name = competition_name(sc)
    if not played:
        lines = [f"{club.name} have never played in a {name} final in our data."]
    else:
        lines = [f"{club.name} have played {finals_tally(len(played), len(won), name)}."]
        if holder := holder_line(club, finals, ctx.today):
            lines.append(holder)
        lines += [parts.lines[i] for i in mine]
    return Reply(
        title=f"{club.name}: {name} finals",
        lines=tuple(lines),
        footnote=footnote(sc.scope, ctx.today, NOTE),
        data={"club": club.name, "titles": len(won), "finals": len(played),
              "holder": holder_line(club, finals, ctx.today) is not None if played else False,
              "won": pick(records, won), "lost": pick(records, lost)},
    )


COMMANDS = (
    CommandSpec(
        "honours", honours,
        params=(Param("team", "text", "A club, two clubs (A v B), or nothing for the holder",
                      positional=True),
                Param("competition", "competition", "ec (default), cl, el or uecl"),
                Param("season", "text", "A final: 2005 (played in 2005) or 2004-05 (that season)"),
                Param("since", "text", "First season counted"), AS_OF),
        layout="single",
        examples=("honours Liverpool", "honours", "honours season:2005",
                  "honours AC Milan v Liverpool",
                  "honours Real Madrid competition:cl"),
    ),
)
