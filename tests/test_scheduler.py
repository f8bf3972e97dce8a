"""The scheduler, with a clock the tests move: previews, moves, cancels, crashes, DST, pauses."""

from __future__ import annotations

import pytest

from bot.commands import Actor
from bot.core import Core
from bot.delivery import PostResult
from bot.scheduler import Scheduler
from storage import Store
from tests.admin_helpers import add_fixture
from tests.scheduler_fakes import Crash, FakeClock, RecordingPoster, at

ADMIN = Actor("discord", "1", "Admin", is_admin=True)
SLACK_ADMIN = Actor("slack", "U1", "Admin", is_admin=True)
KICKOFF = "2026-11-25T20:00:00Z"


@pytest.fixture
def sched_core(demo_store: Store, clock: FakeClock) -> Core:
    return Core(demo_store, now=clock.now)


@pytest.fixture
def discord(clock: FakeClock) -> RecordingPoster:
    return RecordingPoster("discord", clock)


def scheduler(core: Core, clock: FakeClock, *posters: RecordingPoster) -> Scheduler:
    return Scheduler(core, {p.platform: p for p in posters}, now=clock.now, sleep=clock.sleep)


async def subscribe(core: Core, text: str, place: str = "chan-1", actor: Actor = ADMIN) -> None:
    reply = await core.ask(f"subscribe {text}", actor=actor, place=place)
    assert reply.kind == "answer", reply.title


async def test_previews_at_each_lead_time_once(sched_core: Core, clock: FakeClock,
                                               discord: RecordingPoster) -> None:
    await add_fixture(sched_core.store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    await subscribe(sched_core, "Liverpool tz:Europe/London leads:24h,1h")
    s = scheduler(sched_core, clock, discord)
    await s.tick()
    assert discord.delivered == []
    clock.move_to(at("2026-11-24T19:59:00"))
    await s.tick()
    assert discord.delivered == []
    clock.move_to(at("2026-11-24T20:00:00"))
    await s.tick()
    await s.tick()
    assert len(discord.delivered) == 1
    first = discord.delivered[0].reply
    assert first.title.startswith("Liverpool v Real Madrid")
    assert "Kick-off: Wed 25 Nov 2026, 20:00 GMT" in first.lines[0]
    assert first.sections, "the preview carries the facts"
    clock.move_to(at("2026-11-25T19:00:00"))
    await s.tick()
    await s.tick()
    assert [d.key.split("/")[-1] for d in discord.delivered] == [
        "preview-1440@20261125T2000Z", "preview-60@20261125T2000Z"]


async def test_moved_fixture_moves_its_previews(sched_core: Core, clock: FakeClock,
                                                discord: RecordingPoster) -> None:
    store = sched_core.store
    match_id = await add_fixture(store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    await subscribe(sched_core, "Liverpool")
    s = scheduler(sched_core, clock, discord)
    async with store.transaction() as db:
        await db.execute("UPDATE matches SET kickoff_utc = ?, date = ? WHERE id = ?",
                         ("2026-11-27T18:00:00Z", "2026-11-27", match_id))
    clock.move_to(at("2026-11-24T20:00:00"))
    await s.tick()
    assert discord.delivered == []
    clock.move_to(at("2026-11-26T18:00:00"))
    await s.tick()
    assert len(discord.delivered) == 1
    # moved again after its preview went out: the new kick-off is previewed too
    async with store.transaction() as db:
        await db.execute("UPDATE matches SET kickoff_utc = ?, date = ? WHERE id = ?",
                         ("2026-11-28T18:00:00Z", "2026-11-28", match_id))
    clock.move_to(at("2026-11-27T18:00:00"))
    await s.tick()
    assert len(discord.delivered) == 2
    assert "Sat 28 Nov 2026, 18:00" in discord.delivered[1].reply.lines[0]


async def test_cancelled_fixture_gets_no_post(sched_core: Core, clock: FakeClock,
                                              discord: RecordingPoster) -> None:
    match_id = await add_fixture(sched_core.store, "Liverpool", "Real Madrid", "2026-11-25",
                                 KICKOFF)
    await subscribe(sched_core, "Liverpool leads:24h,1h")
    async with sched_core.store.transaction() as db:
        await db.execute("UPDATE matches SET status = 'cancelled' WHERE id = ?", (match_id,))
    s = scheduler(sched_core, clock, discord)
    for t in ("2026-11-24T20:00:00", "2026-11-25T19:00:00", "2026-11-26T00:00:00"):
        clock.move_to(at(t))
        await s.tick()
    assert discord.delivered == []


async def test_two_subscriptions_to_one_channel_post_once(sched_core: Core, clock: FakeClock,
                                                          discord: RecordingPoster) -> None:
    await add_fixture(sched_core.store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    await subscribe(sched_core, "Liverpool")
    await subscribe(sched_core, "Real Madrid")
    await subscribe(sched_core, "cl")
    clock.move_to(at("2026-11-24T21:00:00"))
    await scheduler(sched_core, clock, discord).tick()
    assert len(discord.delivered) == 1


async def test_downtime_catch_up_sends_before_kickoff_skips_after(
        sched_core: Core, clock: FakeClock, discord: RecordingPoster,
        caplog: pytest.LogCaptureFixture) -> None:
    store = sched_core.store
    await add_fixture(store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    await add_fixture(store, "Chelsea", "Real Madrid", "2026-11-24", "2026-11-24T20:00:00Z")
    await subscribe(sched_core, "Real Madrid")
    clock.move_to(at("2026-11-25T12:00:00"))       # the bot was down for four days
    report = await scheduler(sched_core, clock, discord).tick()
    assert [d.reply.title.split(" —")[0] for d in discord.delivered] == [
        "Liverpool v Real Madrid"]
    [skipped] = [r for r in await store.post_rows() if r.status == "skipped"]
    assert "kick-off passed" in (skipped.last_error or "")
    assert len(report.skipped) == 1 and "skipped" in caplog.text


async def test_kickoff_in_channel_time_zone_across_dst(sched_core: Core, clock: FakeClock,
                                                       discord: RecordingPoster) -> None:
    clock.move_to(at("2026-11-21T12:00:00"))
    await add_fixture(sched_core.store, "Liverpool", "Real Madrid", "2027-03-28",
                      "2027-03-28T19:00:00Z", round_="QF", leg="1")
    await subscribe(sched_core, "Liverpool tz:Europe/London leads:24h", place="uk")
    await subscribe(sched_core, "Liverpool tz:America/New_York leads:24h", place="ny")
    clock.move_to(at("2027-03-27T19:00:00"))         # still GMT in London; EDT in New York
    await scheduler(sched_core, clock, discord).tick()
    by_channel = {d.channel_id: d.reply.lines[0] for d in discord.delivered}
    assert "Sun 28 Mar 2027, 20:00 BST" in by_channel["uk"]
    assert "Sun 28 Mar 2027, 15:00 EDT" in by_channel["ny"]


async def test_restart_mid_send_with_lookup_posts_exactly_once(
        sched_core: Core, clock: FakeClock, discord: RecordingPoster) -> None:
    await add_fixture(sched_core.store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    await subscribe(sched_core, "Liverpool")
    discord.crash_after_send.add("discord/chan-1/" + str(
        (await sched_core.store.matches(status="scheduled"))[0].id)
        + "/preview-1440@20261125T2000Z")
    clock.move_to(at("2026-11-24T20:00:00"))
    with pytest.raises(Crash):
        await scheduler(sched_core, clock, discord).tick()
    assert [r.status for r in await sched_core.store.post_rows()] == ["sending"]
    clock.advance(minutes=5)
    await scheduler(sched_core, clock, discord).tick()    # a new process
    assert len(discord.delivered) == 1
    assert [r.status for r in await sched_core.store.post_rows()] == ["sent"]


async def test_restart_mid_send_without_lookup_never_doubles(
        sched_core: Core, clock: FakeClock) -> None:
    poster = RecordingPoster("slack", clock, lookup=False)
    await add_fixture(sched_core.store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    await subscribe(sched_core, "Liverpool", actor=SLACK_ADMIN)
    match_id = (await sched_core.store.matches(status="scheduled"))[0].id
    poster.crash_after_send.add(f"slack/chan-1/{match_id}/preview-1440@20261125T2000Z")
    clock.move_to(at("2026-11-24T20:00:00"))
    with pytest.raises(Crash):
        await scheduler(sched_core, clock, poster).tick()
    await scheduler(sched_core, clock, poster).tick()
    await scheduler(sched_core, clock, poster).tick()
    assert len(poster.delivered) == 1
    [row] = await sched_core.store.post_rows()
    assert row.status == "skipped" and "outcome unknown" in (row.last_error or "")


async def test_a_failing_lookup_on_one_platform_does_not_hold_up_the_other(
        sched_core: Core, clock: FakeClock, discord: RecordingPoster) -> None:
    slack = RecordingPoster("slack", clock)
    await add_fixture(sched_core.store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    await subscribe(sched_core, "Liverpool", actor=SLACK_ADMIN)
    match_id = (await sched_core.store.matches(status="scheduled"))[0].id
    slack.crash_after_send.add(f"slack/chan-1/{match_id}/preview-1440@20261125T2000Z")
    clock.move_to(at("2026-11-24T20:00:00"))
    with pytest.raises(Crash):
        await scheduler(sched_core, clock, slack).tick()

    async def slack_down(channel_id: str, post_key: str) -> str | None:
        raise ConnectionError("slack.com unreachable")

    slack._find_post = slack_down  # type: ignore[method-assign]
    await subscribe(sched_core, "Liverpool", place="chan-2")   # a Discord channel
    await scheduler(sched_core, clock, slack, discord).tick()
    assert [d.channel_id for d in discord.delivered] == ["chan-2"]
    statuses = {r.platform: r.status for r in await sched_core.store.post_rows()}
    assert statuses == {"slack": "sending", "discord": "sent"}   # slack asked again next tick


async def test_result_post_when_result_entered(sched_core: Core, clock: FakeClock,
                                               discord: RecordingPoster) -> None:
    await add_fixture(sched_core.store, "Liverpool", "Real Madrid", "2026-11-20",
                      "2026-11-20T20:00:00Z")
    await subscribe(sched_core, "Liverpool")
    s = scheduler(sched_core, clock, discord)
    await s.tick()
    assert discord.delivered == []
    reply = await sched_core.ask("admin result Liverpool 2-1 Real Madrid; Salah 3 80; "
                                 "Benzema 50")
    assert reply.kind == "answer", reply.title
    await s.tick()
    await s.tick()
    [post] = discord.delivered
    assert post.reply.title == "Full time: Liverpool 2-1 Real Madrid"
    assert "Liverpool: Mohamed Salah 3, Mohamed Salah 80" in post.reply.lines


async def test_failing_channel_retried_then_paused_and_admin_told(
        sched_core: Core, clock: FakeClock) -> None:
    poster = RecordingPoster("discord", clock, fail=lambda c, r: PostResult(
        ok=False, failure="forbidden", detail="Missing Access") if c == "bad" else None)
    await add_fixture(sched_core.store, "Liverpool", "Real Madrid", "2026-11-25", KICKOFF)
    await add_fixture(sched_core.store, "Chelsea", "Real Madrid", "2026-11-26",
                      "2026-11-26T20:00:00Z")
    await subscribe(sched_core, "Real Madrid", place="bad")
    await subscribe(sched_core, "Real Madrid", place="good")
    s = scheduler(sched_core, clock, poster)
    clock.move_to(at("2026-11-24T20:00:00"))
    for _ in range(10):
        await s.tick()
        clock.advance(minutes=10)
    health = await sched_core.store.channel_health("discord", "bad")
    assert health.paused_at is not None and "not in the channel" in (health.pause_reason or "")
    attempts = sum(r.attempts for r in await sched_core.store.post_rows()
                   if r.channel_id == "bad")
    assert attempts == 3                     # retried with backoff, then paused
    assert [d.channel_id for d in poster.delivered] == ["good"]
    reply = await sched_core.ask("subscriptions", actor=ADMIN, place="bad")
    assert "PAUSED" in reply.plain_text() and "Missing Access" in reply.plain_text()
    await subscribe(sched_core, "Real Madrid", place="bad")        # resumes
    assert (await sched_core.store.channel_health("discord", "bad")).paused_at is None


async def test_matchday_in_kickoff_order_within_rate_limits(
        sched_core: Core, clock: FakeClock) -> None:
    slack = RecordingPoster("slack", clock)
    pairs = [("Liverpool", "Real Madrid"), ("Chelsea", "Real Madrid"),
             ("Manchester City", "Real Madrid"), ("Liverpool", "Chelsea"),
             ("Chelsea", "Liverpool"), ("Manchester City", "Liverpool"),
             ("Liverpool", "Manchester City"), ("Real Madrid", "Liverpool")]
    for i, (home, away) in enumerate(pairs):
        hour = 21 if i % 2 else 18
        await add_fixture(sched_core.store, home, away, "2026-11-25",
                          f"2026-11-25T{hour}:00:00Z")
    await subscribe(sched_core, "cl", place="C1", actor=SLACK_ADMIN)
    await subscribe(sched_core, "cl", place="C2", actor=SLACK_ADMIN)
    clock.move_to(at("2026-11-24T21:00:00"))
    await scheduler(sched_core, clock, slack).tick()
    assert len(slack.delivered) == 16
    kickoffs = [d.reply.data["kickoff_utc"] for d in slack.delivered]
    assert kickoffs == sorted(kickoffs)
    times = [d.at for d in slack.delivered]
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 1.0
