"""The English league history (england.csv + every openfootball-england file), built once per
session: ten seasons come from both sources, 2022-23 (missing from england.csv) and 2025-26
(part-played) from openfootball alone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core import Core
from storage import Store
from storage.importers import ImportSummary, import_files
from tests.fullhistory import NOW
from tests.independent import SHARED

ENGLAND_CSV = SHARED / "engsoccerdata" / "england.csv"
OPENFOOTBALL_ENGLAND = SHARED / "openfootball-england"
needs_england = pytest.mark.skipif(not ENGLAND_CSV.exists(), reason="shared real data not present")


async def build(path: Path) -> list[ImportSummary]:
    store = await Store.open(path)
    try:
        return [await import_files(store, "engsoccerdata", [ENGLAND_CSV]),
                await import_files(store, "openfootball", [OPENFOOTBALL_ENGLAND])]
    finally:
        await store.close()


@pytest.fixture(scope="session")
def league_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ImportSummary]]:
    path = tmp_path_factory.mktemp("leagues") / "leagues.db"
    return path, asyncio.run(build(path))


@pytest.fixture
async def leagues(league_db: tuple[Path, list[ImportSummary]]) -> AsyncIterator[Core]:
    """A core on the English league history (read only in these tests)."""
    store = await Store.open(league_db[0])
    yield Core(store, now=lambda: NOW)
    await store.close()
