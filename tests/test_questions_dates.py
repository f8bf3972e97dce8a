"""A day named in a question is the answer's as-of day ("on this day in 1990", "on 1 April
1990"), and "where were Liverpool" / "were Liverpool top" ask for the league position: checked
on the real English history against tables counted straight from england.csv."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core import Core
from bot.questions import interpret
from tests import independent_league as ind
from tests.fullhistory import NOW
from tests.leaguehistory import needs_england

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(("text", "args"), [
    ("where were Liverpool in the table on this day in 1990",
     {"team": "liverpool", "as_of": "1990-12-04"}),
    ("were Liverpool top of the league on this day in 1990",
     {"team": "liverpool", "as_of": "1990-12-04", "competition": "league"}),
    ("where were Everton on 1 April 1990", {"team": "everton", "as_of": "1990-04-01"}),
    ("where were Everton on the 1st of April 1990", {"team": "everton", "as_of": "1990-04-01"}),
    ("Everton league position on April 1st 1990", {"team": "everton", "as_of": "1990-04-01"}),
    ("where were Everton in the league on 1990-04-01",
     {"team": "everton", "as_of": "1990-04-01", "competition": "league"}),
    ("was Burnley bottom on 1 jan 2026", {"team": "burnley", "as_of": "2026-01-01"}),
])
def test_a_day_in_the_question_is_the_as_of_day(text: str, args: dict[str, str]) -> None:
    found = interpret(text, today=TODAY)
    assert found is not None and (found.command, found.args) == ("position", args)


def test_a_day_that_is_not_in_the_calendar_is_refused() -> None:
    with pytest.raises(Exception, match="not a day of the calendar"):
        interpret("where were Everton on 31 February 1990", today=TODAY)


def test_this_day_on_the_29th_of_february_in_a_year_without_one_is_refused() -> None:
    with pytest.raises(Exception, match="not a day of the calendar"):
        interpret("where were Everton on this day in 1990", today=date(2028, 2, 29))


@needs_england
@pytest.mark.parametrize(("text", "club", "day"), [
    ("where were Liverpool in the table on this day in 1990", "Liverpool",
     f"1990-{NOW:%m-%d}"),
    ("were Liverpool top on this day in 1990", "Liverpool", f"1990-{NOW:%m-%d}"),
    ("where were Everton on 1 April 1990", "Everton", "1990-04-01"),
    ("where were Arsenal in the league on 26 May 1989", "Arsenal", "1989-05-26"),
])
async def test_position_on_the_day_asked_matches_an_independent_table(
        leagues: Core, text: str, club: str, day: str) -> None:
    reply = await leagues.ask(text)
    assert reply.kind == "answer", reply.title
    season = int(day[:4]) - (int(day[5:7]) < 7)
    rows = ind.table("1", season, before=day)
    assert reply.data["as_of"] == day
    assert reply.data["position"] == [r[0] for r in rows].index(club) + 1
    assert reply.data["points"] == next(r[7] for r in rows if r[0] == club)
