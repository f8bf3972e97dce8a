"""Fixtures for the feed tests: the fake football-data.org on the test's clock, and a feed_sync."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from storage import Store
from storage.feed import FeedClient, FeedSync
from tests.fake_football_data import FakeFootballData, match_node
from tests.scheduler_fakes import FakeClock

KICKOFF = "2026-11-25T20:00:00Z"        # Liverpool v Real Madrid, league phase matchday 5


@pytest.fixture
async def feed(clock: FakeClock) -> AsyncIterator[FakeFootballData]:
    server = await FakeFootballData(now=clock.now).start()
    server.add(match_node(600001, 64, 86, KICKOFF))
    yield server
    await server.close()


@pytest.fixture
async def feed_client(feed: FakeFootballData, clock: FakeClock) -> AsyncIterator[FeedClient]:
    c = FeedClient("free-token", feed.api_url, now=clock.now, sleep=clock.sleep, timeout=2)
    yield c
    await c.close()


@pytest.fixture
def feed_sync(demo_store: Store, feed_client: FeedClient, clock: FakeClock) -> FeedSync:
    return FeedSync(demo_store, feed_client, ["CL"], now=clock.now)
