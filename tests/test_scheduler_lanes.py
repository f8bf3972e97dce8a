"""The scheduler's lanes (all of Discord; each Slack workspace) run in parallel, and stop
together: a cancelled tick (shutdown) leaves no send running behind it."""

from __future__ import annotations

import asyncio

from bot.commands import Actor
from bot.core import Core
from bot.delivery import PostResult
from bot.reply import Reply
from bot.scheduler import Scheduler
from storage import Store
from tests.admin_helpers import add_fixture
from tests.scheduler_fakes import FakeClock, at


class StuckPoster:
    """A Slack poster whose sends hang until cancelled, noting each one that was."""

    platform = "slack"

    def __init__(self) -> None:
        self.started: list[str] = []
        self.cancelled: list[str] = []
        self.entered = asyncio.Event()

    async def post(self, channel_id: str, reply: Reply) -> PostResult:
        self.started.append(channel_id)
        self.entered.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled.append(channel_id)
            raise
        return PostResult(ok=True)


async def test_a_cancelled_tick_stops_every_lane(demo_store: Store, clock: FakeClock) -> None:
    core = Core(demo_store, now=clock.now)
    await add_fixture(demo_store, "Liverpool", "Real Madrid", "2026-11-25", "2026-11-25T20:00:00Z")
    for team, channel in (("T1", "C1"), ("T2", "C2")):     # two workspaces: two lanes
        reply = await core.ask("subscribe Liverpool leads:24h",
                               Actor("slack", "U1", is_admin=True), channel, server=team)
        assert reply.kind == "answer", reply.title
    poster = StuckPoster()
    scheduler = Scheduler(core, {"slack": poster}, now=clock.now, sleep=clock.sleep)
    clock.move_to(at("2026-11-24T20:00:00"))
    tick = asyncio.create_task(scheduler.tick())
    async with asyncio.timeout(5):
        while len(poster.started) < 2:                     # both lanes sending at once
            await asyncio.sleep(0.01)
    tick.cancel()
    await asyncio.gather(tick, return_exceptions=True)
    assert sorted(poster.cancelled) == ["C1", "C2"]        # nothing left running
    assert [r.status for r in await demo_store.post_rows()] == ["sending", "sending"]
