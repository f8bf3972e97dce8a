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


async def build(path: Path) -> None:
    store = await Store.open(path)
    try:
        await import_files(store, "engsoccerdata", [SHARED / "engsoccerdata" / "champs.csv"])
        await import_files(store, "openfootball", [SHARED / "openfootball-champions-league"])
    finally:
        await store.close()


@pytest.fixture(scope="session")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "history.db"
    asyncio.run(build(path))
    return path


@pytest.fixture
async def history(history_db: Path) -> AsyncIterator[Core]:
    """A core on the full history (read only in these tests)."""
    store = await Store.open(history_db)
    yield Core(store, now=lambda: NOW)
    await store.close()


async def build_cups(path: Path) -> None:
    store = await Store.open(path)
    try:
        await import_files(store, "engsoccerdata", [SHARED / "engsoccerdata" / "facup.csv"])
    finally:
        await store.close()


@pytest.fixture(scope="session")
def cups_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The FA Cup's whole history (facup.csv, 1871-72 on): finals, replays, neutral grounds."""
    path = tmp_path_factory.mktemp("cups") / "cups.db"
    asyncio.run(build_cups(path))
    return path


@pytest.fixture
async def cups(cups_db: Path) -> AsyncIterator[Core]:
    store = await Store.open(cups_db)
    yield Core(store, now=lambda: NOW)
    await store.close()
