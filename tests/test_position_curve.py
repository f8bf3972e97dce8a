"""The league position curve (storage/league_table.positions_by_date, one running table
ranked after each date) is, at every point, the table on that day: against a count straight
from england.csv for a whole season, and against `table … as_of` where head-to-head splits
clubs level on points. Not compared: a day the club is level with another on points, goal
difference (or average) and goals scored, which the table splits by name and the curve by
club id (it is given ids only)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core import Core
from tests import independent_league as ind
from tests.leaguehistory import needs_england
from tests.test_charts import chart_of
from tests.test_league_tiebreaks import needs_files, southern, southern_db  # noqa: F401


def day_after(label: str) -> str:
    return (date.fromisoformat(label) + timedelta(days=1)).isoformat()


@needs_england
async def test_every_point_of_a_season_is_the_table_on_that_day(leagues: Core) -> None:
    reply = await leagues.ask("position Everton as_of:1987-07-01")    # 1986-87, champions
    marks = chart_of(reply, "league_position").series[0].marks
    assert len(marks) == reply.data["played"] == 42
    compared = 0
    for mark in marks:
        table = ind.table("1", 1986, day_after(mark.label))
        position = next(n for n, row in enumerate(table, 1) if row[0] == "Everton")
        mine = table[position - 1]
        if any(row[0] != "Everton" and (row[7], row[5] - row[6], row[5]) ==
               (mine[7], mine[5] - mine[6], mine[5]) for row in table):   # goal difference
            continue
        assert (mark.value, mark.text.split(" · ")[1]) == (position, f"{mine[7]} pts")
        compared += 1
    assert compared >= 38


@needs_files
async def test_every_point_follows_the_head_to_head_table(southern: Core) -> None:  # noqa: F811
    reply = await southern.ask("position Barcelona competition:esp1 as_of:2007-07-01")
    marks = chart_of(reply, "league_position").series[0].marks
    assert reply.data["season"] == 2006 and len(marks) == 38
    compared = 0
    for mark in marks:
        table = await southern.ask(f"table esp1 2006-07 as_of:{day_after(mark.label)}")
        rows = table.data["rows"]
        mine = next(r for r in rows if r["club"] == reply.data["club"])

        def key(r: dict) -> tuple[int, int, int]:
            return r["points"], r["goals_for"] - r["goals_against"], r["goals_for"]
        if any(r is not mine and key(r) == key(mine) for r in rows):
            continue
        assert mark.value == mine["position"], mark.label
        compared += 1
    assert compared >= 30
    assert marks[-1].value == 2     # behind Real Madrid on their meetings, 76 points each
