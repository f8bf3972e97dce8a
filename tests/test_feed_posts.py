"""The feed drives match-day posts: preview, result with no admin action, a correction once;
and the sync's schedule (often around matches, a few times a day otherwise)."""

from __future__ import annotations

from bot.commands import Actor
from bot.core import Core
from bot.feed_loop import FeedLoop
from bot.scheduler import Scheduler
from storage import Store
from storage.feed import FeedSync
from tests.fake_football_data import FakeFootballData, score
from tests.scheduler_fakes import FakeClock, RecordingPoster, at

ADMIN = Actor("discord", "7", "Admin", is_admin=True)


async def test_preview_result_and_one_correction_come_from_the_feed_alone(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData,
        clock: FakeClock) -> None:
    core = Core(demo_store, now=clock.now)
    reply = await core.ask("subscribe Liverpool leads:1h", actor=ADMIN, place="c1")
    assert reply.kind == "answer", reply.title
    poster = RecordingPoster("discord", clock)
    scheduler = Scheduler(core, {"discord": poster}, now=clock.now, sleep=clock.sleep)
    await feed_sync.run_pass()
    await scheduler.tick()
    assert poster.delivered == []
    clock.move_to(at("2026-11-25T19:00:00"))               # an hour before kick-off
    await scheduler.tick()
    [preview] = poster.delivered
    assert preview.reply.data["kind"] == "preview"

    clock.move_to(at("2026-11-25T21:55:00"))
    feed.update(600001, status="FINISHED", score=score((2, 1), (1, 0)))
    await feed_sync.run_pass()
    await scheduler.tick()
    result = poster.delivered[-1].reply
    assert result.data["kind"] == "result" and result.title.startswith("Full time")
    assert "2-1" in result.title or "2–1" in result.title

    feed.update(600001, status="IN_PLAY")                  # the feed reopens the match
    await feed_sync.run_pass()
    await scheduler.tick()
    assert len(poster.delivered) == 2
    clock.advance(minutes=15)
    feed.update(600001, status="FINISHED", score=score((2, 2), (1, 0)))
    await feed_sync.run_pass()
    await scheduler.tick()
    await scheduler.tick()
    await feed_sync.run_pass()
    await scheduler.tick()
    kinds = [d.reply.data["kind"] for d in poster.delivered]
    assert kinds == ["preview", "result", "correction"]
    fixed = poster.delivered[-1].reply
    assert fixed.title.startswith("Correction") and ("2-2" in fixed.title or "2–2" in fixed.title)


async def test_the_sync_runs_often_around_matches_and_rarely_otherwise(
        feed_sync: FeedSync, feed: FakeFootballData, clock: FakeClock) -> None:
    loop = FeedLoop(feed_sync, live=300, idle=14400, now=clock.now, sleep=clock.sleep)
    assert await loop.delay(await feed_sync.run_pass()) == 14400   # kick-off days away
    clock.move_to(at("2026-11-25T14:00:00"))
    assert await loop.delay([]) == 14400                            # 4 h to the live window
    clock.move_to(at("2026-11-25T17:30:00"))
    assert await loop.delay([]) == 1800                             # wakes as it opens
    clock.move_to(at("2026-11-25T19:00:00"))
    assert await loop.delay([]) == 300                              # within 2 h of kick-off
    clock.move_to(at("2026-11-25T22:30:00"))
    assert await loop.delay([]) == 300                              # not finished yet
    feed.update(600001, status="FINISHED", score=score((1, 0), (0, 0)))
    assert await loop.delay(await feed_sync.run_pass()) == 14400   # nothing left to watch
