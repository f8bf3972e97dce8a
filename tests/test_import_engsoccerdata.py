"""engsoccerdata champs.csv: rounds, neutral finals, computed tie winners, atomic files."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_fixtures import CHAMPS, MATCH_BY_NAMES, full_db_file, full_store, needs_shared, one

from storage import Store
from storage.importers import BadImportFile, import_files
from storage.importers.common import ClubRef
from storage.importers.engsoccerdata import _winner, parse, round_code

__all__ = ["full_db_file", "full_store"]
pytestmark = needs_shared


def test_parses_every_row_of_the_real_file() -> None:
    records = parse(CHAMPS.read_text(encoding="utf-8"))
    assert len(records) == 6556
    final_1981 = next(r for r in records if r.date == "1981-05-27")
    assert (final_1981.home.name, final_1981.away.name, final_1981.ft) == (
        "Liverpool", "Real Madrid", (1, 0))
    assert final_1981.round == "F" and final_1981.leg == "single" and final_1981.neutral


def test_round_codes() -> None:
    assert round_code("Q-PO") == ("PO", "qualifying")
    assert round_code("GroupC-prelim") == ("G-C", "group")
    assert round_code("GroupC-inter") == ("G2-C", "group")
    assert round_code("final") == ("F", "knockout")


def test_tie_winner_hint_spelled_unlike_the_team() -> None:
    home, away = ClubRef("ASK Vorwarts Berlin", "GER"), ClubRef("Panathinaikos", "GRE")
    assert _winner("Vorwarts Berlin", home, away) == home
    assert _winner("NA", home, away) is None


async def test_final_1981_is_neutral(full_store: Store) -> None:
    row = await one(full_store, MATCH_BY_NAMES, ("Liverpool", "Real Madrid", "1981-05-27"))
    assert row[1:4] == ("F", "single", 1)


async def _tie(store: Store, club_a: str, club_b: str, start_year: int, rnd: str) -> tuple:
    return await one(store, """
        SELECT w.name, t.decided_by, t.agg_a, t.agg_b FROM ties t
        JOIN clubs a ON a.id = t.club_a JOIN clubs b ON b.id = t.club_b
        JOIN seasons s ON s.id = t.season_id LEFT JOIN clubs w ON w.id = t.winner_id
        WHERE a.name = ? AND b.name = ? AND s.start_year = ? AND t.round = ?""",
        (club_a, club_b, start_year, rnd))


async def test_winner_computed_despite_the_files_tiewinner(full_store: Store) -> None:
    # 1999-2000 SF: Real Madrid 2-0, Bayern 2-1: Real Madrid through; the file says Bayern.
    assert await _tie(full_store, "Real Madrid", "Bayern München", 1999, "SF") == (
        "Real Madrid", "aggregate", 3, 2)


async def test_away_goals_and_penalties_and_coin_toss(full_store: Store) -> None:
    assert (await _tie(full_store, "Valur Reykjavik", "Jeunesse Esch", 1967, "R1"))[:2] == (
        "Valur Reykjavik", "away_goals")
    assert (await _tie(full_store, "Olympique Lyonnais", "APOEL", 2011, "R16"))[:2] == (
        "APOEL", "penalties")
    # 1969-70: Celtic through on a coin toss; only the file's hint can say so.
    assert (await _tie(full_store, "Celtic", "Benfica", 1969, "R16"))[:2] == (
        "Celtic", "coin_toss")


async def test_extra_time_score_kept_apart_from_90_minutes(full_store: Store) -> None:
    row = await one(full_store, MATCH_BY_NAMES, ("Real Madrid", "AC Milan", "1958-05-28"))
    assert row[5:9] == (2, 2, 3, 2) and row[3] == 1


async def test_a_malformed_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    lines = CHAMPS.read_text(encoding="utf-8").splitlines()
    row = lines[20].split(",")
    row[6] = '"3:x"'  # the FT column
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join([*lines[:20], ",".join(row), *lines[21:30]]), encoding="utf-8")
    with pytest.raises(BadImportFile) as err:
        await import_files(store, "engsoccerdata", [broken])
    assert err.value.line == 21 and "3:x" in err.value.problem
    assert str(err.value).startswith(f"{broken}:21: ")
    assert (await store.fetchone("SELECT COUNT(*) FROM matches"))[0] == 0
    assert (await store.fetchone("SELECT COUNT(*) FROM clubs"))[0] == 0
