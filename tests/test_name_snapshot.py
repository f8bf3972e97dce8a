"""The name index's snapshot (storage/name_snapshot.py): a start reads it and replays the
change log since, and gives what a full read of every name gives; a snapshot it cannot use
is passed over for the full read."""

from __future__ import annotations

import marshal
import zlib
from dataclasses import replace
from pathlib import Path

from bot.core import Core
from bot.names import NameIndex
from storage import Store
from storage.importers import import_files
from storage.names import NameColumns

MARK = "Name From The Snapshot"


async def marked_snapshot(store: Store, club_id: int) -> None:
    """Keep a snapshot in which one club bears MARK: only a start that reads the snapshot,
    and not the club's row, can give that name."""
    columns = await store.name_columns()
    names = list(columns.club_names)
    names[columns.club_ids.index(club_id)] = MARK
    await store.save_name_snapshot(replace(columns, club_names=names))


def name_of(columns: NameColumns, club_id: int) -> str:
    return columns.club_names[columns.club_ids.index(club_id)]


async def snapshot_rows(store: Store) -> list[tuple[int, int]]:
    rows = await store.db.execute_fetchall("SELECT format, seq FROM name_snapshot")
    return [(r[0], r[1]) for r in rows]


async def test_a_start_reads_the_snapshot_and_reads_again_only_what_changed(
        core: Core) -> None:
    store = core.store
    await core.names.refresh(store)
    chelsea, liverpool = core.names.resolve("Chelsea").id, core.names.resolve("Liverpool").id
    await marked_snapshot(store, chelsea)
    await marked_snapshot(store, liverpool)   # the club the write below touches
    async with store.transaction() as db:
        await db.execute("UPDATE clubs SET name = 'Liverpool FC' WHERE id = ?", (liverpool,))
    columns = await store.whole_name_columns()
    assert name_of(columns, liverpool) == "Liverpool FC"    # touched: read again
    await marked_snapshot(store, chelsea)
    columns = await store.whole_name_columns()
    assert name_of(columns, chelsea) == MARK                 # untouched: from the snapshot
    index = NameIndex()
    await index.refresh(store)
    assert index.entities[("club", chelsea)].name == MARK   # the index starts from it


async def test_a_start_from_the_snapshot_equals_a_full_read_after_every_kind_of_write(
        core: Core) -> None:
    store = core.store
    await core.names.refresh(store)
    real, liverpool = core.names.resolve("Real Madrid").id, core.names.resolve("Liverpool").id
    await store.save_name_snapshot(await store.name_columns())
    async with store.transaction() as db:
        club = await store.insert_club("Newcastle Town", "ENG")
        await store.insert_club_alias(club, "The Lads of Town", "ENG")
        await store.insert_club_alias(real, "Los Blancos", "ESP")
        await db.execute("UPDATE clubs SET name = 'Liverpool FC' WHERE id = ?", (liverpool,))
        gone = await store.insert_club("Short Lived Athletic", "ENG")
    async with store.transaction() as db:
        await db.execute("DELETE FROM clubs WHERE id = ?", (gone,))
        player = await store.insert_player("Jude Bellingham")
        await store.insert_player_alias(player, "Belli")
    line = "Real Madrid 2-1 Liverpool FC round:QF leg:2 date:2026-11-18"
    assert (await core.ask("admin result " + line)).kind == "answer"   # two clubs' weights
    match = (await store.db.execute_fetchall("SELECT MAX(id) FROM matches"))[0][0]
    async with store.transaction() as db:
        await db.execute("INSERT INTO goals (match_id, team_id, player_id, minute) "
                         "VALUES (?, ?, ?, 12)", (match, real, player))   # a scorer's weight
    whole = await store.name_columns()
    assert await store.whole_name_columns() == whole
    assert whole.player_weights[player] == 1 and gone not in whole.club_ids
    index = NameIndex()
    await index.refresh(store)
    assert index.resolve("Belli", ("player",)).id == player
    assert index.resolve("Lads of Town").id == club


async def test_a_damaged_foreign_or_unreachable_snapshot_is_passed_over(core: Core) -> None:
    store = core.store
    await core.names.refresh(store)
    chelsea = core.names.resolve("Chelsea").id
    real_name = name_of(await store.name_columns(), chelsea)
    garbage = marshal.dumps(("not", "columns"))
    spoilers = [
        "UPDATE name_snapshot SET columns = substr(columns, 1, 100)",      # cut short
        f"UPDATE name_snapshot SET columns = x'{garbage.hex()}', "
        f"crc = {zlib.crc32(garbage)}",                                    # whole, not columns
        "UPDATE name_snapshot SET format = format + 1",                     # another format
    ]
    for spoil in spoilers:
        await marked_snapshot(store, chelsea)
        async with store.transaction(football=False) as db:
            await db.execute(spoil)
        assert name_of(await store.whole_name_columns(), chelsea) == real_name, spoil
    await marked_snapshot(store, chelsea)
    async with store.transaction() as db:   # a change, then the log trimmed (as by an import)
        await store.insert_player("Jude Bellingham")
        await store.trim_name_changes()
    assert name_of(await store.whole_name_columns(), chelsea) == real_name


async def test_a_full_read_is_kept_as_the_next_starts_snapshot(core: Core) -> None:
    store = core.store
    store.name_snapshot_from = 0
    async with store.transaction(football=False) as db:
        await db.execute("DELETE FROM name_snapshot")
    columns = await store.whole_name_columns()
    await store.name_snapshot_kept()
    assert await snapshot_rows(store) == [(1, columns.seq)]
    chelsea = columns.club_ids[0]
    await marked_snapshot(store, chelsea)
    assert name_of(await store.whole_name_columns(), chelsea) == MARK


async def test_a_small_database_keeps_no_snapshot(core: Core) -> None:
    await core.names.refresh(core.store)
    await core.store.name_snapshot_kept()
    assert await snapshot_rows(core.store) == []


async def test_keeping_the_snapshot_changes_no_football_data(core: Core) -> None:
    """It is bookkeeping: the results cache, the derived cache and the index stay warm."""
    store = core.store
    await core.names.refresh(store)
    liverpool = core.names.resolve("Liverpool").id
    await store.timeline(liverpool)
    version, generation = store.data_version, core.names.generation
    await store.save_name_snapshot(await store.name_columns())
    assert store.data_version == version
    assert (await store.derived_peek(("timeline", liverpool, (), (), None, None)))[0]
    await core.names.refresh(store)
    assert core.names.generation == generation


async def test_an_import_leaves_a_snapshot_the_next_start_uses(
        demo_store: Store, tmp_path: Path) -> None:
    store = demo_store
    store.name_snapshot_from = 0
    (tmp_path / "england.csv").write_text(
        '"Date","Season","home","visitor","FT","hgoal","vgoal","division","tier"\n'
        '"2024-08-17",2024,"Bolton Wanderers","Derby County","3-1",3,1,"1",1\n')
    await import_files(store, "engsoccerdata", [tmp_path / "england.csv"])
    seq = await store.name_change_seq()
    assert await snapshot_rows(store) == [(1, seq)]
    columns = await store.whole_name_columns()
    assert columns == await store.name_columns()
    assert "Bolton Wanderers" in columns.club_names
