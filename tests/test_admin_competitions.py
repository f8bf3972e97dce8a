"""`admin result` and `admin fixture` take any competition the database holds, by code or by
the words people use (the one resolver, bot/scope.py); an unknown one writes nothing."""

from __future__ import annotations

import pytest

from bot.core import Core
from bot.families.admin_options import COMPETITION_HELP
from tests.admin_helpers import add_fixture, change_position, fingerprint


async def stored(core: Core, match_id: int) -> tuple:
    m = await core.store.match(match_id)
    assert m is not None
    return m.competition, m.season, m.stage, m.round, m.leg, m.status


async def test_a_league_fixture_by_its_name_needs_no_round(core: Core) -> None:
    reply = await core.ask("admin fixture Liverpool v Chelsea 2026-12-26 15:00 Europe/London "
                           "competition:premier league")
    assert reply.kind == "answer", reply.title
    assert reply.lines[0] == "2026-27 Premier League, ENG1."
    assert await stored(core, reply.data["match"]["id"]) == (
        "ENG1", 2026, "league", "L", "single", "scheduled")


async def test_a_league_result_counts_in_the_table_and_the_league_h2h(core: Core) -> None:
    reply = await core.ask("admin result Liverpool 2-1 Chelsea date:2026-11-15 "
                           "competition:eng1")
    assert reply.kind == "answer", reply.title
    assert reply.lines[0] == "2026-27 Premier League, 15 Nov 2026."
    table = await core.ask("table eng1 2026-27")
    assert [(r["club"], r["points"], r["played"]) for r in table.data["rows"]] == [
        ("Liverpool", 3, 1), ("Chelsea", 0, 1)]
    h2h = await core.ask("h2h Liverpool v Chelsea competition:league")
    assert (h2h.data["record"]["played"], h2h.data["record"]["won"]) == (1, 1)


@pytest.mark.parametrize(("line", "expected"), [
    ("admin fixture Manchester City v Chelsea 2027-01-09 17:45 Europe/London "
     "competition:fa cup round:R3", ("FACUP", 2026, "knockout", "R3", "single", "scheduled")),
    ("admin fixture Chelsea v Liverpool 2027-01-14 20:00 Europe/London "
     "competition:\"league cup\" round:SF leg:1",
     ("LEAGUECUP", 2026, "knockout", "SF", "1", "scheduled")),
    ("admin result Real Madrid 3-0 Villarreal date:2026-11-08 competition:la liga",
     ("ESP1", 2026, "league", "L", "single", "played")),
    ("admin result Inter 1-1 Atalanta date:2026-11-09 competition:ita1 round:league",
     ("ITA1", 2026, "league", "L", "single", "played")),
    ("admin result Liverpool 1-0 Real Madrid date:2026-11-01 round:F competition:uefa cup",
     ("UEL", 2026, "knockout", "F", "single", "played")),
])
async def test_any_competition_by_code_or_name(core: Core, line: str, expected: tuple) -> None:
    reply = await core.ask(line)
    assert reply.kind == "answer", reply.title
    assert await stored(core, reply.data["match"]["id"]) == expected


async def test_completing_a_stored_league_fixture_keeps_it_a_league_match(core: Core) -> None:
    match_id = await add_fixture(core.store, "Liverpool", "Manchester City", "2026-11-20",
                                 "2026-11-20T15:00:00Z", round_="L", competition="ENG1")
    reply = await core.ask("admin result Liverpool 1-1 Manchester City")
    assert reply.kind == "answer" and reply.data["completed_fixture"], reply.title
    assert await stored(core, match_id) == ("ENG1", 2026, "league", "L", "single", "played")


@pytest.mark.parametrize(("line", "words"), [
    ("admin fixture Liverpool v Chelsea 2026-12-26 15:00 Europe/London competition:eng9",
     "Unknown competition “eng9”"),
    ("admin result Liverpool 2-1 Chelsea date:2026-11-15 competition:narnia",
     "Unknown competition “narnia”"),
    ("admin result Liverpool 2-1 Chelsea date:2026-11-15 competition:league",
     "Name one competition, not every tier of the clubs' league (eng1, eng2"),
    ("admin fixture Liverpool v Chelsea 2026-12-26 15:00 Europe/London competition:europe",
     "Name one competition"),
    ("admin fixture Liverpool v Chelsea 2026-12-26 15:00 Europe/London competition:eng1 leg:2",
     "A league match is a single match"),
    ("admin fixture Manchester City v Chelsea 2027-01-09 17:45 Europe/London "
     "competition:facup", "Give the round"),
    ("admin result Chelsea 1-0 Liverpool date:2026-11-15 competition:facup",
     "No stored fixture"),
])
async def test_a_bad_competition_is_refused_and_writes_nothing(core: Core, line: str,
                                                               words: str) -> None:
    before, position = await fingerprint(core.store), await change_position(core.store)
    reply = await core.ask(line)
    assert reply.kind == "user_error" and words in reply.title, reply.title
    assert await fingerprint(core.store) == before
    assert await change_position(core.store) == position


async def test_help_says_what_competition_takes(core: Core) -> None:
    for command in ("admin fixture", "admin result"):
        reply = await core.ask(f"help {command}")
        [field] = [f for f in reply.fields if f.name == "competition"]
        assert field.value == COMPETITION_HELP
    assert len(COMPETITION_HELP) <= 100          # a Discord option description, unshortened
