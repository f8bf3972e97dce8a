"""The name index at start: the lean read, the paused collector, the admin near-miss scan."""

from __future__ import annotations

import asyncio
import gc
import threading

from rapidfuzz import fuzz, process

from bot.commands import Command
from bot.context import Context
from bot.core import Core
from bot.families.admin_players import NEAR_MISS, PlayerBook
from bot.names import NameIndex, gc_paused
from storage import Store, fold


def book(core: Core) -> PlayerBook:
    return PlayerBook(Context(core.store, core.names, core.now, Command("admin result")))


async def fresh(store: Store) -> NameIndex:
    index = NameIndex()
    await index.refresh(store)
    return index


async def test_a_club_whose_name_has_no_alias_row_keeps_its_folded_key(core: Core) -> None:
    """The own-name alias is left out of the read; without it the name is folded instead,
    and the index updated in place equals a fresh one."""
    store, index = core.store, core.names
    await index.refresh(store)
    real = index.resolve("Real Madrid")
    async with store.transaction() as db:
        await db.execute("DELETE FROM club_aliases WHERE club_id = ? AND alias = ?",
                         (real.id, "Real Madrid"))
        await db.execute("INSERT INTO club_aliases (key, country, club_id, alias) "
                         "VALUES ('real madrid', 'ENG', ?, 'REAL MADRID')", (real.id,))
    await index.refresh(store)
    assert index.own_key[("club", real.id)] == fold("Real Madrid")
    assert index.resolve("real madrid").id == real.id
    assert "Real Madrid" in index.complete("real m", ("club",))
    assert index.state() == (await fresh(store)).state()


async def test_an_alias_spelling_the_name_in_another_country_changes_nothing(
        core: Core) -> None:
    store, index = core.store, core.names
    await index.refresh(store)
    before = index.state()
    liverpool = index.resolve("Liverpool")
    async with store.transaction() as db:
        await db.execute("INSERT INTO club_aliases (key, country, club_id, alias) "
                         "VALUES ('liverpool', 'WAL', ?, 'Liverpool')", (liverpool.id,))
    await index.refresh(store)
    assert index.state() == before == (await fresh(store)).state()


def brute_near_miss(index: NameIndex, key: str) -> str | None:
    """The rule as written: each player's best part, the first player with the best score."""
    best, best_score = None, 0.0
    for entity in index.entities.values():
        if entity.kind != "player":
            continue
        full = fold(entity.name)
        parts = [full, *full.split()] if " " not in key else [full]
        score = max(fuzz.ratio(key, p) for p in parts)
        if score >= NEAR_MISS and score > best_score:
            best, best_score = entity.name, score
    return best


async def test_the_near_miss_is_the_first_player_with_the_best_score(history: Core) -> None:
    index = history.names
    await index.refresh(history.store)
    names, _ = index.players()
    keys = ["salha", "mohamed salha", "benzma", "ronaldoo", "qqqq", "kroos", "mane"]
    for name in names[::7]:
        key = fold(name)
        keys += [key[:-1], key.split()[-1][1:], "x" + key]
    found = [book(history).near_miss(k) for k in keys]
    assert found == [brute_near_miss(index, k) for k in keys]
    assert sum(f is not None for f in found) > len(keys) // 3


async def test_a_player_added_after_a_near_miss_check_is_seen_by_the_next(core: Core) -> None:
    index = core.names
    await index.refresh(core.store)
    assert book(core).near_miss("bellinghm") is None
    async with core.store.transaction():
        await core.store.insert_player("Jude Bellingham")
    await index.refresh(core.store)
    assert book(core).near_miss("bellinghm") == "Jude Bellingham"


async def test_the_fuzzy_scores_are_those_of_a_scan_of_every_key(history: Core) -> None:
    """The pruned fuzzy match finds what scoring every key finds, in the same order."""
    index = history.names
    await index.refresh(history.store)
    keys = index.keys
    queries = ["real madird", "livrpool", "bayrn munich", "real barcelona", "fc zz", "a"]
    for key in keys[::9]:
        cut = len(key) // 2
        queries += [key[:cut] + key[cut + 1:], key.split()[0] + " zz", key[::-1][:8]]
    for query in queries:
        full = process.extract(query, keys, scorer=fuzz.token_set_ratio, limit=20,
                               score_cutoff=60)
        assert [s[:2] for s in index.fuzzy_scores(query)] == [s[:2] for s in full], query


def test_the_collector_comes_back_after_nested_pauses_from_two_threads() -> None:
    assert gc.isenabled()
    inner = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with gc_paused():
            inner.set()
            release.wait(5)
    thread = threading.Thread(target=hold)
    with gc_paused():
        thread.start()
        inner.wait(5)
        assert not gc.isenabled()
    assert not gc.isenabled()          # the thread still holds it
    release.set()
    thread.join(5)
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()      # off before: stays off
    finally:
        gc.enable()


async def test_refreshes_at_once_build_the_index_once(demo_store: Store) -> None:
    """At start the adapter, the warm-up and the first question refresh together."""
    index = NameIndex()
    await asyncio.gather(*(index.refresh(demo_store) for _ in range(3)))
    assert index.generation == 1
    assert index.resolve("Liverpool").name == "Liverpool"
