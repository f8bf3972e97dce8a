"""'First league win at X since DATE': when a club's latest visit to a ground was a win after
three or more visits without one, h2h and the preview say so, counted here straight from
england.csv (tests/independent_league)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core import Core
from tests import independent_league as ind
from tests.leaguehistory import needs_england
from tests.test_league_streaks import spelt

pytestmark = needs_england

CASES = [  # (home, visitor, as_of): the visitor's latest league visit before as_of was a win
    ("Liverpool", "Everton", "2021-03-01"),              # 2020-21: both sources
    ("Manchester United", "Liverpool", "2021-06-01"),
    ("Arsenal", "Tottenham Hotspur", "2011-01-01"),
    ("Newcastle United", "Sunderland", "2013-05-01"),
    ("Aston Villa", "Birmingham City", "1958-01-01"),    # two points for a win
]


def fmt(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d:%b %Y}"


def first_since(home: str, visitor: str, as_of: str, ground: str, kind: str) -> str:
    """The sentence, from england.csv's rows alone."""
    visits = sorted((r for r in ind.england() if (r.home, r.away) == (home, visitor)
                     and r.date < as_of), key=lambda r: r.date)
    won = [i for i, r in enumerate(visits) if r.ag > r.hg]
    assert won and won[-1] == len(visits) - 1, "the latest visit is a win"
    latest, prev = visits[won[-1]], visits[won[-2]]
    gap = won[-1] - won[-2] - 1
    assert gap >= 3

    def line(r: ind.LeagueRow) -> str:
        return f"{r.home} {r.hg}-{r.ag} {r.away}"

    at = f"at {ground}" + ("," if "," in ground else "")
    return (f"{line(latest)} on {fmt(latest.date)} was {visitor}'s first {kind} {at} since "
            f"{fmt(prev.date)} ({line(prev)}): {spelt(gap)} visits without a win in between.")


async def ground_name(core: Core, club: str) -> str:
    [stored] = [c for c in await core.store.clubs() if c.name == club and c.country == "ENG"]
    return stored.ground or f"{club}'s ground"


@pytest.mark.parametrize(("home", "visitor", "as_of"), CASES)
async def test_h2h_tells_the_first_win_at_a_ground_since_a_date(
        leagues: Core, home: str, visitor: str, as_of: str) -> None:
    reply = await leagues.ask(f"h2h {home} v {visitor} competition:league as_of:{as_of}")
    assert reply.kind == "answer", reply.title
    ground = await ground_name(leagues, home)
    assert first_since(home, visitor, as_of, ground, "win") in reply.lines, reply.lines


async def test_the_league_preview_calls_it_a_first_league_win(leagues: Core) -> None:
    home, visitor, as_of = CASES[0]
    reply = await leagues.ask(f"facts {home} v {visitor} as_of:{as_of}")
    ground = await ground_name(leagues, home)
    facts = [line for s in reply.sections for line in s.lines]
    assert first_since(home, visitor, as_of, ground, "league win") in facts, facts
