"""`admin fixture`: add/move/postpone/cancel stored exactly (UTC), bad input unwritten, and the
scheduler's previews follow a moved or cancelled fixture."""

from __future__ import annotations

import pytest

from bot.commands import Actor
from bot.core import Core
from bot.scheduler import Scheduler
from storage import Store
from tests.admin_helpers import fingerprint
from tests.scheduler_fakes import FakeClock, RecordingPoster, at

ADD = ("admin fixture Liverpool v Real Madrid 2026-12-09 20:00 Europe/London round:R16 leg:1 "
       "competition:UCL")


async def test_add_stores_kickoff_in_utc_and_reads_it_back(core: Core) -> None:
    reply = await core.ask(ADD)
    assert reply.kind == "answer", reply.title
    assert reply.title == "Fixture added: Liverpool v Real Madrid"
    assert ("Kick-off: Wed 9 Dec 2026, 20:00 GMT (Europe/London) = 2026-12-09 20:00 UTC."
            in reply.lines)
    [m] = await core.store.matches(status="scheduled", since_year=2026)
    assert (m.kickoff_utc, m.date, m.round, m.leg, m.competition) == (
        "2026-12-09T20:00:00Z", "2026-12-09", "R16", "1", "UCL")
    [entry] = await core.store.audit_entries()
    assert entry.action == "fixture.add" and entry.entity_id == m.id


async def test_summer_time_zone_converts(core: Core) -> None:
    reply = await core.ask("admin fixture Real Madrid v Liverpool 2027-05-04 21:00 "
                           "Europe/Madrid round:SF leg:2")
    assert reply.kind == "answer", reply.title
    assert reply.data["match"]["kickoff_utc"] == "2027-05-04T19:00:00Z"
    assert "Kick-off: Tue 4 May 2027, 21:00 CEST (Europe/Madrid) = 2027-05-04 19:00 UTC." \
        in reply.lines


async def test_move_postpone_cancel_and_undo(core: Core) -> None:
    await core.ask(ADD)
    reply = await core.ask("admin fixture move Liverpool v Real Madrid to 2026-12-10 21:00 "
                           "Europe/Madrid")
    assert reply.title == "Fixture moved: Liverpool v Real Madrid", reply.title
    assert reply.data["match"]["kickoff_utc"] == "2026-12-10T20:00:00Z"
    assert reply.data["match"]["date"] == "2026-12-10"
    reply = await core.ask("admin fixture postpone Liverpool v Real Madrid")
    assert reply.data["match"]["status"] == "postponed", reply.title
    reply = await core.ask("admin fixture cancel Liverpool v Real Madrid")
    assert reply.data["match"]["status"] == "cancelled", reply.title
    assert (await core.ask("admin undo")).kind == "answer"
    [m] = await core.store.matches(status="postponed", since_year=2026)
    actions = [e.action for e in await core.store.audit_entries()]
    assert actions == ["fixture.cancel.undo", "fixture.cancel", "fixture.postpone",
                       "fixture.move", "fixture.add"]


@pytest.mark.parametrize(("text", "message"), [
    ("Liverpool v Narnia FC 2026-12-09 20:00 Europe/London round:R16 leg:1", "Narnia"),
    ("Liverpool v Real Madrid 2026-12-09 20:00 Europe/Londn round:R16 leg:1",
     "Unknown time zone “Europe/Londn”"),
    ("Liverpool v Real Madrid 2026-12-09 20:00 round:R16 leg:1", "time zone"),
    ("Liverpool v Real Madrid 2026-12-09 20:00 Europe/London round:R17 leg:1",
     "Unknown round “R17”"),
    ("Liverpool v Real Madrid 2026-12-09 20:00 Europe/London", "round"),
    ("Liverpool v Real Madrid 2026-12-09 20:00 Europe/London round:R16", "two legs"),
    ("Liverpool v Real Madrid 2026-13-09 20:00 Europe/London round:R16 leg:1",
     "date like 2023-02-21"),
    ("Liverpool v Real Madrid 2026-12-09 25:00 Europe/London round:R16 leg:1",
     "not a time of day"),
    ("Liverpool v Real Madrid 2026-12-09 Europe/London round:R16 leg:1", "kick-off time"),
    ("Liverpool v Real Madrid 2026-11-20 20:00 Europe/London round:R16 leg:1", "in the past"),
    ("Liverpool v Real Madrid 2026-11-21 11:30 Europe/London round:R16 leg:1", "in the past"),
    ("Liverpool v Liverpool 2026-12-09 20:00 Europe/London round:R16 leg:1", "itself"),
    ("Liverpool v Real Madrid", "needs its kick-off"),
    ("Liverpool Real Madrid 2026-12-09 20:00 Europe/London", "Home v Away"),
    ("move Liverpool v Real Madrid to 2026-12-10 21:00 Europe/Madrid", "No fixture"),
    ("cancel Chelsea v Real Madrid", "No fixture"),
])
async def test_bad_input_refused_and_nothing_written(core: Core, text: str,
                                                     message: str) -> None:
    before = await fingerprint(core.store)
    reply = await core.ask("admin fixture " + text)
    assert reply.kind == "user_error"
    assert message in reply.title
    assert await fingerprint(core.store) == before


async def test_bad_move_of_a_stored_fixture_writes_nothing(core: Core) -> None:
    await core.ask(ADD)
    before = await fingerprint(core.store)
    for text in ("move Liverpool v Real Madrid", "move Liverpool v Real Madrid to 2026-11-01 "
                 "20:00 Europe/London", "cancel Liverpool v Real Madrid to 2026-12-20 20:00 UTC",
                 "Liverpool v Real Madrid 2026-12-09 21:00 UTC round:R16 leg:1"):
        reply = await core.ask("admin fixture " + text)
        assert reply.kind == "user_error", text
    assert await fingerprint(core.store) == before


async def test_non_admin_refused(core: Core) -> None:
    before = await fingerprint(core.store)
    reply = await core.ask(ADD, actor=Actor("discord", "42", "Member"))
    assert reply.kind == "user_error" and "admins only" in reply.title
    assert await fingerprint(core.store) == before


async def test_scheduler_follows_moved_and_cancelled_fixtures(demo_store: Store) -> None:
    clock = FakeClock(at("2026-11-21T12:00:00"))
    core = Core(demo_store, now=clock.now)
    poster = RecordingPoster("discord", clock)
    sched = Scheduler(core, {"discord": poster}, now=clock.now, sleep=clock.sleep)
    assert (await core.ask(ADD)).kind == "answer"
    assert (await core.ask("admin fixture Chelsea v Real Madrid 2026-12-02 20:00 UTC "
                           "round:LP")).kind == "answer"
    reply = await core.ask("subscribe Real Madrid", actor=Actor("discord", "1", "A", True),
                           place="chan-1")
    assert reply.kind == "answer", reply.title
    moved = await core.ask("admin fixture move Liverpool v Real Madrid to 2026-12-10 21:00 "
                           "Europe/Madrid")
    assert moved.kind == "answer"
    assert (await core.ask("admin fixture cancel Chelsea v Real Madrid")).kind == "answer"
    for t in ("2026-12-01T20:00:00", "2026-12-02T20:30:00", "2026-12-08T20:00:00"):
        clock.move_to(at(t))
        await sched.tick()
    assert poster.delivered == []     # cancelled: nothing; moved: not at the old time
    clock.move_to(at("2026-12-09T20:00:00"))
    await sched.tick()
    [post] = poster.delivered
    assert post.reply.title.startswith("Liverpool v Real Madrid")
    assert "Thu 10 Dec 2026, 20:00 UTC" in post.reply.lines[0]
