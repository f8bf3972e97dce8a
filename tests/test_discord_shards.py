"""Discord sharding: several processes split the shards over one database, and each sends the
scheduled posts of its own shards' servers only, so every post goes out exactly once; the bot
says hello when it joins a server and pauses a server's posts when it leaves."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.commands import Actor
from bot.core import Core
from bot.demo_data import load_demo
from bot.errors import UserError
from bot.settings import load_settings
from bot.sharding import Shards, shard_of, shards_from
from storage import Store
from storage.importers import import_files
from tests.fake_discord import payloads
from tests.fake_discord.harness import TOKEN, fake_discord, running_bot  # noqa: F401
from tests.fake_discord.server import FakeDiscord

ROOT = Path(__file__).resolve().parents[1]
GUILDS = [str(((1000 + k) << 22) | 7) for k in range(20)]          # shards 0, 1, 0, 1, …
CHANNELS = {g: [f"13{i:02d}{j}00000000000000" for j in (1, 2)] for i, g in enumerate(GUILDS)}
CSV_HEAD = ("competition,season,stage,round,leg,date,kickoff,timezone,home,home_country,away,"
            "away_country,score,ht,aet,pens,venue,neutral,status\n")


def test_guilds_go_to_shards_by_discords_rule() -> None:
    assert [shard_of(g, 2) for g in GUILDS[:4]] == [0, 1, 0, 1]
    zero, one = Shards((0,), 2), Shards((1,), 2)
    assert [zero.owns("discord", g) for g in GUILDS[:4]] == [True, False, True, False]
    assert [one.owns("discord", g) for g in GUILDS[:4]] == [False, True, False, True]
    assert zero.owns("discord", "") and not one.owns("discord", "")   # unknown: shard 0's
    assert one.owns("slack", "T1") and Shards().owns("discord", GUILDS[1])
    settings = load_settings({"DISCORD_SHARD_IDS": "1", "DISCORD_SHARD_COUNT": "2"})
    assert (settings.discord_shard_ids, settings.discord_shard_count) == ((1,), 2)
    for ids, count, message in (((1,), None, "needs DISCORD_SHARD_COUNT"),
                                ((2,), 2, "between 0 and 1"), ((), 0, "1 or more")):
        with pytest.raises(UserError, match=message):
            shards_from(ids, count)


async def prepare(path: Path) -> None:
    """Demo data, a fixture kicking off in 30 minutes, 40 channels in 20 servers subscribed."""
    store = await Store.open(path)
    try:
        await load_demo(store)
        kickoff = datetime.now(UTC) + timedelta(minutes=30)
        csv = path.parent / "fixture.csv"
        csv.write_text(CSV_HEAD + f"UCL,2026-27,league,LP,single,{kickoff:%Y-%m-%d},"
                       f"{kickoff:%H:%M},UTC,Liverpool,ENG,Real Madrid,ESP,,,,,,,scheduled\n",
                       encoding="utf-8")
        await import_files(store, "csv", [csv])
        core = Core(store)
        admin = Actor("discord", "42", "ada", is_admin=True)
        for guild, channels in CHANNELS.items():
            for channel in channels:
                sub = await core.ask("subscribe Liverpool leads:1h", admin, channel,
                                     server=guild)
                assert sub.kind == "answer", sub.title
    finally:
        await store.close()


async def test_two_shard_processes_send_each_post_exactly_once(
        fake: FakeDiscord, tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    await prepare(db)
    fake.gateway.guilds = [payloads.guild(g, tuple(CHANNELS[g])) for g in GUILDS]
    for channels in CHANNELS.values():
        for c in channels:
            fake.channels[c] = []
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DISCORD_", "SLACK_", "MATCHFACTS_", "FOOTBALL_DATA_"))}
    env |= {"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url, "DISCORD_SHARD_COUNT": "2",
            "MATCHFACTS_DB": str(db), "MATCHFACTS_TICK_SECONDS": "0.2",
            "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "run", env=env | {"DISCORD_SHARD_IDS": str(i)},
        cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        for i in (0, 1)]
    posts = [c for chans in CHANNELS.values() for c in chans]
    try:
        async with asyncio.timeout(60):
            while sum(len(fake.channels[c]) for c in posts) < len(posts):
                await asyncio.sleep(0.1)
        await asyncio.sleep(1.5)                    # several more ticks of both processes
        for p in procs:
            p.send_signal(signal.SIGTERM)
        errs = [(await asyncio.wait_for(p.communicate(), 15))[1].decode() for p in procs]
    finally:
        for p in procs:
            if p.returncode is None:
                p.kill()
                await p.wait()
    assert [p.returncode for p in procs] == [0, 0], errs
    assert sorted(i["shard"] for i in fake.gateway.identifies) == [[0, 2], [1, 2]]
    assert all(len(fake.channels[c]) == 1 for c in posts)           # every channel, once
    sends = [path for method, path, status in fake.log
             if method == "POST" and path.endswith("/messages") and status == 200]
    assert len(sends) == len(posts)                # and no second attempt, even a deduped one
    assert all("Traceback" not in e and TOKEN not in e for e in errs)


async def test_joining_says_hello_and_leaving_pauses_the_servers_posts(
        fake: FakeDiscord, core: Core) -> None:
    guild, (system, other) = GUILDS[0], CHANNELS[GUILDS[0]]
    for c in (system, other):
        fake.channels[c] = []
    admin = Actor("discord", "42", "ada", is_admin=True)
    async with running_bot(fake, core):
        await fake.gateway.push_to_guild("GUILD_CREATE", payloads.guild(
            guild, (other, system), system_channel_id=system, with_bot=True, joining=True), guild)
        async with asyncio.timeout(5):
            while not fake.channels[system]:
                await asyncio.sleep(0.02)
        [hello] = fake.channels[system]
        assert "/help" in hello["content"] and fake.channels[other] == []

        sub = await core.ask("subscribe Liverpool", admin, other, server=guild)
        assert sub.kind == "answer", sub.title
        await fake.gateway.push_to_guild("GUILD_DELETE", {"id": guild}, guild)
        async with asyncio.timeout(5):
            while (await core.store.channel_health("discord", other)).paused_at is None:
                await asyncio.sleep(0.02)
        shown = await core.ask("subscriptions", admin, other, server=guild)
        assert "removed from this Discord server" in shown.plain_text()

        await fake.gateway.push_to_guild("GUILD_CREATE", payloads.guild(
            guild, (other,), with_bot=True, joining=True), guild)            # invited back
        async with asyncio.timeout(5):
            while (await core.store.channel_health("discord", other)).paused_at is not None:
                await asyncio.sleep(0.02)
        assert len(fake.channels[other]) == 1                  # hello, in the first channel


class QuickIdentify:
    """discord.py waits 5 s between two shards' IDENTIFYs (Discord's pace for one bucket);
    the hook is discord.py's own, made for exactly this control."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


async def test_the_bot_runs_as_many_shards_as_discord_asks_for(
        fake: FakeDiscord, core: Core) -> None:
    from adapters.discord.app import MatchfactsBot, configure_endpoints
    from tests.fake_discord.harness import settings_for

    class Bot(QuickIdentify, MatchfactsBot):
        pass

    fake.recommended_shards = 2
    fake.gateway.guilds = [payloads.guild(g, tuple(CHANNELS[g])) for g in GUILDS[:4]]
    settings = settings_for(fake)
    configure_endpoints(settings)
    bot = Bot(core, settings, guild_ready_timeout=0.05)
    await bot.login(TOKEN)
    task = asyncio.create_task(bot.connect())
    try:
        async with asyncio.timeout(10):
            await bot.wait_until_ready()
        assert bot.shard_count == 2
        assert sorted(i["shard"] for i in fake.gateway.identifies) == [[0, 2], [1, 2]]
        assert sorted(str(g.id) for g in bot.guilds) == sorted(GUILDS[:4])
        assert {str(g.id): g.shard_id for g in bot.guilds} == {
            g: shard_of(g, 2) for g in GUILDS[:4]}
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
    assert any(path.endswith("/gateway/bot") for _, path, _ in fake.log)
