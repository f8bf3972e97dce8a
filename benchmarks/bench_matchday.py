"""Match day at scale: one preview to each of N subscribed channels (default 10,000), half on
Discord (in servers of 10 channels), half on Slack (in workspaces of 100 channels, each with
its own OAuth token), through the real scheduler and posters, against the fake Discord and
fake Slack on loopback, in real time.

The fakes enforce the platforms' rate limits here and answer 429 past them, as the platforms
do: Discord 50 requests/s per bot token (a rolling second) and 5 messages per 5 s per channel;
Slack 1 message/s per channel. The benchmark checks that every channel got its preview
exactly once, that every 429 was retried, and prints the time to deliver all previews, the
posts per second per platform and the process's CPU time. The preview card is attached
(Discord: multipart upload; Slack: the files upload API) unless --no-charts.

Run: .venv/bin/python -m benchmarks.bench_matchday [--channels 10000] [--no-charts]
     [--discord-rate 80]   (pace past Discord's limit: the 429s must all be retried)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from slack_sdk.oauth.installation_store import Installation

from adapters.discord.poster import DiscordPoster
from adapters.slack.poster import SlackPoster
from adapters.slack.workspaces import SlackInstalls, WorkspaceClients
from bot.core import Core
from bot.demo_data import load_demo
from bot.scheduler import Scheduler
from storage import Store
from storage.importers import import_files
from tests.fake_discord.harness import TOKEN
from tests.fake_discord.server import FakeDiscord
from tests.fake_slack.oauth import CLIENT_ID
from tests.fake_slack.server import FakeSlack

PER_GUILD, PER_WORKSPACE = 10, 100
CSV_HEAD = ("competition,season,stage,round,leg,date,kickoff,timezone,home,home_country,away,"
            "away_country,score,ht,aet,pens,venue,neutral,status\n")
Handler = Callable[..., Awaitable[web.Response]]


class Window:
    """At most `limit` events per `seconds` (rolling), per key."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self.events: dict[str, deque[float]] = defaultdict(deque)

    def admit(self, key: str, now: float) -> float:
        """0 if admitted (and counted), else the seconds until it would be."""
        seen = self.events[key]
        while seen and seen[0] <= now - self.seconds:
            seen.popleft()
        if len(seen) >= self.limit:
            return seen[0] + self.seconds - now
        seen.append(now)
        return 0.0


def discord_limits(fake: FakeDiscord, refused: Counter[str]) -> None:
    """Discord's global and per-channel message limits in front of the fake's handler."""
    inner: Handler = fake._channel_message
    everyone, channel = Window(50, 1.0), Window(5, 5.0)

    async def limited(request: web.Request) -> web.Response:
        now = time.monotonic()
        wait = everyone.admit("bot", now)
        scope = "global"
        if not wait:
            wait, scope = channel.admit(request.match_info["channel"], now), "channel"
        if wait:
            refused["discord"] += 1
            return web.Response(status=429, content_type="application/json", headers={
                "Via": "1.1 google", "X-RateLimit-Scope": "user"}, text=json.dumps({
                    "message": "You are being rate limited.", "retry_after": round(wait, 3),
                    "global": scope == "global"}))
        return await inner(request)

    fake._channel_message = limited  # type: ignore[method-assign]


def slack_limits(fake: FakeSlack, refused: Counter[str]) -> None:
    """Slack's 1 message per second per channel in front of chat.postMessage."""
    inner = fake.api_chat_postMessage
    channel = Window(1, 1.0)

    async def limited(params: dict[str, Any]) -> web.Response:
        wait = channel.admit(str(params.get("channel")), time.monotonic())
        if wait:
            refused["slack"] += 1
            return web.Response(status=429, content_type="application/json",
                                headers={"Retry-After": "1"},
                                text=json.dumps({"ok": False, "error": "ratelimited"}))
        return await inner(params)

    fake.api_chat_postMessage = limited  # type: ignore[method-assign]


class Timed:
    """A poster that notes when each delivered post went out (seconds since `start`)."""

    def __init__(self, poster: Any, start: list[float]) -> None:
        self.poster, self.start, self.at = poster, start, []
        self.platform = poster.platform

    async def post(self, channel_id: str, reply: Any) -> Any:
        result = await self.poster.post(channel_id, reply)
        if result.ok:
            self.at.append(time.monotonic() - self.start[0])
        return result

    def __getattr__(self, name: str) -> Any:   # find_post, dedup_window
        return getattr(self.poster, name)


async def prepare(store: Store, discord: FakeDiscord, slack: FakeSlack, channels: int,
                  charts: bool) -> tuple[list[str], list[str]]:
    """Demo data, one fixture in 2 hours, N channels subscribed with a 3-hour lead."""
    await load_demo(store)
    kickoff = datetime.now(UTC) + timedelta(hours=2)
    csv = Path(store.path).parent / "fixture.csv"
    csv.write_text(CSV_HEAD + f"UCL,2026-27,league,LP,single,{kickoff:%Y-%m-%d},"
                   f"{kickoff:%H:%M},UTC,Liverpool,ENG,Real Madrid,ESP,,,,,,,scheduled\n",
                   encoding="utf-8")
    await import_files(store, "csv", [csv])
    club = next(c.id for c in await store.clubs() if c.name == "Liverpool")
    half = channels // 2
    discord_ids = [str(1300000000000000000 + i) for i in range(half)]
    slack_ids = [f"C{i:08d}" for i in range(channels - half)]
    installs = SlackInstalls(store, CLIENT_ID)
    at = datetime.now(UTC).isoformat()
    async with store.transaction(football=False):
        for i, c in enumerate(discord_ids):
            guild = str(((5000 + i // PER_GUILD) << 22) | 1)
            await store.save_subscription("discord", c, "club", club, "UTC", [180], True,
                                          "bench", at, server_id=guild)
            discord.channels[c] = []
        for i, c in enumerate(slack_ids):
            team = f"T{i // PER_WORKSPACE:06d}"
            await store.save_subscription("slack", c, "club", club, "UTC", [180], True,
                                          "bench", at, server_id=team)
            slack.channels[c] = "member"
            slack.channel_teams[c] = team
            slack.tokens[f"xoxb-{team}"] = team
    for team in sorted(set(slack.channel_teams.values())):
        await installs.async_save(Installation(team_id=team, bot_token=f"xoxb-{team}",
                                               bot_id="B1", bot_user_id="U1", user_id="U0"))
    if not charts:
        for platform, ids in (("discord", discord_ids), ("slack", slack_ids)):
            async with store.transaction(football=False):
                for c in ids:
                    await store.restore_settings_row(platform, await store.server_of(
                        platform, c), "", {"charts": 0, "updated_by": "bench",
                                           "updated_at": at})
    return discord_ids, slack_ids


async def run(channels: int, charts: bool, discord_rate: float | None = None) -> None:
    refused: Counter[str] = Counter()
    discord = FakeDiscord(token=TOKEN)
    discord_limits(discord, refused)
    await discord.start()
    slack = FakeSlack(channels={})
    slack_limits(slack, refused)
    await slack.start()
    slack.tokens = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "bench.db")
        try:
            discord_ids, slack_ids = await prepare(store, discord, slack, channels, charts)
            core = Core(store)
            discord_poster = DiscordPoster(TOKEN, discord.api_base)
            clients = WorkspaceClients(store, slack.api_url, SlackInstalls(store, CLIENT_ID))
            start = [0.0]
            timed = {"discord": Timed(discord_poster, start),
                     "slack": Timed(SlackPoster(clients), start)}
            scheduler = Scheduler(core, timed, spacing={"discord": 1 / discord_rate}
                                  if discord_rate else None)
            print(f"{channels} channels: {len(discord_ids)} Discord in "
                  f"{len(discord_ids) // PER_GUILD} servers, {len(slack_ids)} Slack in "
                  f"{-(-len(slack_ids) // PER_WORKSPACE)} workspaces; charts "
                  f"{'on' if charts else 'off'}", flush=True)
            started, cpu = time.monotonic(), time.process_time()
            start[0] = started
            ticks = 0
            while True:
                report = await scheduler.tick()
                ticks += 1
                now = time.monotonic() - started
                rows = await store.post_rows()
                done = sum(r.status == "sent" for r in rows)
                print(f"  tick {ticks}: {len(report.sent)} sent, {len(report.failed)} "
                      f"refused for retry; {done}/{channels} sent after {now:.1f} s",
                      flush=True)
                if done >= channels or ticks > 200:
                    break
                await asyncio.sleep(0.5)          # the scheduler's tick, shortened
            wall, used = time.monotonic() - started, time.process_time() - cpu
            await discord_poster.close()
        finally:
            await store.close()
    await discord.stop()
    await slack.close()
    got = Counter({c: len(m) for c, m in discord.channels.items() if c in set(discord_ids)})
    per_slack = Counter(m["channel"] for m in slack.messages)
    once = all(got[c] == 1 for c in discord_ids) and all(per_slack[c] == 1 for c in slack_ids)
    statuses = Counter(r.status for r in rows)
    print(f"\nevery channel exactly once: {once}; ledger {dict(statuses)}")
    print(f"429s answered by the fakes (all retried): Discord {refused['discord']}, "
          f"Slack {refused['slack']}")
    for platform, ids in (("discord", discord_ids), ("slack", slack_ids)):
        at = sorted(timed[platform].at)
        if at:
            busiest = max(Counter(int(t) for t in at).values())
            print(f"{platform}: {len(ids)} previews, first after {at[0]:.2f} s, last after "
                  f"{at[-1]:.1f} s = {len(at) / at[-1]:.1f} posts/s (busiest second: "
                  f"{busiest})")
    print(f"all {channels} previews delivered in {wall:.1f} s wall ({ticks} ticks); "
          f"process CPU {used:.1f} s ({used / channels * 1000:.1f} ms per post)")
    if not once or statuses.get("sent") != channels:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--no-charts", action="store_true")
    parser.add_argument("--discord-rate", type=float, default=None,
                        help="pace Discord posts at this many per second instead of 45 "
                             "(above 50 the fake answers 429s, which must all be retried)")
    args = parser.parse_args()
    asyncio.run(run(args.channels, not args.no_charts, args.discord_rate))


if __name__ == "__main__":
    main()
