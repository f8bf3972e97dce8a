"""Done when: `matchfacts run` as its own process, with the fake football-data.org, the fake
Discord and the fake Slack. A fixture appears in the feed, the preview is posted at its lead
time, the process restarts, the feed marks the match finished, and the result follows within
one sync interval on both platforms, with no admin action and nothing sent twice.

Real time, short intervals: the sync runs every 7 s (inside the fake's 10 requests a minute),
the scheduler every 0.5 s, the lead time is the shortest allowed (5 min) and the fixture kicks
off 5 min and a few seconds after the start.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fake_slack import FakeSlack

from bot.commands import Actor
from bot.core import Core
from bot.demo_data import load_demo
from storage import Store
from tests.fake_discord import payloads
from tests.fake_discord.harness import TOKEN, fake_discord  # noqa: F401  (fixture)
from tests.fake_discord.server import FakeDiscord
from tests.fake_football_data import FakeFootballData, match_node, score
from tests.test_run_process import clean_env

SYNC_EVERY = 7


async def prepare(db: Path) -> None:
    """The demo data, and a Discord and a Slack channel that follow Liverpool (5 min lead)."""
    store = await Store.open(db)
    try:
        await load_demo(store)
        core = Core(store)
        for actor, place in ((Actor("discord", "1", "Admin", is_admin=True), payloads.CHANNEL_ID),
                             (Actor("slack", "UADMIN", "Admin", is_admin=True), "CGENERAL")):
            reply = await core.ask("subscribe Liverpool leads:5m", actor=actor, place=place)
            assert reply.kind == "answer", reply.title
    finally:
        await store.close()


async def start(env: dict[str, str], cwd: Path, log: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "run", env=env, cwd=cwd,
        stdout=asyncio.subprocess.DEVNULL, stderr=log.open("ab"))


async def stop(proc: asyncio.subprocess.Process) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(proc.wait(), 15)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0


async def until(check: Any, timeout: float, what: str) -> float:
    """Poll until `check()` is true; the time.time() when it became so."""
    deadline = time.time() + timeout
    while not check():
        assert time.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)
    return time.time()


def kinds(discord_msgs: list[dict[str, Any]], slack_msgs: list[dict[str, Any]]) -> tuple:
    def of_discord(m: dict[str, Any]) -> str:
        title = m["embeds"][0]["title"] if m.get("embeds") else m.get("content", "")
        return "result" if title.startswith("Full time") else "preview"

    def of_slack(m: dict[str, Any]) -> str:
        return "result" if str(m.get("text", "")).startswith("Full time") else "preview"

    return [of_discord(m) for m in discord_msgs], [of_slack(m) for m in slack_msgs]


async def test_a_match_day_runs_itself_from_the_feed_across_a_restart(
        fake: FakeDiscord, tmp_path: Path) -> None:
    slack = await FakeSlack().start()
    feed = await FakeFootballData().start()
    kickoff = (datetime.now(UTC) + timedelta(minutes=5, seconds=12)).replace(microsecond=0)
    lead_time = (kickoff - timedelta(minutes=5)).timestamp()
    feed.add(match_node(700001, 64, 86, kickoff.strftime("%Y-%m-%dT%H:%M:%SZ")))
    await prepare(tmp_path / "bot.db")
    env = clean_env(
        tmp_path, DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url, DISCORD_GUILD_ID=payloads.GUILD_ID,
        SLACK_BOT_TOKEN=slack.bot_token, SLACK_SIGNING_SECRET=slack.signing_secret,
        SLACK_API_URL=slack.api_url, SLACK_HOST="127.0.0.1", SLACK_PORT="0",
        FOOTBALL_DATA_TOKEN="free-token", FOOTBALL_DATA_API_URL=feed.api_url,
        FOOTBALL_DATA_LIVE_INTERVAL=str(SYNC_EVERY), MATCHFACTS_TICK_SECONDS="0.5")
    log = tmp_path / "run.log"
    channel = fake.channels[payloads.CHANNEL_ID]
    posted = [m for m in slack.messages]
    try:
        first = await start(env, tmp_path, log)
        try:
            seen = await until(lambda: len(channel) == 1 and len(slack.messages) == 1, 30,
                               "the previews")
        finally:
            await stop(first)
        assert lead_time - 0.2 <= seen <= lead_time + 3   # at its lead time, not before
        assert len(feed.requests) >= 2                     # the fixture came from the feed

        second = await start(env, tmp_path, log)           # the restart, between the posts
        try:
            passes = len(feed.requests)
            await until(lambda: len(feed.requests) > passes, 15, "a sync pass after restart")
            feed.update(700001, status="FINISHED", score=score((2, 1), (1, 0)))
            finished = time.time()
            done = await until(lambda: len(channel) == 2 and len(slack.messages) == 2,
                               SYNC_EVERY + 5, "the result posts")
            assert done - finished <= SYNC_EVERY + 2       # within one sync interval
            await asyncio.sleep(1.5)                       # more ticks: nothing sent twice
        finally:
            await stop(second)
        assert kinds(channel, slack.messages) == (["preview", "result"], ["preview", "result"])
        assert feed.refused == 0 and feed.max_in_window() <= 10
        text = log.read_text()
        assert "Traceback" not in text and "free-token" not in text
        assert TOKEN not in text and slack.bot_token not in text
    finally:
        await feed.close()
        await slack.close()
    assert posted == []
