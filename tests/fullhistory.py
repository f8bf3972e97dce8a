"""The full imported history (champs.csv + every openfootball file), built once per session."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import Core
from storage import Store
from storage.importers import import_files
from tests.independent import SHARED

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


HISTORY = (("engsoccerdata", SHARED / "engsoccerdata" / "champs.csv"),
           ("openfootball", SHARED / "openfootball-champions-league"))
CUPS = (("engsoccerdata", SHARED / "engsoccerdata" / "facup.csv"),)


async def build(path: Path, sources: tuple[tuple[str, Path], ...] = HISTORY) -> None:
    store = await Store.open(path)
    try:
        for kind, source in sources:
            await import_files(store, kind, [source])
    finally:
        await store.close()


async def core_on(path: Path) -> AsyncIterator[Core]:
    """A core on a session database (read only in these tests)."""
    store = await Store.open(path)
    yield Core(store, now=lambda: NOW)
    await store.close()


@pytest.fixture(scope="session")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "history.db"
    asyncio.run(build(path))
    return path


@pytest.fixture
async def history(history_db: Path) -> AsyncIterator[Core]:
    """A core on the full history."""
    async for core in core_on(history_db):
        yield core


@pytest.fixture(scope="session")
def cups_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The FA Cup's whole history (facup.csv, 1871-72 on): finals, replays, neutral grounds."""
    path = tmp_path_factory.mktemp("cups") / "cups.db"
    asyncio.run(build(path, CUPS))
    return path


@pytest.fixture
async def cups(cups_db: Path) -> AsyncIterator[Core]:
    async for core in core_on(cups_db):
        yield core
