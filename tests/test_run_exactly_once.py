"""Exactly once on the real platforms: a crash between sending and recording never doubles.

The real DiscordPoster and SlackPoster talk to the fakes; a wrapper dies (Crash) right after
the platform accepted the post, before the scheduler could record it. A new scheduler (the
restarted process) then settles the orphaned 'sending' row.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from fake_slack import FakeSlack
from fake_slack.harness import slack_settings

from adapters.discord.poster import DiscordPoster, nonce
from adapters.slack.app import web_client
from adapters.slack.poster import SlackPoster
from bot.commands import Actor
from bot.core import Core
from bot.reply import Reply
from bot.scheduler import Scheduler
from storage import Store
from tests.admin_helpers import add_fixture
from tests.fake_discord import payloads
from tests.fake_discord.harness import TOKEN, fake_discord  # noqa: F401  (fixture)
from tests.fake_discord.server import FakeDiscord
from tests.scheduler_fakes import Crash, FakeClock

KICKOFF = "2026-11-25T20:00:00Z"
LEAD_TIME = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


class CrashAfterSend:
    """The real poster, then the process dies before the scheduler hears back."""

    def __init__(self, poster: Any) -> None:
        self.poster = poster
        self.platform = poster.platform

    async def post(self, channel_id: str, reply: Reply) -> Any:
        await self.poster.post(channel_id, reply)
        raise Crash

    def __getattr__(self, name: str) -> Any:
        return getattr(self.poster, name)


@pytest.fixture
def sched_core(demo_store: Store, clock: FakeClock) -> Core:
    return Core(demo_store, now=clock.now)


async def setup_preview(core: Core, clock: FakeClock, platform: str, channel: str) -> None:
    await add_fixture(core.store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    admin = Actor(platform, "1", "Admin", is_admin=True)
    reply = await core.ask("subscribe Liverpool", actor=admin, place=channel)
    assert reply.kind == "answer", reply.title
    clock.move_to(LEAD_TIME)


def scheduler(core: Core, clock: FakeClock, poster: Any) -> Scheduler:
    return Scheduler(core, {poster.platform: poster}, now=clock.now, sleep=clock.sleep)


@pytest.fixture
async def discord_poster(fake: FakeDiscord) -> AsyncIterator[DiscordPoster]:
    async with aiohttp.ClientSession() as session:
        yield DiscordPoster(TOKEN, fake.api_base, session)


async def test_discord_crash_after_send_resends_same_nonce_and_discord_drops_it(
        sched_core: Core, clock: FakeClock, fake: FakeDiscord,
        discord_poster: DiscordPoster) -> None:
    channel = payloads.CHANNEL_ID
    await setup_preview(sched_core, clock, "discord", channel)
    with pytest.raises(Crash):
        await scheduler(sched_core, clock, CrashAfterSend(discord_poster)).tick()
    [first] = fake.channels[channel]
    assert first["nonce"] == nonce(f"discord/{channel}/{(await rows(sched_core))[0].match_id}"
                                   "/preview-1440@20261125T2000Z")
    assert len(first["nonce"]) <= 25
    clock.advance(seconds=30)                    # restarted within Discord's nonce window
    report = await scheduler(sched_core, clock, discord_poster).tick()
    assert len(report.sent) == 1
    assert [m["id"] for m in fake.channels[channel]] == [first["id"]]
    [row] = await rows(sched_core)
    assert (row.status, await message_ref(sched_core)) == ("sent", first["id"])


async def test_discord_crash_older_than_nonce_window_is_not_repeated(
        sched_core: Core, clock: FakeClock, fake: FakeDiscord,
        discord_poster: DiscordPoster) -> None:
    await setup_preview(sched_core, clock, "discord", payloads.CHANNEL_ID)
    with pytest.raises(Crash):
        await scheduler(sched_core, clock, CrashAfterSend(discord_poster)).tick()
    clock.advance(minutes=10)                    # Discord would no longer drop a repeat
    await scheduler(sched_core, clock, discord_poster).tick()
    assert len(fake.channels[payloads.CHANNEL_ID]) == 1
    [row] = await rows(sched_core)
    assert row.status == "skipped" and "outcome unknown" in (row.last_error or "")


async def test_fake_discord_drops_a_repeated_enforced_nonce_and_rejects_a_long_one(
        fake: FakeDiscord) -> None:
    url = f"{fake.api_base}/channels/{payloads.CHANNEL_ID}/messages"
    headers = {"Authorization": f"Bot {TOKEN}"}
    body = {"content": "hi", "nonce": "abc", "enforce_nonce": True}
    async with aiohttp.ClientSession(headers=headers) as s:
        async with s.post(url, json=body) as r1, s.post(url, json=body) as r2:
            assert (await r1.json())["id"] == (await r2.json())["id"]
        async with s.post(url, json={**body, "nonce": "x" * 26}) as r3:
            assert r3.status == 400
    assert len(fake.channels[payloads.CHANNEL_ID]) == 1


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.close()


async def test_slack_crash_after_send_is_found_by_metadata_not_resent(
        sched_core: Core, clock: FakeClock, slack: FakeSlack) -> None:
    poster = SlackPoster(web_client(slack_settings(slack)))
    await setup_preview(sched_core, clock, "slack", "CGENERAL")
    with pytest.raises(Crash):
        await scheduler(sched_core, clock, CrashAfterSend(poster)).tick()
    [sent] = slack.messages
    key = sent["metadata"]["event_payload"]["post_key"]
    assert sent["metadata"]["event_type"] == "matchfacts_post" and key.startswith("slack/CGENERAL/")
    clock.advance(hours=1)                       # however long the restart took
    report = await scheduler(sched_core, clock, poster).tick()
    assert len(report.sent) == 1 and len(slack.messages) == 1
    [row] = await rows(sched_core)
    assert (row.status, await message_ref(sched_core)) == ("sent", sent["ts"])
    assert [m for m, _ in slack.calls].count("chat.postMessage") == 1


async def test_slack_crash_before_send_sends_once_after_restart(
        sched_core: Core, clock: FakeClock, slack: FakeSlack) -> None:
    poster = SlackPoster(web_client(slack_settings(slack)))
    await setup_preview(sched_core, clock, "slack", "CGENERAL")

    class CrashBeforeSend(CrashAfterSend):
        async def post(self, channel_id: str, reply: Reply) -> Any:
            raise Crash

    with pytest.raises(Crash):
        await scheduler(sched_core, clock, CrashBeforeSend(poster)).tick()
    assert slack.messages == []
    await scheduler(sched_core, clock, poster).tick()
    await scheduler(sched_core, clock, poster).tick()
    assert len(slack.messages) == 1
    assert [r.status for r in await rows(sched_core)] == ["sent"]


async def test_find_post_ignores_messages_without_our_key(slack: FakeSlack, core: Core) -> None:
    poster = SlackPoster(web_client(slack_settings(slack)))
    await poster.post("CGENERAL", await core.ask("help"))   # no post key: no metadata
    assert await poster.find_post("CGENERAL", "slack/CGENERAL/1/result") is None
    assert await poster.find_post("CNOWHERE", "slack/CNOWHERE/1/result") is None


async def rows(core: Core) -> list[Any]:
    return list(await core.store.post_rows())


async def message_ref(core: Core) -> str:
    [(ref,)] = await core.store.db.execute_fetchall("SELECT message_ref FROM posts")
    return str(ref)
