"""Every season's table is kept in the derived cache (storage/league_seasons.py): a write that
touches one of the league's clubs drops it, a club new to the league makes a new entry, and
the answers always equal a fresh store's."""

from __future__ import annotations

from bot.core import Core
from storage import Store
from storage.matches import NewMatch
from tests.conftest import FIXED_NOW


async def add(store: Store, year: int, day: str, home: str, away: str,
              score: tuple[int, int], code: str = "ENG1") -> None:
    async with store.transaction():
        competition = await store.ensure_competition(code, code, None)
        season = await store.ensure_season(competition, year)
        ids = {c.name: c.id for c in await store.clubs()}
        for name in (home, away):
            if name not in ids:
                ids[name] = await store.insert_club(name, "ENG")
        await store.upsert_match(NewMatch(season, "league", "R1", "single", day, ids[home],
                                          ids[away], "test", ft=score))


async def fresh(store: Store, question: str) -> str:
    other = await Store.open(store.path)
    try:
        return (await Core(other, now=lambda: FIXED_NOW).ask(question)).plain_text()
    finally:
        await other.close()


async def test_writes_reach_the_seasons_and_the_records(store: Store) -> None:
    core = Core(store, now=lambda: FIXED_NOW)
    await add(store, 2024, "2024-08-17", "Alpha", "Beta", (2, 0))
    await add(store, 2024, "2024-08-24", "Beta", "Gamma", (1, 1))
    await add(store, 2024, "2024-08-24", "Delta", "Epsilon", (1, 0), code="ENG2")
    questions = ("seasons Alpha chart:no", "seasons eng1", "seasons Delta chart:no")
    first = {q: (await core.ask(q)).plain_text() for q in questions}
    assert "1st of 3" in first["seasons Alpha chart:no"]
    # a result for a club of the league: the cached seasons go
    await add(store, 2024, "2024-08-31", "Gamma", "Alpha", (3, 0))
    for q in questions:
        assert (await core.ask(q)).plain_text() == await fresh(store, q), q
    # a season opened by two clubs promoted into the league: no club in it was touched
    await add(store, 2025, "2025-08-16", "Delta", "Epsilon", (5, 0))
    for q in questions:
        answer = (await core.ask(q)).plain_text()
        assert answer == await fresh(store, q), q
    after = await core.ask("seasons eng1")
    records = {r["record"]: r for r in after.data["records"]}
    assert records["most_goals_for"]["value"] == 5
    assert records["most_goals_for"]["holders"][0]["club"] == "Delta"
    assert after.data["seasons"] == 2
    alpha = await core.ask("seasons Alpha chart:no")
    assert alpha.data["latest"]["position"] == 2 and alpha.data["latest"]["points"] == 3
