"""Writes committed by another connection (an import or admin command run from another
process) reach a running bot's answers and name index; another process's bookkeeping leaves
its caches warm (Store.notice_other_writers)."""

from __future__ import annotations

from bot.core import Core
from storage import Store
from tests.test_derived import add_match


async def test_another_process_result_reaches_the_next_answer(core: Core) -> None:
    assert "Liverpool 3-0 Villarreal" not in (await core.ask("form Liverpool")).plain_text()
    other = await Store.open(core.store.path)   # its own connection, as a CLI import has
    try:
        await add_match(other, "Liverpool", "Villarreal", (3, 0))
    finally:
        await other.close()
    assert "Liverpool 3-0 Villarreal" in (await core.ask("form Liverpool")).plain_text()


async def test_another_process_new_club_is_found_by_name(core: Core) -> None:
    unknown = await core.ask("form Wrexham")
    assert "no European matches" not in unknown.plain_text()
    other = await Store.open(core.store.path)
    try:
        async with other.transaction():
            await other.insert_club("Wrexham", "WAL")
    finally:
        await other.close()
    found = await core.ask("form Wrexham")   # known now, and answered as having no matches
    assert found.plain_text().startswith("Wrexham have no European matches"), found.plain_text()


async def test_another_process_bookkeeping_keeps_the_caches(core: Core) -> None:
    store = core.store
    await core.ask("form Liverpool")
    version = store.data_version
    other = await Store.open(store.path)
    try:
        async with other.transaction(football=False) as db:
            await db.execute("INSERT INTO channels (platform, channel_id, failures) "
                             "VALUES ('discord', '42', 1)")
    finally:
        await other.close()
    await core.ask("form Liverpool")
    assert store.data_version == version
