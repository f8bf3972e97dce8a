"""A pair's ties derived once (storage/ties.py pair_ties) and a club's latest tie kept until
its data changes: each gives what the query over every tie gives, as of any date, and
follows a write."""

from __future__ import annotations

from bot.core import Core
from storage import Store

STAGE_SETS = ((), ("knockout",), ("knockout", "qualifying"), ("group",))


async def busiest_pairs(store: Store, n: int) -> list[tuple[int, int]]:
    rows = await store.db.execute_fetchall(
        "SELECT club_a, club_b FROM ties GROUP BY min(club_a, club_b), max(club_a, club_b) "
        "ORDER BY COUNT(*) DESC, 1, 2 LIMIT ?", (n,))
    return [(r[0], r[1]) for r in rows]


async def first_leg_dates(store: Store, a: int, b: int) -> list[str]:
    rows = await store.db.execute_fetchall(
        "SELECT m.date FROM ties t JOIN matches m ON m.id = t.first_leg_id "
        "WHERE (t.club_a = ? AND t.club_b = ?) OR (t.club_a = ? AND t.club_b = ?)",
        (a, b, b, a))
    return sorted({r[0] for r in rows})


async def test_a_pairs_ties_as_of_any_date_are_what_the_query_gives(history: Core) -> None:
    store = history.store
    pairs = await busiest_pairs(store, 12)
    assert len(pairs) == 12
    compared = 0
    for a, b in pairs:
        dates = await first_leg_dates(store, a, b)
        # each first-leg date itself (that tie excluded), the day after, and no date
        for before in [None, *dates, *(d[:8] + "28" for d in dates)]:
            for stages in STAGE_SETS:
                for club, opponent in ((a, b), (b, a)):
                    got = await store.ties(club_ids=[club], opponent_ids=[opponent],
                                           stages=stages, before=before)
                    want = await store._read_ties([club], [opponent], (), stages, None, before)
                    assert got == want, (club, opponent, stages, before)
                    compared += len(want)
    assert compared > 500   # the pairs have ties in the stages asked about


async def test_a_pairs_kept_ties_follow_a_new_tie(core: Core) -> None:
    store = core.store
    await core.names.refresh(store)
    liverpool, real = core.names.resolve("Liverpool").id, core.names.resolve("Real Madrid").id
    before = await store.ties(club_ids=[liverpool], opponent_ids=[real], stages=())
    latest = await store.last_tie(liverpool, ("knockout",))
    assert before and latest is not None
    line = "Liverpool 1-0 Real Madrid round:R16 leg:1 date:2026-11-18"
    assert (await core.ask("admin result " + line)).kind == "answer"
    after = await store.ties(club_ids=[liverpool], opponent_ids=[real], stages=())
    assert after == await store._read_ties([liverpool], [real], (), (), None, None)
    assert len(after) == len(before) + 1
    new = after[-1]
    assert (new.club_a, new.club_b, new.round) == (liverpool, real, "R16")
    assert await store.last_tie(liverpool, ("knockout",)) == new != latest
