"""What answers over long lists keep with the list (bot/families/listing.py with_parts: each
meeting's words and chart mark, each final's line, the ties answers by filter) is never
older than the data, nor than the catalogue that names the rounds."""

from __future__ import annotations

from bot.core import Core
from bot.reply import Reply
from storage import Store
from storage.matches import NewMatch
from tests.conftest import FIXED_NOW
from tests.test_derived import add_match

QUESTIONS = ("h2h Liverpool v Real Madrid", "h2h Liverpool v Real Madrid venue:home",
             "h2h Real Madrid v Liverpool venue:neutral", "record Real Madrid kind:ties",
             "record Real Madrid kind:ties first_leg:won",
             "record Real Madrid kind:ties first_leg_at:home",
             "record Real Madrid kind:ties first_leg:lost first_leg_at:away",
             "honours Real Madrid", "honours Liverpool v Real Madrid", "honours Liverpool",
             "facts Liverpool v Real Madrid")


async def answers(core: Core, order: tuple[str, ...] = QUESTIONS) -> dict[str, Reply]:
    return {q: await core.ask(q) for q in order}


async def fresh_answers(store: Store) -> dict[str, Reply]:
    """The same questions on a second store over the same file, nothing derived yet, asked
    the other way round (what one question keeps must not shape another's answer)."""
    other = await Store.open(store.path)
    try:
        return await answers(Core(other, now=lambda: FIXED_NOW), QUESTIONS[::-1])
    finally:
        await other.close()


async def test_every_kept_part_follows_the_writes(core: Core) -> None:
    store = core.store
    first = await answers(core)
    assert all(not r.is_error for r in first.values())
    assert first == await fresh_answers(store)
    assert await answers(core) == first          # answered again from what was kept

    await add_match(store, "Liverpool", "Real Madrid", (4, 0))   # a new meeting
    after = await answers(core)                  # before the background re-derivation
    assert after == await fresh_answers(store)
    assert after["h2h Liverpool v Real Madrid"].table.rows[-1][2] == "Liverpool 4-0 Real Madrid"

    await add_match(store, "Real Madrid", "Liverpool", (2, 1), round_="F")   # a final
    ties = await store.ties(club_ids=[(await store.find_club("Real Madrid", "ESP")) or 0])
    async with store.transaction() as db:        # a first leg's score: the ties' margins
        await db.execute("UPDATE matches SET ft_home = ft_home + 3 WHERE id = ?",
                         (ties[0].first_leg_id,))
    await store.rederived()                      # the dropped parts made again
    again = await answers(core)
    assert again == await fresh_answers(store)
    assert again != after


async def test_a_renamed_era_reaches_the_round_labels(core: Core) -> None:
    """Era names are not in the change log: the words kept with a list name their
    catalogue, so a new catalogue words them anew."""
    store = core.store
    clubs = [c for c in await store.clubs() if c.country == "ENG"][:2]
    assert len(clubs) == 2
    async with store.transaction():
        comp = await store.ensure_competition("ENG1", "English top flight", None)
        season = await store.ensure_season(comp, 1990)
        await store.upsert_match(NewMatch(season, "league", "L", "single", "1990-10-06",
                                          clubs[0].id, clubs[1].id, "test", ft=(2, 1)))
    question = f"h2h {clubs[0].name} v {clubs[1].name} competition:eng1"
    reply = await core.ask(question)
    assert [row[1] for row in reply.table.rows] == ["1990-91 First Division"]
    async with store.transaction() as db:
        await db.execute("UPDATE competition_eras SET name = 'Football League First Division' "
                         "WHERE competition_id = ? AND name = 'First Division'", (comp,))
    reply = await core.ask(question)
    assert [row[1] for row in reply.table.rows] == ["1990-91 Football League First Division"]
    assert "1990-91 Football League First Division" in reply.chart.alt_text
    assert reply == (await fresh_answers_of(store, question))


async def fresh_answers_of(store: Store, question: str) -> Reply:
    other = await Store.open(store.path)
    try:
        return await Core(other, now=lambda: FIXED_NOW).ask(question)
    finally:
        await other.close()
