"""Scheduled previews carry the preview card where the channel takes attachments; a refused
upload still leaves the text post, sent once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from adapters.discord.poster import DiscordPoster
from bot.commands import Actor
from bot.core import Core
from bot.scheduler import Scheduler
from storage import Store
from tests.fake_discord import payloads
from tests.fake_discord.harness import TOKEN, fake_discord  # noqa: F401  (fixture)
from tests.fake_discord.server import FakeDiscord
from tests.scheduler_fakes import FakeClock, at
from tests.test_charts import decoded
from tests.test_e2e_schedule_discord import import_fixture

ADMIN = Actor("discord", "1600000000000000003", "helper", is_admin=True)


@pytest.fixture
async def scheduled(demo_store: Store, clock: FakeClock, fake: FakeDiscord,
                    tmp_path: Path) -> AsyncIterator[tuple[Core, Scheduler]]:
    core = Core(demo_store, now=clock.now)
    await import_fixture(demo_store, tmp_path)
    sub = await core.ask("subscribe Liverpool tz:Europe/London", ADMIN, payloads.CHANNEL_ID,
                         server=payloads.GUILD_ID)
    assert not sub.is_error, sub.title
    clock.move_to(at("2026-11-24T20:00:00"))                  # 24 h before kick-off
    async with aiohttp.ClientSession() as session:
        poster = DiscordPoster(TOKEN, fake.api_base, session)
        yield core, Scheduler(core, {"discord": poster}, now=clock.now, sleep=clock.sleep)


async def test_discord_preview_carries_the_card(fake: FakeDiscord,
                                                scheduled: tuple[Core, Scheduler]) -> None:
    core, scheduler = scheduled
    await scheduler.tick()
    [preview] = fake.channels[payloads.CHANNEL_ID]
    [meta] = preview["attachments"]
    assert meta["filename"].startswith("preview-card-")
    assert preview["embeds"][0]["image"]["url"] == f"attachment://{meta['filename']}"
    assert "Head-to-head: Liverpool won" in meta["description"]
    assert decoded(fake.files[meta["id"]].data) == (1200, 675)
    await scheduler.tick()
    assert len(fake.channels[payloads.CHANNEL_ID]) == 1
    assert [r.status for r in await core.store.post_rows()] == ["sent"]


async def test_refused_attachment_still_posts_the_text_once(
        fake: FakeDiscord, scheduled: tuple[Core, Scheduler]) -> None:
    core, scheduler = scheduled
    fake.no_attach.add(payloads.CHANNEL_ID)                   # no Attach Files permission
    await scheduler.tick()
    await scheduler.tick()
    [preview] = fake.channels[payloads.CHANNEL_ID]
    assert preview["attachments"] == [] and "image" not in preview["embeds"][0]
    assert "Liverpool" in preview["embeds"][0]["title"]
    assert [r.status for r in await core.store.post_rows()] == ["sent"]
    posts = [p for m, p, s in fake.log if m == "POST" and "/channels/" in p]
    assert len(posts) == 2                                    # with the card (403), then text


@pytest.mark.parametrize("where", ["where:channel ", ""])
async def test_a_channel_with_charts_off_gets_the_preview_without_the_card(
        fake: FakeDiscord, scheduled: tuple[Core, Scheduler], where: str) -> None:
    core, scheduler = scheduled
    done = await core.ask(f"admin settings {where}charts:no", ADMIN, payloads.CHANNEL_ID,
                          server=payloads.GUILD_ID)
    assert done.kind == "answer", done.title
    await scheduler.tick()
    [preview] = fake.channels[payloads.CHANNEL_ID]
    assert preview["attachments"] == [] and "image" not in preview["embeds"][0]
    assert "Liverpool" in preview["embeds"][0]["title"]
    posts = [p for m, p, s in fake.log if m == "POST" and "/channels/" in p]
    assert len(posts) == 1                                    # never tried with the card
