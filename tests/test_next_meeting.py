"""`next_meeting`: the first meeting of two clubs on or after a date, in either direction."""

from __future__ import annotations

from storage import Store
from storage.matches import NewMatch


async def add(store: Store, home: int, away: int, day: str, status: str = "scheduled") -> int:
    async with store.transaction():
        comp = await store.ensure_competition("UCL", "European Cup / Champions League", 1992)
        season = await store.ensure_season(comp, int(day[:4]))
        match_id, _ = await store.upsert_match(NewMatch(season, "league", "LP", "single", day,
                                                    home, away, "test", status=status))
        return match_id


async def test_the_earliest_of_both_directions_on_or_after_the_date(demo_store: Store) -> None:
    liverpool = await demo_store.find_club("Liverpool", "ENG")
    real = await demo_store.find_club("Real Madrid", "ESP")
    assert liverpool and real
    later_home = await add(demo_store, liverpool, real, "2031-03-01")
    first_away = await add(demo_store, real, liverpool, "2030-11-05")
    await add(demo_store, real, liverpool, "2030-09-01", status="cancelled")

    first = await demo_store.next_meeting(liverpool, real, "2030-06-01")
    assert first is not None and first.id == first_away
    # asked from the other side, the same match
    other = await demo_store.next_meeting(real, liverpool, "2030-06-01")
    assert other is not None and other.id == first_away
    # on the day itself it still counts; the day after, the home meeting is next
    same_day = await demo_store.next_meeting(liverpool, real, "2030-11-05")
    assert same_day is not None and same_day.id == first_away
    after = await demo_store.next_meeting(liverpool, real, "2030-11-06")
    assert after is not None and after.id == later_home
    assert await demo_store.next_meeting(liverpool, real, "2031-03-02") is None
