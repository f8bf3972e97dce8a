"""Speed work that must not change behaviour: caches that stay warm, limited reads, indexes."""

from __future__ import annotations

import pytest

from bot.commands import Actor
from bot.core import Core
from storage import Store

ADMIN = Actor("discord", "1", "A", True)


async def test_bookkeeping_writes_keep_the_results_cache_and_the_name_index(
        demo_store: Store) -> None:
    core = Core(demo_store)
    assert (await core.ask("streak Liverpool")).kind == "answer"
    version, index = demo_store.data_version, core.names.version
    cached = dict(demo_store._cache())
    assert cached, "the answer filled the results cache"
    assert (await core.ask("subscribe Liverpool", actor=ADMIN, place="c1")).kind == "answer"
    [match] = await demo_store.matches(limit=1)
    key = ("discord", "c1", match.id, "result")
    assert await demo_store.claim_post(key, "2026-01-01T00:00:00")
    await demo_store.finish_post(key, "sent", "2026-01-01T00:00:01", "ref")
    assert await demo_store.skip_post(("discord", "c1", match.id, "preview-60"),
                                      "2026-01-01T00:00:01", "too late")
    await demo_store.channel_failed("discord", "c1", "boom", "2026-01-01T00:00:02", 3, False)
    await demo_store.channel_ok("discord", "c1")
    assert (await core.ask("unsubscribe Liverpool", actor=ADMIN, place="c1")).kind == "answer"
    assert (await core.ask("streak Liverpool")).kind == "answer"
    assert demo_store.data_version == version
    assert core.names.version == index
    assert demo_store._cache() == cached
    async with demo_store.transaction():        # football data: caches start afresh
        await demo_store.insert_club("Newcastle Town", "ENG")
    assert demo_store.data_version == version + 1
    await core.names.refresh(demo_store)
    assert core.names.resolve("Newcastle Town").name == "Newcastle Town"


@pytest.mark.parametrize("club", ["Liverpool", "Real Madrid", "Celtic", "Atalanta"])
async def test_last_matches_is_the_tail_of_the_timeline(history: Core, club: str) -> None:
    store = history.store
    await history.names.refresh(store)
    club_id = history.names.resolve(club).id
    for scope in [((), (), None, None), (("UCL",), ("knockout",), None, None),
                  ((), ("qualifying",), 1990, "2010-01-01"), (("UCL",), (), 1992, "2021-04-10")]:
        timeline = await store.timeline(club_id, *scope)
        for n in (1, 6, 50):
            assert await store.last_matches(club_id, n, *scope) == timeline[-n:], (scope, n)


def plan(rows: list) -> str:
    return " | ".join(r[3] for r in rows)


async def test_meetings_finals_and_assists_read_through_their_indexes(
        history: Core, validation_core: Core) -> None:
    store = history.store
    pair = await store.fetchall(
        "EXPLAIN QUERY PLAN SELECT id FROM matches m WHERE (m.home_id IN (1) AND m.away_id "
        "IN (2)) OR (m.away_id IN (1) AND m.home_id IN (2))")
    assert plan(pair).count("matches_pair") == 2, plan(pair)
    finals = await store.fetchall(
        "EXPLAIN QUERY PLAN SELECT id FROM matches m WHERE m.round = 'F' AND m.date < ?",
        ("2020-01-01",))
    assert "matches_round" in plan(finals), plan(finals)
    assists = await validation_core.store.fetchall(
        "EXPLAIN QUERY PLAN SELECT match_id FROM goals g WHERE g.assist_player_id = 5")
    assert "goals_assist" in plan(assists), plan(assists)


async def test_an_import_leaves_fresh_planner_statistics(history: Core) -> None:
    rows = await history.store.fetchall("SELECT tbl FROM sqlite_stat1")
    assert {"matches", "goals", "clubs"} <= {r[0] for r in rows}
