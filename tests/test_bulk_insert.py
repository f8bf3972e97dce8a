"""The bulk insert of matches (storage/bulk_insert.py) leaves the database as the per-row
triggers would have, and a failed bulk insert leaves the triggers and the data untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import Store
from storage.bulk_insert import (
    CHANGED,
    COUNTED,
    bypassed_triggers,
    insert_matches,
    insert_triggers,
    secondary_indexes,
)

COLUMNS = ("season_id", "stage", "round", "leg", "date", "home_id", "away_id", "ft_home",
           "ft_away", "source")


async def _seed(store: Store) -> tuple[int, list[int]]:
    """A season and four clubs, one of them with a match already (its count is 1)."""
    async with store.transaction():
        comp = await store.ensure_competition("TST1", "Test League", None)
        season = await store.ensure_season(comp, 1990)
        clubs = [await store.insert_club(f"Club {c}", "ENG") for c in "ABCD"]
        await store.db.execute(
            f"INSERT INTO matches ({', '.join(COLUMNS)}) VALUES (?, 'league', 'L', 'single', "
            "'1990-08-01', ?, ?, 1, 0, 'test')", (season, clubs[0], clubs[1]))
    return season, clubs


def _rows(season: int, clubs: list[int]) -> list[tuple]:
    """Every pair at home and away, on distinct dates: three matches each for four clubs x 2."""
    pairs = [(h, a) for h in clubs[1:] for a in clubs if h != a]
    return [(season, "league", "L", "single", f"1990-09-{n + 1:02d}", h, a, 2, 1, "test")
            for n, (h, a) in enumerate(pairs)]


async def _state(store: Store, since: int) -> tuple[list, set, int]:
    counts = await store.db.execute_fetchall(
        "SELECT club_id, matches FROM club_match_counts ORDER BY club_id")
    changes = await store.name_changes(since)
    assert changes is not None
    matches = (await store.db.execute_fetchall("SELECT COUNT(*) FROM matches"))[0][0]
    return [tuple(r) for r in counts], changes.clubs, matches


async def test_bulk_insert_leaves_counts_and_name_log_as_the_triggers_would(
        tmp_path: Path) -> None:
    bulk, per_row = (await Store.open(tmp_path / "bulk.db"), await Store.open(tmp_path / "row.db"))
    try:
        # the fast path stands in for every insert trigger on matches (0005's, 0009's as
        # 0012 recreated it); a migration adding or redefining one fails here
        assert await bypassed_triggers(bulk.db) == sorted([COUNTED, CHANGED])
        assert sorted(await insert_triggers(bulk.db)) == sorted([COUNTED, CHANGED])
        results = []
        for store, fast in ((bulk, True), (per_row, False)):
            season, clubs = await _seed(store)
            since = await store.name_change_seq()
            triggers = await _triggers(store)
            async with store.transaction():
                if fast:
                    await insert_matches(store.db, COLUMNS, _rows(season, clubs))
                else:  # the triggers fire row by row
                    await store.db.executemany(
                        f"INSERT INTO matches ({', '.join(COLUMNS)}) VALUES "
                        f"({', '.join('?' * len(COLUMNS))})", _rows(season, clubs))
            assert await _triggers(store) == triggers      # recreated as they were
            results.append(await _state(store, since))
        assert results[0] == results[1]
        counts, touched, matches = results[0]
        assert matches == 1 + 9
        # equal to a recount, and every club of the new rows in the name log
        recount = await bulk.db.execute_fetchall(
            "SELECT club, COUNT(*) FROM (SELECT home_id AS club FROM matches UNION ALL "
            "SELECT away_id FROM matches) GROUP BY club ORDER BY club")
        assert counts == [tuple(r) for r in recount]
        assert touched == {c for c, _ in counts}
        # the name index's own read sees the new weights
        rows = await bulk.name_columns(touched, ())
        assert rows.club_weights == dict(counts)
        # the derived cache is told to start afresh, once
        log = await bulk.db.execute_fetchall("SELECT kind FROM data_changes WHERE kind = 'all'")
        assert len(log) >= 1
        per_match = await per_row.db.execute_fetchall(
            "SELECT COUNT(*) FROM data_changes WHERE kind = 'club'")
        assert per_match[0][0] >= 18
    finally:
        await bulk.close()
        await per_row.close()


async def test_failed_bulk_insert_leaves_triggers_and_nothing_written(store: Store) -> None:
    season, clubs = await _seed(store)
    triggers = await _triggers(store)
    before = await _state(store, 0)
    bad = [*_rows(season, clubs), (season, "league", "L", "single", "1990-10-01", clubs[2],
                                   clubs[2], 1, 1, "test")]   # one club against itself
    with pytest.raises(sqlite3.IntegrityError):
        async with store.transaction():
            await insert_matches(store.db, COLUMNS, bad)
    assert await _triggers(store) == triggers
    assert await _state(store, 0) == before
    # and the triggers still fire: a plain insert afterwards is counted
    async with store.transaction():
        await store.db.execute(
            f"INSERT INTO matches ({', '.join(COLUMNS)}) VALUES (?, 'league', 'L', 'single', "
            "'1991-01-01', ?, ?, 0, 0, 'test')", (season, clubs[2], clubs[3]))
    counts = dict((await _state(store, 0))[0])
    assert counts[clubs[2]] == 1 and counts[clubs[3]] == 1


async def _triggers(store: Store) -> list[tuple]:
    """Every trigger and index, as stored (a bulk insert drops and recreates some)."""
    rows = await store.db.execute_fetchall(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') "
        "ORDER BY type, name")
    return [tuple(r) for r in rows]


async def _index_rowids(store: Store) -> dict[str, int]:
    """Where each index on matches sits in the schema: a recreated one moves to the end."""
    rows = await store.db.execute_fetchall(
        "SELECT name, rowid FROM sqlite_master WHERE type = 'index' AND tbl_name = 'matches'")
    return dict(rows)


async def test_a_large_insert_rebuilds_the_secondary_indexes_a_small_one_keeps_them(
        store: Store) -> None:
    season, clubs = await _seed(store)
    secondary = await secondary_indexes(store.db)
    assert "matches_home" in secondary and "matches_natural" not in secondary  # UNIQUE kept
    before = await _index_rowids(store)
    async with store.transaction():       # 9 rows into a table of 1: indexes built afresh
        await insert_matches(store.db, COLUMNS, _rows(season, clubs))
    rebuilt = await _index_rowids(store)
    assert {n for n in before if rebuilt[n] != before[n]} == set(secondary)
    # the rebuilt indexes are whole and used: the integrity check and a planned lookup
    assert (await store.db.execute_fetchall("PRAGMA integrity_check"))[0][0] == "ok"
    plan = await store.db.execute_fetchall(
        "EXPLAIN QUERY PLAN SELECT id FROM matches WHERE home_id = ? ORDER BY date", (clubs[1],))
    assert any("matches_home" in str(tuple(r)) for r in plan)
    async with store.transaction():       # 2 rows into a table of 10: indexes kept as they are
        await insert_matches(store.db, COLUMNS, [
            (season, "league", "L", "single", "1991-02-01", clubs[0], clubs[1], 0, 0, "test"),
            (season, "league", "L", "single", "1991-02-02", clubs[1], clubs[0], 0, 0, "test")])
    assert await _index_rowids(store) == rebuilt
    # the natural key still refuses a second copy of a match, at its row
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        async with store.transaction():
            await insert_matches(store.db, COLUMNS, _rows(season, clubs) * 2)
    assert (await store.db.execute_fetchall("SELECT COUNT(*) FROM matches"))[0][0] == 12
