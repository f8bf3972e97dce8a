"""Importing again adds and changes nothing, for every kind of file under ../shared/data; and
clubs the sources spell two ways (found by benchmarks/club_checks.py) are one club each.

The European and FA Cup histories are re-imported onto copies of the session databases; every
other engsoccerdata file (the other leagues, the League Cup) is represented by a slice of its
rows, among them those naming the respelled clubs. England's league files: test_league_table.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from storage import Store
from storage.importers import import_files
from storage.importers.common import ClubRef
from storage.importers.domestic_csv import COUNTRIES
from storage.importers.resolve import ClubResolver
from tests.fullhistory import CUPS, HISTORY
from tests.independent import SHARED

ESD = SHARED / "engsoccerdata"
pytestmark = pytest.mark.skipif(not (ESD / "champs.csv").exists(),
                                reason="shared real data not present")

# file -> (spellings of one club, as the file and the other sources write them)
RESPELT = {
    "holland.csv": [("Feijenoord", "Feyenoord"), ("FC Den Haag", "ADO Den Haag"),
                    ("BVV Den Bosch", "FC Den Bosch '67"),
                    ("Heracles", "Heracles Almelo"), ("FC Zwolle", "PEC Zwolle")],
    "germany.csv": [("Frankfurter SG Eintracht", "Eintracht Frankfurt"),
                    ("1860 Munchen", "TSV 1860 Munchen"),
                    ("RasenBallsport Leipzig", "RB Leipzig")],
    "france.csv": [("Stade Rennes", "Stade Rennais"), ("US Valenciennes-Anzin", "Valenciennes FC"),
                   ("Red Star Olympique", "Red Star FC")],
    "spain.csv": [("CA Osasuna", "Osasuna")],
    "italy.csv": [("Udinese Calcio", "Udinese")],
    "portugal.csv": [("Sp Lisbon", "Sporting CP"), ("Guimaraes", "Vitoria Guimaraes")],
    "scotland.csv": [("Hearts", "Heart of Midlothian")],
    "leaguecup.csv": [("Workington Town", "Workington"),
                      ("Rushden and Diamonds", "Rushden & Diamonds"),
                      ("Brighton and Hove Albion", "Brighton & Hove Albion")],
    # 2018-19, which facup.csv and openfootball's facup.txt both cover
    "facup.csv": [("Solihull", "Solihull Moors"), ("Billericay", "Billericay Town"),
                  ("Hampton & Richmond", "Hampton & Richmond Borough")],
}
COUNTRY = {name: COUNTRIES.get(name.removesuffix(".csv"), ("ENG",))[0] for name in RESPELT}
SLICE = 300  # rows from the top of each file, besides those naming a respelled club


def slice_of(source: Path, out_dir: Path) -> Path:
    """The file's header, its first rows and every row naming one of its respelled clubs."""
    names = {n for pair in RESPELT[source.name] for n in pair}
    with source.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = [r for i, r in enumerate(reader)
                if i < SLICE or r["home"] in names or r["visitor"] in names]
        header = reader.fieldnames
    out = out_dir / source.name
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, quoting=csv.QUOTE_NONNUMERIC)
        writer.writeheader()
        writer.writerows(rows)
    return out


async def fingerprint(store: Store) -> dict[str, tuple[int, str]]:
    """Row count and checksum of the football tables (ties without their re-derived ids)."""
    out = {}
    for table, columns in (("matches", "*"), ("clubs", "*"), ("club_aliases", "*"),
                           ("ties", "season_id, stage, round, first_leg_id, second_leg_id, "
                                    "replay_id, club_a, club_b, agg_a, agg_b, winner_id")):
        rows = await store.fetchall(f"SELECT {columns} FROM {table} ORDER BY 1, 2, 3, 4")  # noqa: S608
        out[table] = (len(rows), hashlib.sha256(repr([tuple(r) for r in rows]).encode())
                      .hexdigest())
    return out


async def import_again(store: Store, sources: tuple[tuple[str, Path], ...]) -> None:
    """Import the sources once more: nothing added, updated or changed."""
    first = await fingerprint(store)
    assert first["matches"][0] > 0
    for kind, path in sources:
        summary = await import_files(store, kind, [path])
        assert (summary.matches_added, summary.matches_updated, summary.clubs_added) \
            == (0, 0, 0), (path, summary.summary())
    assert await fingerprint(store) == first


@pytest.fixture(params=[("history_db", HISTORY), ("cups_db", CUPS)], ids=["europe", "facup"])
def session_copy(request: pytest.FixtureRequest, tmp_path: Path
                 ) -> tuple[Path, tuple[tuple[str, Path], ...]]:
    """A writable copy of a session database (built once, outside the test's event loop)."""
    session_db, sources = request.param
    copy = tmp_path / "again.db"
    shutil.copy(request.getfixturevalue(session_db), copy)
    return copy, sources


async def test_european_and_fa_cup_history_imported_again_changes_nothing(
        session_copy: tuple[Path, tuple[tuple[str, Path], ...]]) -> None:
    copy, sources = session_copy
    store = await Store.open(copy)
    try:
        await import_again(store, sources)
    finally:
        await store.close()


async def test_every_other_engsoccerdata_file_twice_and_respelled_clubs_are_one(
        tmp_path: Path) -> None:
    sources = tuple(("engsoccerdata", slice_of(ESD / name, tmp_path)) for name in RESPELT)
    store = await Store.open(tmp_path / "slices.db")
    try:
        for kind, path in sources:
            await import_files(store, kind, [path])
        await import_again(store, sources)
        clubs = (await store.fetchone("SELECT COUNT(*) FROM clubs"))[0]
        # the other spelling (the European files', or another era's) finds the same club
        async with store.transaction():
            resolver = await ClubResolver(store).load()
            for file_name, pairs in RESPELT.items():
                country = COUNTRY[file_name]
                for written, other in pairs:
                    assert await resolver.resolve(ClubRef(written, country)) \
                        == await resolver.resolve(ClubRef(other, country)), (written, other)
        assert (await store.fetchone("SELECT COUNT(*) FROM clubs"))[0] == clubs
    finally:
        await store.close()
