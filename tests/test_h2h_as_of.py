"""`h2h A v B` as of a date: the next meeting is the first one after that date, as the rest
of the answer is cut there (issue 9)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core import Core
from bot.text import day
from storage import Store
from tests.test_facts_commands import add_fixture


async def meetings_from(store: Store, on: date) -> list[str]:
    """The dates of the Liverpool v Real Madrid meetings on or after `on` (played or stored
    as fixtures), from the store."""
    liverpool = await store.find_club("Liverpool", "ENG")
    real = await store.find_club("Real Madrid", "ESP")
    assert liverpool and real
    played = await store.meetings(liverpool, real)
    scheduled = await store.meetings(liverpool, real, status="scheduled")
    return sorted(m.date for m in [*played, *scheduled] if m.date >= on.isoformat())


def next_line(lines: tuple[str, ...]) -> str | None:
    return next((x for x in lines if x.startswith("Next meeting:")), None)


async def test_next_meeting_as_of_a_date_is_the_first_meeting_after_it(core: Core) -> None:
    await add_fixture(core.store)    # Liverpool v Real Madrid, 9 Dec 2026
    on = date(2021, 4, 1)
    coming = await meetings_from(core.store, on)
    assert len(coming) > 1 and coming[0] < "2026"   # a meeting was played after that day
    for reply in (await core.ask("h2h Liverpool v Real Madrid as_of:2021-04-01"),
                  await core.ask("h2h Liverpool v Real Madrid", as_of=on)):   # console --as-of
        line = next_line(reply.lines)
        assert line is not None and line.endswith(f", {day(coming[0])}.")
        assert "2026" not in line
        # the answer counts only what came before that day
        assert all(m["date"] < on.isoformat() for m in reply.data["matches"])


async def test_next_meeting_as_of_after_the_last_played_one_is_the_fixture(core: Core) -> None:
    await add_fixture(core.store)
    dates = await meetings_from(core.store, date(1900, 1, 1))
    assert dates[-1] == "2026-12-09" and dates[-2] < "2026-11-21"   # the fixture, then played
    on = date.fromisoformat(dates[-2]) + timedelta(days=1)
    line = next_line((await core.ask("h2h Liverpool v Real Madrid", as_of=on)).lines)
    assert line is not None and line.endswith(", 9 Dec 2026.")


async def test_next_meeting_without_a_date_is_the_stored_fixture(core: Core) -> None:
    await add_fixture(core.store)
    line = next_line((await core.ask("h2h Liverpool v Real Madrid")).lines)
    assert line is not None and line.endswith(", 9 Dec 2026.")


async def test_no_next_meeting_as_of_a_date_after_the_last_one(core: Core) -> None:
    await add_fixture(core.store)
    reply = await core.ask("h2h Liverpool v Real Madrid", as_of=date(2026, 12, 10))
    assert not reply.is_error and next_line(reply.lines) is None


async def test_a_meeting_played_long_after_the_date_is_not_its_next_meeting(core: Core) -> None:
    """As of a day, a meeting played months later was not known yet: no "Next meeting" line,
    as the preview (facts) finds no coming match then either."""
    dates = await meetings_from(core.store, date(1900, 1, 1))
    gap = next(d for d, later in zip(dates, dates[1:], strict=False)
               if date.fromisoformat(later) - date.fromisoformat(d) > timedelta(days=200))
    on = date.fromisoformat(gap) + timedelta(days=1)
    reply = await core.ask("h2h Liverpool v Real Madrid", as_of=on)
    assert reply.data["matches"] and next_line(reply.lines) is None
    preview = await core.ask("facts Liverpool v Real Madrid", as_of=on)
    assert f"as of {day(on.isoformat())}" in preview.footnote
