"""`admin result`: real one-liners stored exactly; each malformed variant refused, unwritten."""

from __future__ import annotations

import pytest

from bot.commands import Actor
from bot.core import Core
from tests.admin_helpers import add_fixture, fingerprint

ISSUE_LINE = ("Liverpool 2-5 Real Madrid; Núñez 4, Salah 14; Vinícius 21 36, Militão 47, "
              "Benzema 55 67")


@pytest.fixture
async def fixture_core(core: Core) -> Core:
    await add_fixture(core.store, "Liverpool", "Real Madrid", "2026-11-20", "2026-11-20T20:00:00Z")
    return core


async def test_issue_line_completes_the_fixture(fixture_core: Core) -> None:
    core = fixture_core
    reply = await core.ask("admin result " + ISSUE_LINE)
    assert reply.kind == "answer", reply.title
    assert reply.title == "Stored: Liverpool 2-5 Real Madrid"
    assert reply.data["completed_fixture"] is True
    assert reply.data["new_players"] == []
    assert "Liverpool: Darwin Núñez 4, Mohamed Salah 14" in reply.lines
    assert ("Real Madrid: Vinícius Júnior 21, Vinícius Júnior 36, Éder Militão 47, "
            "Karim Benzema 55, Karim Benzema 67") in reply.lines
    [m] = await core.store.matches(competitions=["UCL"], since_year=2026)
    assert (m.status, m.ft_home, m.ft_away, m.date) == ("played", 2, 5, "2026-11-20")
    assert len(await core.store.goals([m.id])) == 7
    [entry] = await core.store.audit_entries()
    assert entry.action == "result.add" and entry.entity_id == m.id


async def test_extra_time_pens_marks_and_new_scorer(core: Core) -> None:
    line = ("Real Madrid 1-1 Liverpool aet 2-1 pens 5-4; Benzema 45+2 (pen), Kroos* 104 "
            "(Modrić*); Salah 30 (Alexander-Arnold*) round:QF leg:2 date:2026-11-18")
    reply = await core.ask("admin result " + line)
    assert reply.kind == "answer", reply.title
    assert reply.title == "Stored: Real Madrid 2-1 a.e.t., 5-4 on penalties Liverpool"
    assert set(reply.data["new_players"]) == {"Kroos", "Modrić", "Alexander-Arnold"}
    assert "Real Madrid: Karim Benzema 45+2 (pen), Kroos 104 (assist Modrić)" in reply.lines
    assert reply.data["match"]["round"] == "QF" and reply.data["match"]["leg"] == "2"


async def test_unknown_scorer_created_and_said(fixture_core: Core) -> None:
    reply = await fixture_core.ask("admin result Liverpool 1-0 Real Madrid; Ngumoha 77")
    assert reply.kind == "answer", reply.title
    assert "New players created: Ngumoha." in reply.lines


async def test_near_miss_refused_then_accepted_when_marked_new(fixture_core: Core) -> None:
    core = fixture_core
    before = await fingerprint(core.store)
    reply = await core.ask("admin result Liverpool 1-0 Real Madrid; Salha 14")
    assert reply.kind == "user_error"
    assert "did you mean Mohamed Salah?" in reply.title
    assert await fingerprint(core.store) == before
    for text in ("Liverpool 1-0 Real Madrid; Salha* 14", "Liverpool 1-0 Real Madrid; Salha 14 "
                 "new:Salha"):
        reply = await core.ask("admin result " + text)
        assert reply.kind == "answer", reply.title
        assert "New players created: Salha." in reply.lines


async def test_correction_then_undo(fixture_core: Core) -> None:
    core = fixture_core
    await core.ask("admin result " + ISSUE_LINE)
    stored = await fingerprint(core.store)
    reply = await core.ask("admin result Liverpool 2-4 Real Madrid; Núñez 4, Salah 14; "
                           "Vinícius 21 36, Benzema 55 67")
    assert reply.title == "Corrected: Liverpool 2-4 Real Madrid"
    assert (await core.ask("admin undo")).kind == "answer"
    [m] = await core.store.matches(competitions=["UCL"], since_year=2026)
    assert (m.ft_home, m.ft_away) == (2, 5)
    assert len(await core.store.goals([m.id])) == 7
    assert (await core.ask("admin undo")).kind == "answer"
    [m] = await core.store.matches(competitions=["UCL"], since_year=2026, status=None)
    assert m.status == "scheduled" and await core.store.goals([m.id]) == []
    assert stored != await fingerprint(core.store)


BAD = [
    ("", "needs line"),
    ("Liverpool v Real Madrid", "can't find a score"),
    ("Liverpool 2:5 Real Madrid", "can't find a score"),
    ("Liverpol Rovers 2-5 Real Madrid", "Liverpol Rovers"),
    ("Liverpool 2-5 Liverpool", "two different clubs"),
    ("Liverpool 3-5 Real Madrid; Núñez 4, Salah 14; Vinícius 21 36, Militão 47, Benzema 55 67",
     "Liverpool scored 3"),
    ("Liverpool 2-5 Real Madrid; Núñez 4, Salah 14; Vinícius 21 36, Benzema 55 67",
     "Real Madrid scored 5"),
    ("Liverpool 1-0 Real Madrid; Salah 0", "minute 0"),
    ("Liverpool 1-0 Real Madrid; Salah 130", "minute 130"),
    ("Liverpool 1-0 Real Madrid; Salah 95", "needs the score after extra time"),
    ("Liverpool 1-0 Real Madrid; Salah 30+2", "added time comes after"),
    ("Liverpool 1-0 Real Madrid; Salah 90+25", "plausible added time"),
    ("Liverpool 1-0 Real Madrid aet 0-0", "can't be lower"),
    ("Liverpool 1-1 Real Madrid pens 4-3", "follows extra time"),
    ("Liverpool 1-1 Real Madrid aet 1-1 pens 4-4", "is level"),
    ("Liverpool 25-0 Real Madrid", "not a plausible score"),
    ("Liverpool 1-0 Real Madrid; Salah", "Give the minute"),
    ("Liverpool 1-0 Real Madrid; Salah 14 (pen) (og)", "penalty"),
    ("Liverpool 1-0 Real Madrid; Salah 14 (xx)", "is not (pen), (og)"),
    ("Liverpool 1-1 Real Madrid; Salah 14", "Both sides scored"),
    ("Liverpool 0-0 Real Madrid; Salah 14", "goalless"),
    ("Liverpool 1-0 Real Madrid; Salah 14; ; Benzema 3", "Too many parts"),
    ("Liverpool 2-0 Real Madrid; Salah 14, Salah 14", "listed twice"),
    ("Liverpool 1-0 Real Madrid; Salah 14 (Salah)", "assist his own goal"),
    ("Liverpool 1-0 Real Madrid; Salha 14", "did you mean"),
    ("Liverpool 1-0 Real Madrid; Ramos 14", "more than one player"),
    ("Liverpool 1-0 Real Madrid; 14", "name before the minute"),
    ("Liverpool 1-0 Real Madrid; Salah 14 Mané 20", "put each scorer's name first"),
    ("Liverpool 1-0 Real Madrid date:2099-01-01", "in the future"),
    ("Liverpool 1-0 Real Madrid date:yesterday", "must be a date"),
    ("Liverpool 1-0 Real Madrid date:2026-11-01", "No stored fixture"),
    ("Real Madrid 1-0 Liverpool", "write the home club first"),
    ("Liverpool 1-0 Real Madrid date:2026-11-01 round:R99", "Unknown round"),
    ("Liverpool 1-0 Real Madrid date:2026-11-01 round:R16", "two legs"),
    ("Liverpool 1-0 Real Madrid date:2026-11-01 round:F competition:europe",
     "Name one competition"),
    ("Liverpool 1-0 Real Madrid colour:red", "has no option colour"),
]


@pytest.mark.parametrize(("line", "reason"), BAD, ids=[b[1] for b in BAD])
async def test_bad_result_refused_with_reason_and_nothing_written(
        fixture_core: Core, line: str, reason: str) -> None:
    before = await fingerprint(fixture_core.store)
    reply = await fixture_core.ask(f"admin result {line}")
    assert reply.kind == "user_error"
    assert reason in reply.title, reply.title
    assert await fingerprint(fixture_core.store) == before


async def test_non_admin_refused_and_nothing_written(fixture_core: Core) -> None:
    before = await fingerprint(fixture_core.store)
    reply = await fixture_core.ask("admin result " + ISSUE_LINE,
                                   actor=Actor("slack", "U1", "Fan", is_admin=False))
    assert reply.kind == "user_error" and "admins only" in reply.title
    assert await fingerprint(fixture_core.store) == before
