"""`matchfacts run` in process: both adapters and one scheduler, posts through the real Posters.

The scheduler ticks every few milliseconds against a clock the test moves, so a preview
"24 hours before kick-off" arrives as soon as the test moves the clock there.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from fake_slack import FakeSlack

from adapters.run import configured, run, run_console
from bot.commands import Actor
from bot.core import Core
from bot.settings import Secret, Settings
from storage import Store
from tests.admin_helpers import add_fixture
from tests.fake_discord import payloads
from tests.fake_discord.harness import fake_discord, settings_for  # noqa: F401
from tests.fake_discord.server import FakeDiscord
from tests.scheduler_fakes import FakeClock

KICKOFF = "2026-11-25T20:00:00Z"


@pytest.fixture
def run_core(demo_store: Store, clock: FakeClock) -> Core:
    return Core(demo_store, now=clock.now)


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.close()


def both(fake: FakeDiscord, slack: FakeSlack) -> Settings:
    return settings_for(fake, slack_bot_token=Secret(slack.bot_token),
                        slack_signing_secret=Secret(slack.signing_secret),
                        slack_api_url=slack.api_url, slack_host="127.0.0.1", slack_port=0)


def test_configured_platforms_follow_the_tokens() -> None:
    assert configured(Settings()) == []
    assert configured(Settings(discord_token=Secret("d"))) == ["discord"]
    assert configured(Settings(slack_bot_token=Secret("s"))) == ["slack"]
    assert configured(Settings(discord_token=Secret("d"),
                               slack_bot_token=Secret("s"))) == ["discord", "slack"]


async def test_run_starts_both_adapters_and_one_scheduler_posting_to_each(
        run_core: Core, clock: FakeClock, fake: FakeDiscord, slack: FakeSlack) -> None:
    await add_fixture(run_core.store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    for platform, channel in (("discord", payloads.CHANNEL_ID), ("slack", "CGENERAL")):
        admin = Actor(platform, "1", "Admin", is_admin=True)
        reply = await run_core.ask("subscribe Liverpool", actor=admin, place=channel)
        assert reply.kind == "answer", reply.title
    stop = asyncio.Event()
    task = asyncio.create_task(run(run_core, both(fake, slack), stop=stop, interval=0.01,
                                   now=clock.now))
    try:
        async with asyncio.timeout(10):
            await fake.gateway.ready.wait()            # the Discord bot logged in
        await asyncio.sleep(0.05)                      # a few ticks: nothing is due yet
        assert fake.channels[payloads.CHANNEL_ID] == [] and slack.messages == []
        clock.move_to(datetime(2026, 11, 24, 20, 0, tzinfo=UTC))
        async with asyncio.timeout(5):     # both delivered and recorded in the ledger
            while [r.status for r in await run_core.store.post_rows()] != ["sent", "sent"]:
                await asyncio.sleep(0.01)
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 10) == 0
    [d] = fake.channels[payloads.CHANNEL_ID]
    [s] = slack.messages
    assert "Liverpool" in d["embeds"][0]["title"] and "Liverpool" in s["text"]
    assert d["nonce"] and s["metadata"]["event_type"] == "matchfacts_post"


async def test_run_fails_before_starting_when_slack_secret_is_missing(run_core: Core) -> None:
    from bot.errors import UserError

    with pytest.raises(UserError, match="SLACK_SIGNING_SECRET"):
        await run(run_core, Settings(slack_bot_token=Secret("xoxb-1")), interval=0.01)


async def test_console_poster_prints_due_console_posts(
        run_core: Core, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    await add_fixture(run_core.store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    assert (await run_core.ask("subscribe Liverpool")).kind == "answer"   # console user
    clock.move_to(datetime(2026, 11, 24, 20, 0, tzinfo=UTC))
    out = io.StringIO()
    quit_later = asyncio.Event()

    async def fake_repl(core: Core, as_of: object) -> int:   # the console waiting for input
        await quit_later.wait()
        return 0

    monkeypatch.setattr("adapters.run.repl", fake_repl)
    task = asyncio.create_task(run_console(run_core, None, interval=0.01, now=clock.now,
                                           out=out))
    async with asyncio.timeout(5):
        while "[scheduled post for console]" not in out.getvalue() or [
                r.status for r in await run_core.store.post_rows()] != ["sent"]:
            await asyncio.sleep(0.01)
    quit_later.set()
    assert await task == 0
    assert "Liverpool" in out.getvalue()
    assert [r.status for r in await run_core.store.post_rows()] == ["sent"]
