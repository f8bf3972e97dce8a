"""Shared fixtures: real SQLite files, the demo data, the shared real data, no network."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core import Core
from bot.demo_data import load_demo
from storage import Store
from tests.fake_slack.harness import fake  # noqa: F401 - the plain fake Slack
from tests.feed_fixtures import feed, feed_client, feed_sync  # noqa: F401 - feed fixtures
from tests.fullhistory import cups, cups_db, history, history_db  # noqa: F401 - session DBs
from tests.leaguehistory import league_db, leagues  # noqa: F401 - league fixtures (session DB)
from tests.scheduler_fakes import FakeClock
from tests.validation_loader import validation_core, validation_db  # noqa: F401

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FIXED_NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_real_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a non-loopback address fails the test."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
            or self.family == socket.AF_UNIX
        ):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    for var in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def clock() -> FakeClock:
    """A clock the test moves; starts at the suite's fixed 'now'."""
    return FakeClock(FIXED_NOW)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "test.db")
    yield s
    await s.close()


@pytest.fixture
async def demo_store(store: Store) -> Store:
    await load_demo(store)
    return store


@pytest.fixture
def core(demo_store: Store) -> Core:
    return Core(demo_store, now=lambda: FIXED_NOW)
