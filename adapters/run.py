"""`matchfacts run`: every configured chat adapter and ONE scheduler, in one process.

Discord runs when DISCORD_TOKEN is set, Slack when SLACK_BOT_TOKEN is set (both if both);
each adapter's Poster is registered with the scheduler under its platform. With no tokens
the console runs instead, with a ConsolePoster for "console" subscriptions.

Shutdown order matters: the scheduler is cancelled first (a send in flight is either
recorded or left 'sending' for the next start to settle), then the adapters close, then
the posters' HTTP sessions. SIGTERM and SIGINT start that shutdown and the process exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, TextIO

from adapters.console import ConsolePoster, repl
from bot.core import Core, utc_now
from bot.delivery import Poster
from bot.feed_loop import FeedLoop
from bot.scheduler import PLATFORM_SPACING, Scheduler
from bot.settings import Settings
from bot.sharding import Shards, shards_from

log = logging.getLogger(__name__)
TICK_SECONDS = 30.0


def configured(settings: Settings) -> list[str]:
    """The chat platforms whose tokens are set, in start order."""
    return [name for name, token in (("discord", settings.discord_token),
                                     ("slack", settings.slack_bot_token
                                      or settings.slack_client_id)) if token]


def feed(core: Core, settings: Settings, now: Callable[[], datetime],
         sleep: Callable[[float], Awaitable[None]]) -> tuple[asyncio.Task[Any] | None,
                                                            Callable[[], Awaitable[None]]]:
    """The live feed's loop (None without FOOTBALL_DATA_TOKEN, said once) and its closer."""
    from storage.feed import FeedClient, FeedSync

    if not settings.football_data_token:
        log.info("FOOTBALL_DATA_TOKEN is not set: the live feed from football-data.org is off")
        return None, _nothing
    client = FeedClient(settings.football_data_token, settings.football_data_api_url,
                        per_minute=settings.football_data_rate_limit, now=now, sleep=sleep)
    sync = FeedSync(core.store, client, list(settings.football_data_competitions), now=now)
    loop = FeedLoop(sync, live=settings.football_data_live_interval,
                    idle=settings.football_data_idle_interval, now=now, sleep=sleep)
    log.info("live feed: football-data.org %s, every %ds around matches, every %ds otherwise",
             ", ".join(sync.competitions), loop.live, loop.idle)
    return asyncio.create_task(loop.run(), name="feed"), client.close


def discord_share(shards: Shards) -> dict[str, float]:
    """Discord's global rate limit is per bot token, shared by every process: a process that
    runs k of n shards posts at k/n of the pace (equal splits assumed)."""
    if not shards.split:
        return {}
    assert shards.count is not None
    return {"discord": PLATFORM_SPACING["discord"] * shards.count / len(shards.ids)}


async def _nothing() -> None:
    return None


def check(settings: Settings) -> Shards:
    """Fail before anything starts, naming a missing key (e.g. Slack's signing secret);
    the Discord shards this process runs."""
    if settings.slack_bot_token or settings.slack_client_id:
        from adapters.slack.app import check_settings

        check_settings(settings)
    return shards_from(settings.discord_shard_ids, settings.discord_shard_count)


async def run(core: Core, settings: Settings, *, stop: asyncio.Event | None = None,
              interval: float = TICK_SECONDS, now: Callable[[], datetime] = utc_now,
              sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
              as_of: date | None = None, out: TextIO | None = None) -> int:
    """Run until SIGTERM/SIGINT (or `stop`), or until the console ends."""
    platforms = configured(settings)
    if not platforms:
        return await run_console(core, as_of, interval=interval, now=now, sleep=sleep, out=out,
                                 settings=settings)
    shards = check(settings)
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
    posters: dict[str, Poster] = {}
    services: list[asyncio.Task[Any]] = []
    closers: list[Callable[[], Awaitable[None]]] = []
    bot = None
    if "discord" in platforms:
        from adapters.discord.app import MatchfactsBot, configure_endpoints
        from adapters.discord.poster import DiscordPoster

        configure_endpoints(settings)
        token = settings.discord_token.reveal()  # type: ignore[union-attr]
        bot = MatchfactsBot(core, settings)
        poster = DiscordPoster(token, settings.discord_api_base)
        posters["discord"] = poster
        closers.append(poster.close)
        services.append(asyncio.create_task(_discord(bot, token), name="discord"))
    if "slack" in platforms:
        from adapters.slack.app import poster as slack_poster
        from adapters.slack.app import run as run_slack

        posters["slack"] = slack_poster(core, settings)
        services.append(asyncio.create_task(run_slack(core, settings, stop), name="slack"))
    scheduler = Scheduler(core, posters, now=now, sleep=sleep, owns=shards.owns,
                          spacing=discord_share(shards))
    ticking = asyncio.create_task(scheduler.run(interval), name="scheduler")
    if shards.split:
        log.info("Discord shards %s of %d: this process posts for those servers only",
                 ",".join(map(str, shards.ids)), shards.count)
    syncing, close_feed = (feed(core, settings, now, sleep) if 0 in shards.ids or not shards.split
                           else (None, _nothing))   # one live feed: the shard-0 process's
    closers.append(close_feed)
    if bot is not None:
        bot.track(ticking)   # if discord.py closes the bot itself, the scheduler goes first
    log.info("matchfacts run: %s and the scheduler (every %gs)", " + ".join(platforms),
             interval)
    waiting = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait([waiting, *services], return_when=asyncio.FIRST_COMPLETED)
    finally:
        await _cancel(ticking)                  # 1. the scheduler (and the feed)
        if syncing is not None:
            await _cancel(syncing)
        stop.set()                              # 2. the adapters
        if bot is not None:
            await bot.close()
        await _cancel(waiting)
        results = await asyncio.gather(*services, return_exceptions=True)
        for close in closers:                   # 3. the posters' HTTP sessions
            await close()
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result,
                                                                asyncio.CancelledError):
            raise result
    return 0


async def _discord(bot: Any, token: str) -> None:
    async with bot:
        await bot.start(token)


async def _cancel(task: asyncio.Task[Any]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def run_console(core: Core, as_of: date | None, *, interval: float = TICK_SECONDS,
                      now: Callable[[], datetime] = utc_now,
                      sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                      out: TextIO | None = None, settings: Settings | None = None) -> int:
    """The console, with due posts for "console" subscriptions printed as they fall due
    (and the live feed, when `settings` carry a FOOTBALL_DATA_TOKEN)."""
    scheduler = Scheduler(core, {"console": ConsolePoster(out or sys.stdout)}, now=now,
                          sleep=sleep)
    ticking = asyncio.create_task(scheduler.run(interval), name="scheduler")
    syncing, close_feed = feed(core, settings, now, sleep) if settings else (None, _nothing)
    try:
        return await repl(core, as_of)
    finally:
        await _cancel(ticking)
        if syncing is not None:
            await _cancel(syncing)
        await close_feed()
