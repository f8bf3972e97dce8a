"""The facts commands on the demo data: options, structured input, fixtures, bad input."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core import Core
from storage import Store
from storage.matches import NewMatch


async def add_fixture(store: Store) -> None:
    """Liverpool v Real Madrid, scheduled for 2026-12-09 20:00 UTC (a fixture in the store)."""
    liverpool = await store.find_club("Liverpool", "ENG")
    real = await store.find_club("Real Madrid", "ESP")
    assert liverpool and real
    async with store.transaction():
        comp = await store.ensure_competition("UCL", "European Cup / Champions League", 1992)
        season = await store.ensure_season(comp, 2026)
        await store.upsert_match(NewMatch(season, "league", "LP", "single", "2026-12-09",
                                          liverpool, real, "test", status="scheduled",
                                          kickoff_utc="2026-12-09T20:00:00Z"))


async def test_fixtures_in_utc_unless_a_time_zone_is_given(core: Core) -> None:
    await add_fixture(core.store)
    utc = await core.ask("fixtures Liverpool")
    assert utc.lines == ("9 Dec 2026 20:00 UTC: Liverpool v Real Madrid (2026-27 league phase)",)
    madrid = await core.ask("fixtures tz:Europe/Madrid")
    assert madrid.lines[0].startswith("9 Dec 2026 21:00 CET")
    assert madrid.data["matches"][0]["kickoff_utc"] == "2026-12-09T20:00:00Z"


async def test_preview_of_a_stored_fixture_is_as_of_its_kick_off(core: Core) -> None:
    await add_fixture(core.store)
    reply = await core.ask("facts Real Madrid v Liverpool")
    assert reply.data["fixture"]["date"] == "2026-12-09"
    assert reply.title.startswith("Match facts — Liverpool v Real Madrid")   # home side first
    assert "as of 9 Dec 2026" in reply.footnote
    assert reply.sections[0].heading == "Head-to-head"
    assert 6 <= len(reply.data["facts"]) <= 10


async def test_structured_options_give_the_same_answer_as_text(core: Core) -> None:
    spec = core.spec("streak")
    assert spec is not None
    command = core.build(spec, {"subject": "Liverpool", "kind": "unbeaten",
                                "competition": "cl", "as_of": "2021-04-01"})
    structured = await core.dispatch(command)
    text = await core.ask("streak Liverpool kind:unbeaten competition:cl as_of:2021-04-01")
    assert structured == text and not text.is_error
    assert "as of 1 Apr 2021" in text.footnote


async def test_streak_states_since_when_and_lists_the_run(core: Core) -> None:
    reply = await core.ask("streak Real Madrid kind:scoring", as_of=date(2023, 3, 1))
    run = reply.data["streaks"]["scoring"]
    assert len(run["matches"]) == run["current"] > 0
    if run["since"]:
        assert "since a" in reply.lines[0]


@pytest.mark.parametrize(("text", "message"), [
    ("streak Liverpool kind:sideways", "Unknown streak kind"),
    ("streak Liverpool kind:assists", "Assist streaks are for players"),
    ("record Liverpool first_leg:splendid", "first_leg looks like"),
    ("record Liverpool kind:ties first_leg_at:moon", "first_leg_at must be home or away"),
    ("fixtures tz:Mars/Olympus", "Unknown time zone"),
    ("form Liverpool n:0", "n must be a whole number"),
    ("facts Liverpool v Liverpool", "Name two different clubs"),
    ("honours competition:xfl", "Unknown competition"),
    ("streak Liverpool competition:cl stage:sideways", "Unknown stage"),
    ("needs Xyzzy United", "Xyzzy United"),
])
async def test_bad_input_gets_a_specific_message(core: Core, text: str, message: str) -> None:
    version = core.store.data_version
    reply = await core.ask(text)
    assert reply.kind == "user_error", reply.title
    assert message in reply.title
    assert core.store.data_version == version      # nothing written


async def test_record_kind_may_follow_the_club_in_text(core: Core) -> None:
    reply = await core.ask("record Liverpool home")
    assert reply.data["kind"] == "home"
    assert all(not m["neutral"] and m["home"] == "Liverpool" for m in reply.data["matches"])
