"""League facts for h2h and the preview: the record at a ground ("Everton have not won at
Anfield in the league since …"), both clubs' table positions before the match, and their cup
meetings. A league fixture's preview is built from these and the league head-to-head."""

from __future__ import annotations

from bot.context import Context
from bot.families.table import nth, the
from bot.names import Named
from bot.scope import CATALOG
from bot.text import day, fixture_line, number, plural, result_letter, times
from storage.rows import Match


def is_domestic_league(m: Match | None) -> bool:
    """A match of a domestic league (not a cup, not UEFA)."""
    if m is None:
        return False
    info = CATALOG.get().by_code.get(m.competition.upper())
    return info is not None and info.kind == "league" and info.country != "UEFA"


class Ground(str):
    """A club's stored ground, with the first day our data has the club at home there
    (`since`). Clubs move (Highbury, then the Emirates), and a stored ground is only the
    venue a source named: a sentence over visits from before `since` names "Arsenal's
    ground" instead. A plain str is a ground known for every visit."""

    since: str = ""


def same_place(venue: str, ground: str) -> bool:
    """'Emirates Stadium' and 'Emirates Stadium, London' are one ground."""
    return venue == ground or ground.startswith(venue + ",") or venue.startswith(ground + ",")


async def ground_of(ctx: Context, club: Named) -> str:
    """The club's ground as a Ground, or "Liverpool's ground" when none is stored, or when
    our data has the club at home elsewhere after it first played there (Tottenham's stored
    Wembley: its Champions League seasons, with league games at White Hart Lane)."""
    fallback = f"{club.name}'s ground"
    stored = await ctx.store.club(club.id)
    if not stored or not stored.ground:
        return fallback
    venues = await ctx.store.home_venues(club.id)
    there = [first for venue, first, _last in venues if same_place(venue, stored.ground)]
    if not there:
        return fallback
    since = min(there)
    if any(last > since for venue, _first, last in venues
           if not same_place(venue, stored.ground)):
        return fallback
    ground = Ground(stored.ground)
    ground.since = since
    return ground


def _at(home: Named, ground: str, phrase: str, start: str) -> str:
    """'in the league at Anfield, Liverpool,' for visits from `start` on; the club's ground
    unnamed when our data has it there only later."""
    if isinstance(ground, Ground) and start < ground.since:
        ground = f"{home.name}'s ground"
    return (f"{phrase} " if phrase else "") + f"at {ground}" + ("," if "," in ground else "")


def ground_sentence(visitor: Named, home: Named, ground: str, meetings: list[Match],
                    phrase: str) -> str | None:
    """The visitors' record at the home club's ground among `meetings` (neutral games left
    out): 'Everton have not won at Anfield in the league since 1999 (…); since then: …'."""
    visits = [m for m in meetings if m.home_id == home.id and not m.neutral]
    if not visits:
        return None
    letters = [result_letter(m, visitor.id) for m in visits]
    wins = [m for m, x in zip(visits, letters, strict=True) if x == "W"]
    where = _at(home, ground, phrase, visits[0].date)
    if not wins:
        return (f"{visitor.name} have never won {where} in {plural(len(visits), 'visit')} "
                f"(drew {letters.count('D')}, lost {letters.count('L')}).")
    last = wins[-1]
    after = letters[len(letters) - letters[::-1].index("W"):]
    if not after and (first := first_win_since(visitor, home, ground, visits, letters,
                                               phrase)):
        return first
    if len(after) < 3:
        return (f"{visitor.name} have won {times(len(wins))} in {plural(len(visits), 'visit')} "
                f"{where.rstrip(',')}, latest {fixture_line(last)} on {day(last.date)}.")
    drawn, lost = after.count("D"), after.count("L")
    told = f"lost all {number(lost)}" if not drawn else f"drew all {number(drawn)}" \
        if not lost else f"drew {drawn}, lost {lost}"
    return (f"{visitor.name} have not won {_at(home, ground, phrase, last.date)} since "
            f"{day(last.date)} ({fixture_line(last)}): {plural(len(after), 'visit')} since, "
            f"{told}.")


def first_win_since(visitor: Named, home: Named, ground: str, visits: list[Match],
                    letters: list[str], phrase: str) -> str | None:
    """When the latest visit was a win after three or more without one: 'Liverpool 0-2
    Everton on 20 Feb 2021 was Everton's first league win at Anfield, Liverpool, since 27 Sep
    1999 (Liverpool 0-1 Everton): 20 visits without a win in between.'"""
    before = letters[:-1]
    gap = before[::-1].index("W") if "W" in before else len(before)   # visits since a win
    if gap < 3:
        return None
    latest = visits[-1]
    kind = "league win" if phrase == "in the league" else "win"
    prev = visits[len(before) - 1 - gap] if "W" in before else None
    at = _at(home, ground, "", (prev or visits[0]).date)
    head = f"{fixture_line(latest)} on {day(latest.date)} was {visitor.name}'s first {kind} {at}"
    if prev is None:
        return f"{head.rstrip(',')} in {plural(len(visits), 'visit')}."
    return (f"{head} since {day(prev.date)} ({fixture_line(prev)}): "
            f"{plural(gap, 'visit')} without a win in between.")


async def table_facts(ctx: Context, club: Named, fixture: Match) -> tuple[float, str] | None:
    """Where the club stands in the fixture's league before it (score, sentence)."""
    found = await ctx.store.league_table(fixture.competition, fixture.season, fixture.date)
    row = found.of(club.id) if found else None
    if found is None or row is None or row.played == 0:
        return None
    rows, n = found.rows, len(found.rows)
    name = CATALOG.get().name_in(fixture.competition, fixture.season) or fixture.competition
    where = "top of" if row.position == 1 else "bottom of" if row.position == n \
        else f"{nth(row.position)} in"
    text = f"{club.name} are {where} {the(name)} with {plural(row.points, 'point')} from " \
           f"{plural(row.played, 'match', 'matches')}"
    if row.position == 1 and n > 1:
        gap = row.points - rows[1].points
        text += f", {number(gap)} clear of {rows[1].club}" if gap else \
            f", level on points with {rows[1].club}"
    score = 7.0 if row.position == 1 else 5.5 if row.position <= 4 or row.position > n - 3 \
        else 4.0
    return score, text + "."


async def cup_meetings(ctx: Context, home: Named, away: Named) -> str | None:
    """'They have also met 25 times in the domestic cups: …' (FA Cup, League Cup)."""
    catalog = CATALOG.get()
    cups = tuple(i.code for i in catalog.infos if i.kind == "cup" and i.country == home.country)
    if not cups:
        return None
    games = await ctx.store.meetings(home.id, away.id, cups, before=ctx.before)
    if not games:
        return None
    letters = [result_letter(m, home.id) for m in games]
    last = games[-1]
    return (f"In the cups they have met {times(len(games))}: {home.name} won "
            f"{letters.count('W')}, drew {letters.count('D')}, lost {letters.count('L')}; "
            f"latest {fixture_line(last)} on {day(last.date)}.")
