"""A club in Europe and the same club in its own league are one club: the league files spell
some European clubs differently (Sp Lisbon / Sporting CP, Hearts / Heart of Midlothian), which
benchmarks/club_checks.py found as European clubs with no league matches."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from storage.importers import import_files
from tests.independent import SHARED
from tests.leaguehistory import needs_england

ENGSOCCER = SHARED / "engsoccerdata"


@needs_england
async def test_sporting_and_hearts_are_one_club_in_europe_and_at_home(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "t.db")
    try:
        await import_files(store, "engsoccerdata", [ENGSOCCER / "champs.csv",
                                                    ENGSOCCER / "portugal.csv",
                                                    ENGSOCCER / "scotland.csv"])
        for name, country in (("Sporting CP", "POR"), ("Heart of Midlothian", "SCO")):
            rows = await store.fetchall(
                "SELECT c.id, comp.country = 'UEFA' AS europe, COUNT(*) FROM clubs c "
                "JOIN matches m ON c.id IN (m.home_id, m.away_id) "
                "JOIN seasons s ON s.id = m.season_id "
                "JOIN competitions comp ON comp.id = s.competition_id "
                "WHERE c.country = ? AND (c.name = ? OR c.id IN "
                "(SELECT club_id FROM club_aliases WHERE alias IN ('Sp Lisbon', 'Hearts'))) "
                "GROUP BY c.id, europe", (country, name))
            clubs = {r[0] for r in rows}
            assert len(clubs) == 1, (name, [tuple(r) for r in rows])
            assert {bool(r[1]) for r in rows} == {True, False}, name   # Europe and the league
    finally:
        await store.close()
