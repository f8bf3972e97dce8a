"""The sync pass against the fake football-data.org: what it adds, maps, completes and keeps."""

from __future__ import annotations

from storage import Store
from storage.feed import FeedSync
from tests.admin_helpers import fingerprint
from tests.fake_football_data import FakeFootballData, goal, match_node, score
from tests.feed_fixtures import KICKOFF
from tests.scheduler_fakes import FakeClock, at


async def club_id(store: Store, name: str) -> int:
    [(cid,)] = await store.db.execute_fetchall("SELECT id FROM clubs WHERE name = ?", (name,))
    return cid


async def stored(store: Store, feed_id: int) -> dict:
    rows = await store.db.execute_fetchall(
        "SELECT m.* FROM matches m JOIN external_ids e ON e.local_id = m.id "
        "WHERE e.kind = 'match' AND e.external_id = ?", (str(feed_id),))
    return dict(rows[0]) if rows else {}


async def test_first_pass_adds_the_fixture_with_our_clubs_and_feed_ids(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData) -> None:
    clubs_before = len(await demo_store.clubs())
    [report] = await feed_sync.run_pass()
    assert (report.added, report.updated, report.unchanged, report.error) == (1, 0, 0, None)
    m = await stored(demo_store, 600001)
    assert m["home_id"] == await club_id(demo_store, "Liverpool")     # Liverpool FC is ours
    assert m["away_id"] == await club_id(demo_store, "Real Madrid")
    assert (m["status"], m["kickoff_utc"], m["date"], m["round"], m["leg"], m["stage"]) == (
        "scheduled", KICKOFF, "2026-11-25", "LP", "single", "league")
    assert len(await demo_store.clubs()) == clubs_before              # no club invented
    teams = await demo_store.db.execute_fetchall(
        "SELECT external_id FROM external_ids WHERE kind = 'team' ORDER BY 1")
    assert [r[0] for r in teams] == ["64", "86"]
    [entry] = await demo_store.audit_entries(1)
    assert (entry.actor, entry.action) == ("feed:football-data.org", "feed.sync")
    assert "1 added" in entry.summary


async def test_an_unchanged_feed_writes_nothing(feed_sync: FeedSync, demo_store: Store,
                                                feed: FakeFootballData) -> None:
    await feed_sync.run_pass()
    before = await fingerprint(demo_store)
    changes = demo_store.db.total_changes
    [report] = await feed_sync.run_pass()
    assert (report.added, report.updated, report.unchanged) == (0, 0, 1)
    assert await fingerprint(demo_store) == before
    assert demo_store.db.total_changes == changes        # not one row touched
    assert len(feed.requests) == 3                       # matches, teams once, matches


async def test_finishing_completes_the_fixture_and_marks_it_due_a_result(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData, clock: FakeClock) -> None:
    await feed_sync.run_pass()
    clock.move_to(at("2026-11-25T21:55:00"))
    feed.update(600001, status="FINISHED", score=score((2, 1), (1, 1)))
    [report] = await feed_sync.run_pass()
    m = await stored(demo_store, 600001)
    assert (report.updated, report.completed) == (1, [m["id"]])
    assert (m["status"], m["ft_home"], m["ft_away"], m["ht_home"], m["ht_away"]) == (
        "played", 2, 1, 1, 1)
    assert m["result_at"] == "2026-11-25T21:55:00+00:00"
    assert m["source"] == "football-data"


async def test_extra_time_and_shootout_scores_map_as_the_v4_docs_define_them(
        feed_sync: FeedSync, demo_store: Store, feed: FakeFootballData) -> None:
    feed.add(match_node(600010, 5, 108, "2026-03-10T20:00:00Z", status="FINISHED",
                        stage="LAST_16", matchday=None, score_node=score(
                            (1, 3), (0, 1), duration="EXTRA_TIME", regular=(1, 1),
                            extra=(0, 2))))
    feed.add(match_node(600011, 524, 678, "2026-03-11T20:00:00Z", status="FINISHED",
                        stage="LAST_16", matchday=None, score_node=score(
                            (6, 5), (0, 0), duration="PENALTY_SHOOTOUT", regular=(1, 1),
                            extra=(0, 0), pens=(5, 4))))
    await feed_sync.run_pass()
    et, pens = await stored(demo_store, 600010), await stored(demo_store, 600011)
    assert (et["ft_home"], et["ft_away"], et["aet_home"], et["aet_away"], et["pen_home"]) == (
        1, 1, 1, 3, None)
    assert (pens["ft_home"], pens["ft_away"], pens["aet_home"], pens["aet_away"],
            pens["pen_home"], pens["pen_away"]) == (1, 1, 1, 1, 5, 4)
    inter = await demo_store.db.execute_fetchall(
        "SELECT c.name, c.country FROM clubs c WHERE c.id = ?", (et["away_id"],))
    assert tuple(inter[0]) == ("Inter", "ITA")            # the curated alias, not a new club


async def test_two_legged_ties_are_paired_by_date(feed_sync: FeedSync, demo_store: Store,
                                                  feed: FakeFootballData) -> None:
    feed.add(match_node(600020, 86, 64, "2027-02-17T20:00:00Z", status="FINISHED",
                        stage="LAST_16", matchday=None, score_node=score((2, 0), (1, 0))))
    feed.add(match_node(600021, 64, 86, "2027-03-10T20:00:00Z", status="FINISHED",
                        stage="LAST_16", matchday=None, score_node=score((3, 0), (1, 0))))
    await feed_sync.run_pass()
    first, second = await stored(demo_store, 600020), await stored(demo_store, 600021)
    assert (first["leg"], second["leg"]) == ("1", "2")
    [tie] = await demo_store.db.execute_fetchall(
        "SELECT agg_a, agg_b, winner_id, decided_by FROM ties WHERE first_leg_id = ?",
        (first["id"],))
    assert tuple(tie) == (2, 3, await club_id(demo_store, "Liverpool"), "aggregate")


async def test_deep_data_stores_goals_and_appearances(
        demo_store: Store, feed: FakeFootballData, clock: FakeClock) -> None:
    from storage.feed import FeedClient

    feed.tokens["deep-token"] = "deep"
    node = match_node(600030, 64, 86, "2026-11-20T20:00:00Z", status="FINISHED",
                      score_node=score((2, 1), (1, 0)), goals=[
                          goal(14, 64, (1001, "Mohamed Salah"), (1, 0),
                               assist=(1002, "Trent Alexander-Arnold")),
                          goal(45, 86, (1001, "Mohamed Salah"), (1, 1), kind="OWN", injury=2),
                          goal(60, 64, (1003, "Darwin Núñez"), (2, 1), kind="PENALTY")])
    node["homeTeam"]["lineup"] = [{"id": 1001, "name": "Mohamed Salah", "position": "Offence",
                                   "shirtNumber": 11},
                                  {"id": 1002, "name": "Trent Alexander-Arnold",
                                   "position": "Defence", "shirtNumber": 66}]
    node["substitutions"] = [{"minute": 70, "team": {"id": 64, "name": "Liverpool FC"},
                              "playerOut": {"id": 1001, "name": "Mohamed Salah"},
                              "playerIn": {"id": 1003, "name": "Darwin Núñez"}}]
    feed.add(node)
    deep = FeedClient("deep-token", feed.api_url, now=clock.now, sleep=clock.sleep)
    try:
        [report] = await FeedSync(demo_store, deep, ["CL"], now=clock.now).run_pass()
    finally:
        await deep.close()
    assert report.deep is True
    m = await stored(demo_store, 600030)
    goals = await demo_store.goals([m["id"]])
    assert [(g.player, g.minute, g.stoppage, g.penalty, g.own_goal, g.assist,
             g.team_id == m["home_id"]) for g in goals] == [
        ("Mohamed Salah", 14, None, False, False, "Trent Alexander-Arnold", True),
        ("Mohamed Salah", 45, 2, False, True, None, False),
        ("Darwin Núñez", 60, None, True, False, None, True)]
    apps = await demo_store.db.execute_fetchall(
        "SELECT p.name, a.started, a.minute_on, a.minute_off, a.minutes FROM appearances a "
        "JOIN players p ON p.id = a.player_id WHERE a.match_id = ? ORDER BY p.name", (m["id"],))
    assert [tuple(r) for r in apps] == [("Darwin Núñez", 0, 70, None, 20),
                                        ("Mohamed Salah", 1, None, 70, 70),
                                        ("Trent Alexander-Arnold", 1, None, None, 90)]


async def test_without_deep_data_results_only_said_once(
        feed_sync: FeedSync, feed: FakeFootballData, caplog) -> None:  # noqa: ANN001
    feed.add(match_node(600040, 5, 108, "2026-11-20T20:00:00Z", status="FINISHED",
                        score_node=score((1, 0), (0, 0)), goals=[
                            goal(10, 5, (2001, "Harry Kane"), (1, 0))]))
    await feed_sync.run_pass()
    await feed_sync.run_pass()
    said = [r for r in caplog.records if "results only" in r.getMessage()]
    assert len(said) == 1
