"""End to end on Discord: an admin subscribes a channel by slash command, a fixture comes in
by CSV import, the preview arrives at lead time through the real DiscordPoster; `/admin
result` by an admin brings the result post; a member's `/admin result` is refused, unwritten.

The real discord.py bot talks to the fake Discord; the scheduler ticks on a clock the test
moves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from adapters.discord.poster import DiscordPoster
from bot.core import Core
from bot.scheduler import Scheduler
from storage import Store
from storage.importers import import_files
from tests.admin_helpers import fingerprint
from tests.fake_discord import payloads
from tests.fake_discord.harness import TOKEN, fake_discord, running_bot  # noqa: F401
from tests.fake_discord.server import FakeDiscord
from tests.scheduler_fakes import FakeClock, at

EPHEMERAL = 64
ADMIN = payloads.member("1600000000000000003", "helper", roles=(payloads.ADMIN_ROLE_ID,))
FAN = payloads.member("1600000000000000002", "fan")
FIXTURE_CSV = (
    "competition,season,stage,round,leg,date,kickoff,timezone,home,home_country,away,"
    "away_country,score,ht,aet,pens,venue,neutral,status\n"
    "UCL,2026-27,league,LP,single,2026-11-25,20:00,Europe/London,Liverpool,ENG,Real Madrid,"
    "ESP,,,,,,,scheduled\n")
RESULT = "Liverpool 2-1 Real Madrid; Salah 14, Núñez 60; Vinícius 36"


async def import_fixture(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "matches.csv"
    path.write_text(FIXTURE_CSV, encoding="utf-8")
    await import_files(store, "csv", [path])


@pytest.fixture
def e2e_core(demo_store: Store, clock: FakeClock) -> Core:
    return Core(demo_store, now=clock.now)


@pytest.fixture
async def scheduler(e2e_core: Core, clock: FakeClock,
                    fake: FakeDiscord) -> AsyncIterator[Scheduler]:
    async with aiohttp.ClientSession() as session:
        poster = DiscordPoster(TOKEN, fake.api_base, session)
        yield Scheduler(e2e_core, {"discord": poster}, now=clock.now, sleep=clock.sleep)


async def test_subscribe_preview_result_and_refusal_on_discord(
        e2e_core: Core, clock: FakeClock, fake: FakeDiscord, scheduler: Scheduler,
        tmp_path: Path) -> None:
    channel = fake.channels[payloads.CHANNEL_ID]
    await import_fixture(e2e_core.store, tmp_path)
    async with running_bot(fake, e2e_core):
        sub = await (await fake.slash("subscribe", {"target": "Liverpool",
                                                    "tz": "Europe/London"}, who=ADMIN)).wait()
        assert not sub.messages[0]["flags"] & EPHEMERAL, sub.messages[0]

        await scheduler.tick()
        assert channel == []                                     # three days before: nothing
        clock.move_to(at("2026-11-24T19:59:00"))
        await scheduler.tick()
        assert channel == []
        clock.move_to(at("2026-11-24T20:00:00"))                 # 24 h before kick-off
        await scheduler.tick()
        [preview] = channel
        title = preview["embeds"][0]["title"]
        assert "Liverpool" in title and "Real Madrid" in title
        assert "20:00 GMT" in str(preview["embeds"])              # the channel's time zone
        await scheduler.tick()
        assert len(channel) == 1                                 # once

        clock.move_to(at("2026-11-25T22:05:00"))
        before = await fingerprint(e2e_core.store)
        refused = await (await fake.slash("admin result", {"line": RESULT}, who=FAN)).wait()
        msg = refused.messages[0]
        assert msg["flags"] & EPHEMERAL and "admins only" in msg["embeds"][0]["title"]
        assert await fingerprint(e2e_core.store) == before       # nothing written
        await scheduler.tick()
        assert len(channel) == 1                                 # and no result post

        stored = await (await fake.slash("admin result", {"line": RESULT}, who=ADMIN)).wait()
        assert not stored.messages[0]["flags"] & EPHEMERAL, stored.messages[0]
    await scheduler.tick()
    assert len(channel) == 2
    result = str(channel[1]["embeds"])
    assert "2-1" in result or "2–1" in result
    assert "Salah" in result and "Vinícius" in result
    await scheduler.tick()
    assert len(channel) == 2
    assert [r.status for r in await e2e_core.store.post_rows()] == ["sent", "sent"]
