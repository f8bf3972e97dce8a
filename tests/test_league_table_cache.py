"""The league table is derived once and kept (storage/league_table.py): every write that
changes a table must reach it, including the first match of two clubs new to the league."""

from __future__ import annotations

from storage import Store
from storage.matches import NewMatch


async def result(store: Store, season: int, home: int, away: int, day: str,
                 score: tuple[int, int]) -> None:
    async with store.transaction():
        await store.upsert_match(NewMatch(season, "league", "R", "single", day, home, away,
                                          "test", ft=score))


async def fresh_table(path: str, season: int) -> list[tuple[int, int, int]]:
    """The table as a store opened afresh on the same file computes it."""
    other = await Store.open(path)
    try:
        table = await other.league_table("TST1", season)
        assert table is not None
        return [(r.club_id, r.points, r.goals_for) for r in table.rows]
    finally:
        await other.close()


async def test_a_kept_table_follows_every_write(store: Store) -> None:
    async with store.transaction():
        comp = await store.ensure_competition("TST1", "Test League", None)
        season = await store.ensure_season(comp, 2030)
        a, b, c, d = [await store.insert_club(f"Club {x}", "ENG") for x in "ABCD"]
    await result(store, season, a, b, "2030-08-10", (2, 0))

    def rows(table: object) -> list[tuple[int, int, int]]:
        return [(r.club_id, r.points, r.goals_for) for r in table.rows]  # type: ignore[attr-defined]

    first = await store.league_table("TST1", 2030)
    assert first is not None and rows(first)[0] == (a, 3, 2)
    assert await store.league_table("TST1", 2030) is first          # kept, not read again

    # two clubs new to the league meet: no kept entry is tagged with either of them
    await result(store, season, c, d, "2030-08-10", (5, 1))
    after_new = await store.league_table("TST1", 2030)
    assert after_new is not None and rows(after_new)[0] == (c, 3, 5)
    assert rows(after_new) == await fresh_table(store.path, 2030)

    # a result of clubs already in it, and a corrected score
    await result(store, season, b, c, "2030-08-17", (3, 0))
    await result(store, season, a, b, "2030-08-10", (0, 1))
    latest = await store.league_table("TST1", 2030)
    assert latest is not None and rows(latest) == await fresh_table(store.path, 2030)
    assert {r[0]: r[1] for r in rows(latest)} == {a: 0, b: 6, c: 3, d: 0}
    # as of a date, the same rules
    early = await store.league_table("TST1", 2030, "2030-08-11")
    assert early is not None and {r.club_id: r.points for r in early.rows} == \
        {a: 0, b: 3, c: 3, d: 0}


async def test_a_result_of_the_leagues_own_clubs_keeps_its_club_set(store: Store) -> None:
    """The league's club set is read again only when a write touches a club outside it."""
    async with store.transaction():
        comp = await store.ensure_competition("TST1", "Test League", None)
        season = await store.ensure_season(comp, 2030)
        a, b, c = [await store.insert_club(f"Club {x}", "ENG") for x in "ABC"]
    await result(store, season, a, b, "2030-08-10", (2, 0))
    await store.league_table("TST1", 2030)
    seen: list[str] = []
    original = store.db.execute_fetchall

    async def recording(sql: str, params: object = ()) -> object:
        seen.append(sql)
        return await original(sql, params)  # type: ignore[arg-type]

    store.db.execute_fetchall = recording  # type: ignore[method-assign]
    try:
        await result(store, season, b, a, "2030-08-17", (1, 1))
        await store.rederived()
        seen.clear()
        table = await store.league_table("TST1", 2030)
        assert table is not None and table.counted == 2
        assert not any("DISTINCT home_id" in sql for sql in seen)
        await result(store, season, c, a, "2030-08-24", (0, 3))    # Club C is new to it
        await store.rederived()
        table = await store.league_table("TST1", 2030)
        assert table is not None and {r.club_id for r in table.rows} == {a, b, c}
        assert any("DISTINCT home_id" in sql for sql in seen)
    finally:
        store.db.execute_fetchall = original  # type: ignore[method-assign]
