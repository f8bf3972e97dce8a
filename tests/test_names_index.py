"""The name index: built in two parts, kept up to date by only what a write touched."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import bot.names
from bot.core import Core
from bot.errors import UnknownName
from bot.names import NameIndex
from storage import Store
from storage.importers import import_files


async def fresh(store: Store) -> NameIndex:
    index = NameIndex()
    await index.refresh(store)
    return index


async def test_a_new_club_alias_and_player_are_found_at_once_and_nothing_is_rebuilt(
        core: Core) -> None:
    store, index = core.store, core.names
    await index.refresh(store)
    fuzzy, words, seq = index.keys, index._words_part(), index.seq
    async with store.transaction():
        club = await store.insert_club("Newcastle Town", "ENG")
        await store.insert_club_alias(club, "The Lads of Town", "ENG")
        real = index.resolve("Real Madrid").id
        await store.insert_club_alias(real, "Los Blancos", "ESP")
        player = await store.insert_player("Jude Bellingham")
    await index.refresh(store)
    assert index.seq > seq                                 # the change log applied ...
    assert index.keys is fuzzy and index._words_part() is words   # ... nothing rebuilt
    assert index.resolve("Newcastle Town").id == club
    assert index.resolve("lads of town").id == club        # by its alias
    assert index.resolve("Los Blancos").id == real
    assert index.resolve("Bellingham", ("player",)).id == player   # by a word
    assert index.resolve("Newcastel Town").id == club      # a typo, fuzzily
    assert "Newcastle Town" in index.complete("newc", ("club",))
    assert index.state() == (await fresh(store)).state()


async def test_a_renamed_club_moves_and_a_deleted_one_goes(core: Core) -> None:
    store, index = core.store, core.names
    await index.refresh(store)
    async with store.transaction():
        club = await store.insert_club("Newcastle Town", "ENG")
    await index.refresh(store)
    async with store.transaction() as db:
        await db.execute("UPDATE clubs SET name = 'Newcastle Borough' WHERE id = ?", (club,))
    await index.refresh(store)
    assert index.resolve("Newcastle Borough").id == club
    assert index.entities[("club", club)].name == "Newcastle Borough"
    assert index.complete("newcastle b", ("club",)) == ["Newcastle Borough"]
    assert index.resolve("Newcastle Town").id == club      # the old name stays an alias
    assert index.state() == (await fresh(store)).state()
    async with store.transaction() as db:
        await db.execute("DELETE FROM clubs WHERE id = ?", (club,))
    await index.refresh(store)
    with pytest.raises(UnknownName):
        index.resolve("Newcastle Borough")
    assert "Newcastle Borough" not in index.complete("newc", ("club",))
    assert index.state() == (await fresh(store)).state()


async def test_a_match_changes_only_its_two_clubs_weights(core: Core) -> None:
    store, index = core.store, core.names
    await index.refresh(store)
    liverpool, real = index.resolve("Liverpool"), index.resolve("Real Madrid")
    before = dict(index.weight)
    line = "Real Madrid 1-1 Liverpool round:QF leg:2 date:2026-11-18"
    assert (await core.ask("admin result " + line)).kind == "answer"
    await index.refresh(store)
    after = dict(index.weight)
    changed = {ref for ref in after if after[ref] != before.get(ref)}
    assert changed == {("club", liverpool.id), ("club", real.id)}
    assert after[("club", real.id)] == before[("club", real.id)] + 1
    assert index.state() == (await fresh(store)).state()


async def test_a_bulk_import_ends_in_a_correct_index(core: Core, tmp_path: Path) -> None:
    store, index = core.store, core.names
    await index.refresh(store)
    (tmp_path / "england.csv").write_text(
        '"Date","Season","home","visitor","FT","hgoal","vgoal","division","tier"\n'
        '"2024-08-17",2024,"Bolton Wanderers","Derby County","3-1",3,1,"1",1\n'
        '"2024-12-26",2024,"Derby County","Liverpool","0-0",0,0,"1",1\n')
    await import_files(store, "engsoccerdata", [tmp_path / "england.csv"])
    await index.refresh(store)
    assert index.resolve("Bolton Wanderers").name == "Bolton Wanderers"
    assert index.resolve("Derby").name == "Derby County"
    assert index.state() == (await fresh(store)).state()


async def test_the_word_part_built_in_the_background_answers_a_typo(
        demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """At start exact names answer at once; a typo waits for the word part, then resolves."""
    release = threading.Event()
    real_build = bot.names.build_words

    def held(*args: object) -> bot.names.Words:
        release.wait(10)
        return real_build(*args)  # type: ignore[arg-type]
    monkeypatch.setattr(bot.names, "build_words", held)
    index = NameIndex(background_from=0)
    await index.refresh(demo_store)
    assert not index.words_built
    assert index.resolve("Liverpool").name == "Liverpool"   # exact: no wait
    assert index.resolve("real madrid cf").name == "Real Madrid"   # an alias: no wait
    assert not index.words_built
    threading.Timer(0.05, release.set).start()
    assert index.resolve("Livrpool").name == "Liverpool"    # waits for the word part
    assert index.words_built
    monkeypatch.setattr(bot.names, "build_words", real_build)
    inline = await fresh(demo_store)
    assert index.state() == inline.state()


async def test_a_write_during_the_background_build_waits_for_it(demo_store: Store) -> None:
    index = NameIndex(background_from=0)
    await index.refresh(demo_store)
    async with demo_store.transaction():
        club = await demo_store.insert_club("Newcastle Town", "ENG")
    await index.refresh(demo_store)
    assert index.words_built
    assert index.resolve("Newcastle Twn").id == club
    assert index.state() == (await fresh(demo_store)).state()
