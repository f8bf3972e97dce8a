"""The warm-up at start: it derives the likely first questions' entries, and steps aside."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from bot.core import Core
from bot.settings import load_settings
from bot.warm_up import WarmUp
from storage import Store
from tests.admin_helpers import add_fixture
from tests.conftest import FIXED_NOW

QUESTIONS = ("streak Liverpool", "record Real Madrid kind:ties", "honours Real Madrid",
             "facts Liverpool v Real Madrid", "form Liverpool")


def match_reads(store: Store) -> tuple[list[str], Callable[[], None]]:
    """The SQL statements reading `matches` that the connection runs until `stop()`."""
    db, seen = store.db, []
    original = db.execute_fetchall

    async def recording(sql: str, params: Any = ()) -> Any:
        if "matches" in sql:
            seen.append(sql)
        return await original(sql, params)
    db.execute_fetchall = recording  # type: ignore[method-assign]

    def stop() -> None:
        db.execute_fetchall = original  # type: ignore[method-assign]
    return seen, stop


async def fixture_in_two_days(core: Core) -> None:
    await add_fixture(core.store, "Liverpool", "Real Madrid", "2026-11-23", "2026-11-23T20:00:00Z")


async def test_the_warm_up_derives_the_coming_fixtures_clubs(core: Core) -> None:
    """After it, the first questions about the fixture's clubs read no club's history from
    SQLite (only a one-row look-up of the next meeting); the answers are those given
    without it."""
    await fixture_in_two_days(core)
    cold = [(await core.ask(q)).plain_text() for q in QUESTIONS]
    core.store.forget_results()
    core.store.forget_derived()
    warm_up = WarmUp(core)
    warm_up.start()
    await warm_up.finished()
    names = [(c.name, dict(c.args)) for c in warm_up.answered]
    assert names[0] == ("facts", {"team": "Liverpool", "opponent": "Real Madrid"})
    assert ("streak", {"subject": "Real Madrid"}) in names
    core.store.forget_results()          # only what the derived cache keeps
    seen, stop = match_reads(core.store)
    try:
        warm = [(await core.ask(q)).plain_text() for q in QUESTIONS]
    finally:
        stop()
    assert warm == cold
    assert all("LIMIT 1" in sql for sql in seen), seen


async def test_without_fixtures_it_warms_subscribed_then_busiest_clubs(core: Core) -> None:
    store = core.store

    async def clubs(limit: int) -> list[str]:
        commands = await WarmUp(core, clubs=limit).commands()
        return list(dict.fromkeys(c.args.get("subject") or c.args.get("team")
                                  for c in commands))
    busiest = await clubs(2)
    assert set(busiest) == {"Liverpool", "Real Madrid"}   # the demo's clubs of most matches
    other = next(c for c in await store.clubs() if c.name not in busiest)
    async with store.transaction(football=False):
        await store.save_subscription("console", "c1", "club", other.id, "UTC", [60], True,
                                      "test", FIXED_NOW.isoformat())
    assert await clubs(2) == [other.name]   # followed clubs first; the busiest only without


async def test_a_question_during_the_warm_up_is_answered_first(core: Core) -> None:
    """A question arriving mid-step cancels the step (it runs again after); no warm-up
    step completes while the question is answered."""
    await fixture_in_two_days(core)
    core.store.forget_derived()
    warm_up = WarmUp(core)
    warm_up.start()
    while warm_up.current is None or warm_up.current.done():
        await asyncio.sleep(0)
    done_before = len(warm_up.answered)
    reply = await core.ask("h2h Liverpool v Real Madrid")
    assert reply.kind == "answer"
    assert warm_up.yielded == 1
    assert len(warm_up.answered) == done_before
    await warm_up.finished()
    assert len(warm_up.answered) == len(await WarmUp(core).commands())


async def test_it_stops_cleanly_and_can_be_turned_off(core: Core) -> None:
    await fixture_in_two_days(core)
    warm_up = WarmUp(core)
    warm_up.start()
    while warm_up.current is None:
        await asyncio.sleep(0)
    await warm_up.stop()
    assert warm_up.task is not None and warm_up.task.cancelled()
    assert (await core.ask("streak Liverpool")).kind == "answer"   # the store still serves
    off = WarmUp(core, clubs=load_settings({"MATCHFACTS_WARM_UP_CLUBS": "0"}).warm_up_clubs)
    off.start()
    assert off.task is None
    await off.stop()
    assert load_settings({}).warm_up_clubs > 0


async def test_the_limit_counts_clubs_and_a_fixture_needs_both(core: Core) -> None:
    await fixture_in_two_days(core)
    commands = await WarmUp(core, clubs=1).commands()
    assert {c.name for c in commands} == {"streak", "form", "record", "honours"}
    assert {c.args.get("subject") or c.args["team"] for c in commands} == {"Liverpool"}
