"""Honours: titles won in a competition, the current holder, finals between two clubs."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from bot.commands import AS_OF, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.common import scoped
from bot.reply import Reply
from bot.text import day, fixture_line, footnote, match_data, plural, season_label
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
    """(deciding match, winner) per competition season; a replay decides a drawn final."""
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


async def honours(ctx: Context, cmd: Command) -> Reply:
    """Titles: a club's wins in a competition's finals, the current holder, or finals A v B.

    `honours Liverpool`, `honours` (the holder), `honours AC Milan v Liverpool` (finals
    between them). Default competition: European Cup/Champions League since 1955-56.
    """
    sc = scoped(cmd.args, "ec", ("knockout",))
    text = cmd.args.get("team", "")
    finals = await decided_finals(ctx, sc.scope.competitions, sc.scope.since_year)
    if not finals:
        raise UserError(f"No {sc.phrase} finals in our data" +
                        (f" before {day(ctx.as_of)}" if ctx.as_of else "") + ".")
    note = "finals in our data; a replayed final counts once"
    names = {m.home_id: m.home for m, _ in finals} | {m.away_id: m.away for m, _ in finals}
    if not text:
        last, winner = finals[-1]
        titles = sum(1 for _, w in finals if w == winner)
        if not is_current(last, ctx.today):
            missing = season_label(season_of(ctx.today) - 1)
            return Reply(
                title=f"{sc.phrase.replace(' knockout', '')} holders: not in our data",
                lines=(f"Our data has no {missing} final, so it cannot say who the holders "
                       f"are. The latest final in our data: {fixture_line(last)} "
                       f"({season_label(last.season)}), won by {names[winner]}.",),
                footnote=footnote(sc.scope, ctx.today, note),
                data={"holder": None, "latest_final": match_data(last)},
            )
        return Reply(
            title=f"{sc.phrase.replace(' knockout', '')} holders: {names[winner]}",
            lines=(f"{names[winner]} won the {season_label(last.season)} final: "
                   f"{fixture_line(last)} ({day(last.date)}), their "
                   f"{ordinal(titles)} title in our data.",),
            footnote=footnote(sc.scope, ctx.today, note),
            data={"holder": names[winner], "final": match_data(last), "titles": titles},
        )
    parts = [p.strip() for p in text.replace(" vs ", " v ").split(" v ")]
    clubs = [ctx.club(p) for p in parts[:2]]
    if len(clubs) == 2:
        ids = {c.id for c in clubs}
        met = [(m, w) for m, w in finals if {m.home_id, m.away_id} == ids]
        lines = [f"{clubs[0].name} and {clubs[1].name} have met in "
                 f"{plural(len(met), 'final')}" + (":" if met else ".")]
        lines += [f"{season_label(m.season)}: {fixture_line(m)}, won by {names[w]}."
                  for m, w in met]
        return Reply(title=f"Finals: {clubs[0].name} v {clubs[1].name}", lines=tuple(lines),
                     footnote=footnote(sc.scope, ctx.today, note),
                     data={"finals": [match_data(m) for m, _ in met]})
    club = clubs[0]
    won = [m for m, w in finals if w == club.id]
    lost = [m for m, w in finals if club.id in (m.home_id, m.away_id) and w != club.id]
    played = plural(len(won) + len(lost), "final")
    seasons = ", ".join(season_label(m.season) for m in won)
    lines = [f"{club.name} have won {plural(len(won), 'title')} in {played}"
             + (f": {seasons}." if won else ".")]
    if lost:
        lines.append(f"Finals lost: {', '.join(season_label(m.season) for m in lost)}.")
    return Reply(
        title=f"{club.name}: honours",
        lines=tuple(lines),
        footnote=footnote(sc.scope, ctx.today, note),
        data={"club": club.name, "titles": len(won), "finals": len(won) + len(lost),
              "won": [match_data(m) for m in won], "lost": [match_data(m) for m in lost]},
    )


def ordinal(n: int) -> str:
    if n <= 10:
        return ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                "eighth", "ninth", "tenth"][n]
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


COMMANDS = (
    CommandSpec(
        "honours", honours,
        params=(Param("team", "text", "A club, two clubs (A v B), or nothing for the holder",
                      positional=True),
                Param("competition", "competition", "ec (default), cl, el or uecl"),
                Param("since", "text", "First season counted"), AS_OF),
        layout="single",
        examples=("honours Liverpool", "honours", "honours AC Milan v Liverpool",
                  "honours Real Madrid competition:cl"),
    ),
)
