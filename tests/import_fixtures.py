"""Session fixture: the full real data (champs.csv + all openfootball files) imported once."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import Store
from storage.importers import ImportSummary, import_files

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CHAMPS = SHARED / "engsoccerdata" / "champs.csv"
OPENFOOTBALL = SHARED / "openfootball-champions-league"

needs_shared = pytest.mark.skipif(not CHAMPS.exists(), reason="shared real data not present")


async def import_all(path: Path) -> list[ImportSummary]:
    store = await Store.open(path)
    try:
        return [await import_files(store, "engsoccerdata", [CHAMPS]),
                await import_files(store, "openfootball", [OPENFOOTBALL])]
    finally:
        await store.close()


@pytest.fixture(scope="session")
def full_db_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ImportSummary]]:
    """The database file after one full import, and the import's summaries."""
    path = tmp_path_factory.mktemp("full") / "full.db"
    return path, asyncio.run(import_all(path))


@pytest.fixture
async def full_store(full_db_file: tuple[Path, list[ImportSummary]],
                     tmp_path: Path) -> AsyncIterator[Store]:
    """A private, writable copy of the fully imported database."""
    copy = tmp_path / "copy.db"
    shutil.copy(full_db_file[0], copy)
    store = await Store.open(copy)
    yield store
    await store.close()


async def one(store: Store, sql: str, params: tuple = ()) -> tuple:
    row = await store.fetchone(sql, params)
    assert row is not None, (sql, params)
    return tuple(row)


MATCH_BY_NAMES = """
SELECT m.id, m.round, m.leg, m.neutral, m.venue, m.ft_home, m.ft_away, m.aet_home,
       m.aet_away, m.pen_home, m.pen_away, m.kickoff_utc, m.home_id, m.away_id
FROM matches m JOIN clubs h ON h.id = m.home_id JOIN clubs a ON a.id = m.away_id
WHERE h.name = ? AND a.name = ? AND m.date = ?
"""
