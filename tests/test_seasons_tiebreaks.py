"""A club's `seasons` finish where `table` puts it, head-to-head tie-breaks included: the
seasons of spain.csv and italy.csv where the meetings split clubs level on points
(tests/test_league_tiebreaks.py), every club of each, against a count made straight from
the files (tests/independent_league.foreign_table)."""

from __future__ import annotations

import pytest

from bot.core import Core
from tests import independent_league as ind
from tests.test_league_tiebreaks import needs_files, southern, southern_db  # noqa: F401

# the head-to-head seasons of test_league_tiebreaks, with the places the record shows the
# meetings decided
SEASONS = [
    ("esp1", "spain.csv", 1940, 2, {3: "Valencia", 4: "Barcelona"}),
    ("esp1", "spain.csv", 1946, 2, {1: "Valencia", 2: "Athletic"}),
    ("esp1", "spain.csv", 1980, 2, {1: "Real Sociedad", 2: "Real Madrid"}),
    ("esp1", "spain.csv", 2006, 3, {1: "Real Madrid", 2: "Barcelona"}),
    ("esp1", "spain.csv", 2014, 3, {}),
    ("ita1", "italy.csv", 2008, 3, {2: "Juventus", 3: "Milan"}),
    ("ita1", "italy.csv", 2009, 3, {}),
    ("ita1", "italy.csv", 2017, 3, {4: "Inter", 5: "Lazio"}),
]
COUNTS = ("played", "won", "drawn", "lost", "goals_for", "goals_against", "points")


@needs_files
@pytest.mark.parametrize(("code", "file", "season", "win", "places"), SEASONS)
async def test_seasons_positions_are_the_final_tables(
        southern: Core, code: str, file: str, season: int, win: int,  # noqa: F811
        places: dict[int, str]) -> None:
    table = await southern.ask(f"table {code} {season}")
    assert table.kind == "answer" and table.data["tiebreak"] == "head_to_head"
    finishes = []
    for row in table.data["rows"]:
        reply = await southern.ask(f"seasons {row['club']} competition:{code} chart:no")
        assert reply.kind == "answer" and reply.data["club_id"] == row["club_id"], reply.title
        mine = next(s for s in reply.data["seasons"] if s["season"] == season)
        assert (mine["position"], mine["clubs"]) == (row["position"], len(table.data["rows"])), \
            row["club"]
        finishes.append((mine["position"], row["club"], tuple(mine[k] for k in COUNTS)))
    finishes.sort()
    expected = ind.foreign_table(file, season, win, head_to_head=True)
    assert [f[2] for f in finishes] == [tuple(r[1:]) for r in expected]
    points = [f[2][-1] for f in finishes]
    assert len(set(points)) < len(points)           # clubs level on points: the meetings count
    for position, club in places.items():
        assert club in finishes[position - 1][1], (season, position, finishes[position - 1])
