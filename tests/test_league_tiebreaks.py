"""Head-to-head tie-breaks on the real Spanish and Italian files: tables ordered as a count
made straight from spain.csv / italy.csv (tests/independent_league.foreign_table), and the
places the record shows head-to-head decided (storage/league_rules_seed.py says which)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core import Core
from storage.league_table import LeagueRules, Result, Standing, rank
from tests import independent_league as ind
from tests.fullhistory import build, core_on
from tests.independent import SHARED

SPAIN, ITALY = SHARED / "engsoccerdata" / "spain.csv", SHARED / "engsoccerdata" / "italy.csv"
needs_files = pytest.mark.skipif(not (SPAIN.exists() and ITALY.exists()),
                                 reason="shared real data not present")


@pytest.fixture(scope="session")
def southern_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """La Liga and Serie A (spain.csv, italy.csv), imported once per session."""
    path = tmp_path_factory.mktemp("southern") / "southern.db"
    asyncio.run(build(path, (("engsoccerdata", SPAIN), ("engsoccerdata", ITALY))))
    return path


@pytest.fixture
async def southern(southern_db: Path) -> AsyncIterator[Core]:
    async for core in core_on(southern_db):
        yield core


def counts(reply_data: dict) -> list[tuple[int, ...]]:
    return [(r["played"], r["won"], r["drawn"], r["lost"], r["goals_for"], r["goals_against"],
             r["points"]) for r in reply_data["rows"]]


@needs_files
@pytest.mark.parametrize(("code", "file", "season", "win", "h2h"), [
    ("esp1", "spain.csv", 1940, 2, True),     # Valencia 3rd above Barcelona, 27 each
    ("esp1", "spain.csv", 1946, 2, True),     # Valencia champions over Athletic, 34 each
    ("esp1", "spain.csv", 1980, 2, True),     # Real Sociedad over Real Madrid, 45 each
    ("esp1", "spain.csv", 2006, 3, True),     # Real Madrid over Barcelona, 76 each
    ("esp1", "spain.csv", 2014, 3, True),     # three clubs level on 35 at the bottom
    ("ita1", "italy.csv", 1994, 3, False),    # Lazio 2nd above Parma on goal difference
    ("ita1", "italy.csv", 2008, 3, True),     # Juventus 2nd above Milan, 74 each
    ("ita1", "italy.csv", 2009, 3, True),     # three clubs level on 44
    ("ita1", "italy.csv", 2017, 3, True),     # Inter 4th above Lazio, 72 each
])
async def test_tables_match_an_independent_count(southern: Core, code: str, file: str,
                                                 season: int, win: int, h2h: bool) -> None:
    reply = await southern.ask(f"table {code} {season}")
    assert reply.kind == "answer", reply.title
    assert reply.data["tiebreak"] == ("head_to_head" if h2h else "goal_difference")
    expected = ind.foreign_table(file, season, win, h2h)
    assert counts(reply.data) == [tuple(row[1:]) for row in expected]


@needs_files
@pytest.mark.parametrize(("text", "places"), [
    ("table esp1 1940-41", {3: "Valencia", 4: "Barcelona"}),
    ("table esp1 1946-47", {1: "Valencia", 2: "Athletic"}),
    ("table esp1 1980-81", {1: "Real Sociedad", 2: "Real Madrid"}),
    ("table esp1 2006-07", {1: "Real Madrid", 2: "Barcelona"}),
    ("table ita1 1994-95", {2: "Lazio", 3: "Parma"}),
    ("table ita1 2008-09", {2: "Juventus", 3: "Milan"}),
    ("table ita1 2017-18", {4: "Inter", 5: "Lazio"}),
])
async def test_places_the_record_shows_head_to_head_decided(
        southern: Core, text: str, places: dict[int, str]) -> None:
    rows = (await southern.ask(text)).data["rows"]
    for position, club in places.items():
        assert club in rows[position - 1]["club"], (text, position, rows[position - 1])


@needs_files
async def test_the_answer_says_where_the_meetings_decided(southern: Core) -> None:
    reply = await southern.ask("table esp1 2006-07")
    madrid, barca = reply.data["rows"][0]["club"], reply.data["rows"][1]["club"]
    assert reply.lines[0].endswith(f"level on points with {barca} and ahead on head-to-head.")
    assert (f"{madrid} are above {barca} (76 points each) on their meetings (4 points to 1), "
            "despite goal difference of +26 to +45.") in reply.lines
    assert ("clubs level on points split by the matches between them (points, then goal "
            "difference) once they have met home and away, then goal difference") in \
        reply.footnote


@needs_files
async def test_italy_before_2005_says_the_play_offs_are_not_in_the_data(southern: Core) -> None:
    reply = await southern.ask("table ita1 1994-95")
    assert "split by goal difference" in reply.footnote
    assert "a tie for the title or for relegation went to a play-off, not in our data" in \
        reply.footnote
    later = await southern.ask("table ita1 2022-23")
    assert later.data["tiebreak"] == "head_to_head"
    assert "is settled by a play-off, not in our data" in later.footnote


def test_meetings_count_only_once_the_clubs_have_met_home_and_away() -> None:
    """Mid-season the leagues' own tables split level clubs by goal difference: so do ours
    until both meetings are in."""
    rules = LeagueRules(3, "head_to_head")

    def table(results: list[Result]) -> list[str]:
        rows = [Standing(1, "A", points=10, goals_for=20, goals_against=5),
                Standing(2, "B", points=10, goals_for=12, goals_against=10)]
        return [r.club for r in rank(rows, rules, results)]

    first = Result("2020-10-01", 2, 1, 1, 0)         # B beat A
    assert table([first]) == ["A", "B"]                  # one meeting: goal difference
    assert table([first, Result("2021-03-01", 1, 2, 1, 1)]) == ["B", "A"]
    assert [r.club for r in rank([Standing(1, "A", points=10, goals_for=20),
                                  Standing(2, "B", points=10, goals_for=12)], rules)] == \
        ["A", "B"]                                       # no results given: goal difference


@needs_files
def test_the_rules_table_keeps_its_check_and_englands_rows(southern_db: Path) -> None:
    db = sqlite3.connect(southern_db)
    try:
        rows = db.execute("SELECT r.since_year, r.tiebreak FROM league_rules r JOIN "
                          "competitions c ON c.id = r.competition_id WHERE c.code = ? "
                          "ORDER BY 1", ("ENG1",)).fetchall()
        assert rows == [(1888, "goal_average"), (1976, "goal_difference"),
                        (1981, "goal_difference")]
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO league_rules (competition_id, since_year, win_points, "
                       "tiebreak) VALUES (1, 1800, 2, 'coin_toss')")
    finally:
        db.close()
