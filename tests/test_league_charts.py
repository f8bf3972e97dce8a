"""League position over a season, drawn from the leagues' own tables (storage/league_table.py)
on the English league history: the curve ends where the text answer says the club stands."""

from __future__ import annotations

from datetime import date, timedelta

from adapters import charts
from bot.core import Core
from bot.families.table import nth
from tests import independent_league as ind
from tests.leaguehistory import needs_england
from tests.test_charts import chart_of, decoded

pytestmark = needs_england


async def test_position_chart_1988_89_ends_second_on_goals_scored(leagues: Core) -> None:
    reply = await leagues.ask("position Liverpool as_of:1989-07-01")
    chart = chart_of(reply, "league_position")
    marks = chart.series[0].marks
    assert reply.data["final"] and reply.data["season"] == 1988
    assert len(marks) == reply.data["played"] == 38
    assert marks[-1].value == reply.data["position"] == 2        # behind Arsenal on goals
    assert chart.series[1].marks[0].value == reply.data["clubs"] == 20
    assert all(1 <= m.value <= 20 for m in marks)
    assert [m.label for m in marks] == sorted(m.label for m in marks)
    points = reply.data["points"]
    assert f"finished {nth(2)} of 20 with {points} points" in chart.alt_text
    assert f"{points} pts" in marks[-1].text and "1988-89" in chart.title
    width, height = decoded(await charts.png(chart))
    assert (width, height) == (1000, 480)


async def test_each_point_is_the_table_on_that_day(leagues: Core) -> None:
    reply = await leagues.ask("position Liverpool as_of:1990-04-01")
    marks = chart_of(reply, "league_position").series[0].marks
    assert not reply.data["final"] and marks[-1].value == reply.data["position"] == 1
    for mark in (marks[0], marks[len(marks) // 2]):
        day_after = (date.fromisoformat(mark.label) + timedelta(days=1)).isoformat()
        table = ind.table("1", 1989, day_after)
        assert mark.value == next(n for n, row in enumerate(table, 1) if row[0] == "Liverpool")
        assert mark.text.endswith(f"{table[mark.value - 1][7]} pts")


async def test_chart_no_answers_the_position_alone(leagues: Core) -> None:
    reply = await leagues.ask("position Liverpool as_of:1990-04-01 chart:no")
    assert reply.kind == "answer" and reply.chart is None and reply.data["position"] == 1


async def test_the_curve_ends_where_the_answer_says_when_others_played_later(
        leagues: Core) -> None:
    reply = await leagues.ask("position Everton as_of:2000-01-01")
    chart = chart_of(reply, "league_position")
    last = chart.series[0].marks[-1]
    assert last.value == reply.data["position"]
    assert last.text == f"{nth(reply.data['position'])} · {reply.data['points']} pts"
    assert f"{nth(reply.data['position'])} of {reply.data['clubs']}" in chart.alt_text
    assert reply.lines[0].startswith(f"On 1 Jan 2000, Everton were {nth(last.value)} in")
