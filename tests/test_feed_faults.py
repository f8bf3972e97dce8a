"""Faults the sync must survive: the rate limit, 429, 403, 5xx, timeouts, bodies that are not
JSON, corrections, postponements, vanished matches, admin corrections, a crash mid-pass."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.commands import Actor
from bot.core import Core
from storage import Store
from storage.feed import FeedClient, FeedSync
from storage.feed.write import FeedWriter
from tests.admin_helpers import fingerprint
from tests.fake_football_data import FakeFootballData, match_node, score
from tests.scheduler_fakes import FakeClock, at
from tests.test_feed_sync import stored

ADMIN = Actor("discord", "42", "Admin", is_admin=True)


async def test_never_over_the_rate_limit_it_waits_instead(
        feed_sync: FeedSync, feed: FakeFootballData, clock: FakeClock) -> None:
    start = clock.now()
    for _ in range(25):
        [report] = await feed_sync.run_pass()
        assert report.error is None
    assert feed.refused == 0 and feed.max_in_window() <= 10
    assert len(feed.requests) == 26                     # 25 passes + the teams once
    assert clock.now() - start >= timedelta(minutes=2)  # it waited, it did not fail


async def test_a_429_is_waited_out_then_the_pass_succeeds(
        feed_sync: FeedSync, feed: FakeFootballData, clock: FakeClock) -> None:
    for _ in range(10):                                 # another process used the minute up
        feed.requests.append((clock.now(), "free-token", "/elsewhere"))
    start = clock.now()
    [report] = await feed_sync.run_pass()
    assert report.error is None and report.added == 1
    assert feed.refused == 1
    assert clock.now() - start >= timedelta(seconds=59)


async def test_a_wrong_token_is_a_clear_403_and_writes_nothing(
        demo_store: Store, feed: FakeFootballData, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    bad = FeedClient("not-the-token", feed.api_url, now=clock.now, sleep=clock.sleep)
    before = await fingerprint(demo_store)
    try:
        [report] = await FeedSync(demo_store, bad, ["CL"], now=clock.now).run_pass()
    finally:
        await bad.close()
    assert "403" in (report.error or "") and "FOOTBALL_DATA_TOKEN" in (report.error or "")
    assert await fingerprint(demo_store) == before
    assert "not-the-token" not in caplog.text


@pytest.mark.parametrize("fault, words", [(503, "answered 503"), ("html", "not JSON"),
                                          (500, "answered 500")])
async def test_server_faults_leave_the_database_as_it_was(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData, fault: object,
        words: str, caplog: pytest.LogCaptureFixture) -> None:
    feed.faults.append(fault)  # type: ignore[arg-type]
    before = await fingerprint(demo_store)
    [report] = await feed_sync.run_pass()
    assert words in (report.error or "")
    assert await fingerprint(demo_store) == before
    assert any("CL not synced, nothing written" in r.getMessage() for r in caplog.records)
    [again] = await feed_sync.run_pass()                     # the next pass recovers
    assert again.added == 1


async def test_a_timeout_is_reported_and_writes_nothing(
        demo_store: Store, feed: FakeFootballData, clock: FakeClock) -> None:
    feed.stall = 2.0
    feed.faults.append("timeout")
    slow = FeedClient("free-token", feed.api_url, now=clock.now, sleep=clock.sleep,
                      timeout=0.2)
    before = await fingerprint(demo_store)
    try:
        [report] = await FeedSync(demo_store, slow, ["CL"], now=clock.now).run_pass()
    finally:
        await slow.close()
    assert "no answer within" in (report.error or "")
    assert await fingerprint(demo_store) == before


async def test_finished_back_to_in_play_keeps_the_result_then_a_new_score_is_a_correction(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    clock.move_to(at("2026-11-25T22:00:00"))
    feed.update(600001, status="FINISHED", score=score((2, 1), (1, 0)))
    await feed_sync.run_pass()
    played = await stored(demo_store, 600001)
    feed.update(600001, status="IN_PLAY", score=score((2, 1), (1, 0)))
    before = await fingerprint(demo_store)
    [report] = await feed_sync.run_pass()
    assert await fingerprint(demo_store) == before and report.live
    assert any("FINISHED back to IN_PLAY" in r.getMessage() for r in caplog.records)
    clock.advance(minutes=20)
    feed.update(600001, status="FINISHED", score=score((2, 2), (1, 0)))
    [report] = await feed_sync.run_pass()
    m = await stored(demo_store, 600001)
    assert report.corrected == [m["id"]] and report.completed == []
    assert (m["ft_home"], m["ft_away"], m["result_at"]) == (2, 2, played["result_at"])
    assert m["corrected_at"] == "2026-11-25T22:20:00+00:00"


async def test_a_postponed_match_with_a_new_date_moves_the_same_fixture(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData) -> None:
    await feed_sync.run_pass()
    first = await stored(demo_store, 600001)
    feed.update(600001, status="POSTPONED")
    await feed_sync.run_pass()
    assert (await stored(demo_store, 600001))["status"] == "postponed"
    feed.update(600001, status="TIMED", utcDate="2026-12-09T17:45:00Z")
    await feed_sync.run_pass()
    moved = await stored(demo_store, 600001)
    assert (moved["id"], moved["status"], moved["date"], moved["kickoff_utc"]) == (
        first["id"], "scheduled", "2026-12-09", "2026-12-09T17:45:00Z")
    assert len(await demo_store.db.execute_fetchall(
        "SELECT 1 FROM matches WHERE home_id = ? AND away_id = ? AND date >= '2026-07-01'",
        (first["home_id"], first["away_id"]))) == 1


async def test_a_fixture_that_disappears_is_called_off_with_a_log_line(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData,
        caplog: pytest.LogCaptureFixture) -> None:
    await feed_sync.run_pass()
    feed.remove(600001)
    await feed_sync.run_pass()
    m = await stored(demo_store, 600001)
    assert (m["status"], m["note"]) == ("cancelled", "no longer in the football-data.org feed")
    assert any("no longer lists match 600001" in r.getMessage() for r in caplog.records)


async def test_an_admin_correction_wins_and_the_difference_is_in_the_admin_log(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData, clock: FakeClock) -> None:
    await feed_sync.run_pass()
    clock.move_to(at("2026-11-25T22:00:00"))
    core = Core(demo_store, now=clock.now)
    reply = await core.ask("admin result Liverpool 3-1 Real Madrid", actor=ADMIN, place="c1")
    assert reply.kind == "answer", reply.title
    feed.update(600001, status="FINISHED", score=score((2, 1), (1, 0)))
    [report] = await feed_sync.run_pass()
    m = await stored(demo_store, 600001)
    assert (m["ft_home"], m["ft_away"]) == (3, 1)               # the admin's score stands
    assert len(report.conflicts) == 1 and "the feed says 2-1" in report.conflicts[0]
    log = await core.ask("admin log", actor=ADMIN, place="c1")
    assert any("feed says 2-1" in str(row) for row in log.table.rows)  # type: ignore[union-attr]
    before = await fingerprint(demo_store)
    await feed_sync.run_pass()                                       # said once, not every pass
    assert await fingerprint(demo_store) == before


async def test_a_team_without_a_country_is_reported_never_guessed(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData) -> None:
    node = match_node(600050, 64, 86, "2026-12-01T20:00:00Z")
    node["awayTeam"] = {"id": 99999, "name": "Mystery FC", "shortName": "Mystery",
                        "tla": "MYS", "crest": None}
    feed.add(node)
    clubs = len(await demo_store.clubs())
    [report] = await feed_sync.run_pass()
    assert any("Mystery FC" in s and "no country" in s for s in report.skipped)
    assert len(await demo_store.clubs()) == clubs and await stored(demo_store, 600050) == {}
    assert report.added == 1                                    # the rest still synced
    requests = len(feed.requests)
    [again] = await feed_sync.run_pass()
    assert len(feed.requests) == requests + 1                   # /teams is not asked again
    assert any("Mystery FC" in s for s in again.skipped)


async def test_score_parts_that_do_not_add_up_are_refused(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData) -> None:
    feed.add(match_node(600060, 5, 108, "2026-11-20T20:00:00Z", status="FINISHED",
                        score_node=score((3, 5), (0, 0), duration="PENALTY_SHOOTOUT",
                                         regular=(1, 1), extra=(0, 0), pens=(4, 2))))
    [report] = await feed_sync.run_pass()
    assert any("600060" in s and "do not add up" in s for s in report.skipped)
    assert await stored(demo_store, 600060) == {}


async def test_a_crash_mid_pass_leaves_nothing_half_written(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData,
        monkeypatch: pytest.MonkeyPatch) -> None:
    feed.add(match_node(600070, 5, 108, "2026-12-01T20:00:00Z"))
    real = FeedWriter.write
    calls = []

    async def dying(self: FeedWriter, fm: object, leg: str) -> object:
        calls.append(fm)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return await real(self, fm, leg)  # type: ignore[arg-type]

    monkeypatch.setattr(FeedWriter, "write", dying)
    before = await fingerprint(demo_store)
    with pytest.raises(RuntimeError):
        await feed_sync.run_pass()
    assert await fingerprint(demo_store) == before


def test_logging_is_quiet_about_the_token(caplog: pytest.LogCaptureFixture) -> None:
    from bot.settings import Secret

    client = FeedClient(Secret("s3cret-token"), "http://127.0.0.1:9/v4")
    logging.getLogger("test").warning("client %r", client)
    assert "s3cret" not in caplog.text and "s3cret" not in repr(client.__dict__.get("limit"))
