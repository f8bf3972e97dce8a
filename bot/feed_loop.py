"""Keeping the database current from football-data.org inside `matchfacts run`.

The policy: a pass at start; then every `live` seconds (FOOTBALL_DATA_LIVE_INTERVAL, default
5 min) while a match of a synced competition is in play, kicks off within LIVE_BEFORE, or
kicked off less than LIVE_AFTER ago and is not yet finished; otherwise every `idle` seconds
(FOOTBALL_DATA_IDLE_INTERVAL, default 4 h: six passes a day), but never sleeping past the
moment the next stored kick-off comes within LIVE_BEFORE. A pass that completes a match sets
its result time, so the scheduler's next tick (every 30 s) posts the result as if an admin had
entered it: the result follows within one sync interval. One pass over a whole Champions
League season is one request (two when a team is new: its country comes from /teams).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from storage.feed import CompetitionReport, FeedSync
from storage.feed.competitions import feed_competition
from storage.feed.queries import FeedQueries

log = logging.getLogger(__name__)

LIVE_BEFORE = timedelta(hours=2)
LIVE_AFTER = timedelta(hours=3)


class FeedLoop:
    def __init__(self, sync: FeedSync, *, live: float = 300, idle: float = 14400,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.sync = sync
        self.live = live
        self.idle = idle
        self.now = now
        self.sleep = sleep
        self.passes = 0

    async def run(self) -> None:
        while True:
            try:
                reports = await self.sync.run_pass()
                self.passes += 1
                for r in reports:
                    log.info("football-data.org sync: %s", r.line())
            except Exception:  # a bug in one pass must not end the bot; the next pass retries
                log.exception("football-data.org sync pass failed; retrying later")
                reports = []
            await self.sleep(await self.delay(reports))

    async def delay(self, reports: list[CompetitionReport]) -> float:
        """Seconds until the next pass, by the policy above."""
        if any(r.live for r in reports):
            return self.live
        now = self.now()
        codes = [c.code for c in map(feed_competition, self.sync.competitions) if c]
        kickoffs = await FeedQueries(self.sync.store.db).next_kickoffs(
            codes, _iso(now - LIVE_AFTER))
        wait = self.idle
        for k in kickoffs:
            kickoff = datetime.fromisoformat(k.replace("Z", "+00:00"))
            if kickoff - LIVE_BEFORE <= now:
                return self.live
            wait = min(wait, (kickoff - LIVE_BEFORE - now).total_seconds())
        return max(self.live, wait)


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
