"""Player facts on the validation data (goals with minutes and assists, 2016-17 → 2021-22),
checked against counts made straight from its CSV files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.core import Core
from storage import Store
from tests.independent import runs
from tests.validation_loader import validation

PLAYERS = {"Mo Salah": "ply590", "Karim Benzema": "ply831", "Robert Lewandowski": "ply398",
           "Kylian Mbappé": "ply739"}


def expected_streak(pid: str, before: str, assists: bool = False) -> tuple[str, int, int]:
    """(club, current run, longest run) over the club's matches, as documented: the club of
    his latest goal; a match counts when the club did not score or has goals recorded."""
    matches, _, goals = validation()
    mine = [g for g in goals if (g.assist if assists else g.player) == pid and not g.own_goal
            and matches[g.match].date < before]
    scorer = [g for g in goals if g.player == pid and not g.own_goal
              and matches[g.match].date < before]
    latest = max(mine + scorer, key=lambda g: matches[g.match].date)
    m = matches[latest.match]
    club = m.home if latest.side == "home" else m.away
    timeline = sorted((x for x in matches.values() if club in (x.home, x.away)
                       and x.date < before), key=lambda x: x.date)
    hit = {g.match for g in mine}
    credited = {g.match for g in goals
                if (matches[g.match].home if g.side == "home" else matches[g.match].away) == club}
    flags = []
    for x in timeline:
        scored = x.hg if x.home == club else x.ag
        if scored and x.id not in credited:
            flags = []           # scorers unknown: the countable stretch starts again
            continue
        flags.append(x.id in hit)
    current, longest = runs(flags)
    return club, current, longest


@pytest.mark.parametrize("name", list(PLAYERS))
@pytest.mark.parametrize("before", ["2019-03-01", "2022-07-01"])
async def test_scoring_streak_counts_club_matches_without_appearance_data(
        validation_core: Core, name: str, before: str) -> None:
    reply = await validation_core.ask(f"streak {name} competition:cl",
                                      as_of=date.fromisoformat(before))
    assert not reply.is_error, reply.title
    club, current, longest = expected_streak(PLAYERS[name], before)
    assert reply.data["club"] == club
    assert (reply.data["current"], reply.data["longest"]) == (current, longest)
    assert reply.data["counted_by"] == "club matches"
    text = reply.plain_text()
    assert "no appearance data for this period" in text
    if current > 1:
        assert f"has scored in each of his club's last {_n(current)} Champions League" in text
    elif current == 1:
        assert "has scored in his club's last Champions League match" in text
    else:
        assert "did not score in his club's last Champions League match" in text


async def test_assist_streak(validation_core: Core) -> None:
    reply = await validation_core.ask("streak Kylian Mbappé kind:assists", as_of=date(2022, 7, 1))
    club, current, longest = expected_streak("ply739", "2022-07-01", assists=True)
    assert (reply.data["club"], reply.data["current"], reply.data["longest"]) == (
        club, current, longest)


async def test_streak_counts_appearances_when_the_data_has_them(
        validation_db: Path, tmp_path: Path) -> None:
    """With appearances stored, Salah's streak counts his appearances, not Liverpool's
    matches: a match he missed no longer breaks his run."""
    shutil.copy(validation_db, tmp_path / "v.db")
    store = await Store.open(tmp_path / "v.db")
    try:
        matches, _, goals = validation()
        salah = {g.match for g in goals if g.player == "ply590" and not g.own_goal}
        pool = sorted((m for m in matches.values() if "Liverpool FC" in (m.home, m.away)
                       and m.season == 2017), key=lambda m: m.date)
        missed = next(m for m in pool if m.id not in salah)   # he "did not play" this one
        played = [m for m in pool if m is not missed]
        club = (await store.find_club("Liverpool FC", "ENG"))
        player = (await store.find_players("Mo Salah"))[0]
        ids = {m.id: await _match_id(store, m.date, club) for m in pool}  # type: ignore[arg-type]
        async with store.transaction():
            for m in played:
                await store.insert_appearance(ids[m.id], player, club)  # type: ignore[arg-type]
        core = Core(store)
        reply = await core.ask("streak Mo Salah competition:cl", as_of=date(2018, 7, 1))
        current, longest = runs([m.id in salah for m in played])
        assert reply.data["counted_by"] == "appearances"
        assert (reply.data["current"], reply.data["longest"]) == (current, longest)
        assert reply.data["counted"] == len(played)
        assert "no appearance data" not in reply.plain_text()
        assert "appearance" in reply.plain_text()
        first = await core.ask("player Mo Salah competition:cl first:5", as_of=date(2018, 7, 1))
        goals = sum(1 for g in goals if g.player == "ply590" and not g.own_goal
                    and g.match in {m.id for m in played[:5]})
        assert "in his first five Champions League appearances" in first.plain_text()
        assert first.plain_text().count(f"{_n(goals).capitalize()} goal") == 1
    finally:
        await store.close()


async def test_a_match_against_his_tally_before_it(validation_core: Core) -> None:
    matches, _, goals = validation()
    mine = sorted((g for g in goals if g.player == "ply831" and not g.own_goal),
                  key=lambda g: matches[g.match].date)
    day = next(matches[g.match].date for g in mine
               if sum(x.match == g.match for x in mine) >= 2)
    before = sum(1 for g in mine if matches[g.match].date < day)
    that = sum(1 for g in mine if matches[g.match].date == day)
    reply = await validation_core.ask(f"player Karim Benzema on:{day}")
    assert f"took him from {before} to {before + that} European goals" in reply.plain_text()
    assert f"His {_n(that)} goals v" in reply.plain_text()


async def test_first_appearances_without_appearance_data_says_so(validation_core: Core) -> None:
    reply = await validation_core.ask("player Karim Benzema first:10")
    assert "Goals in his first 10 appearances: no appearance data for this period." in \
        reply.plain_text()


async def _match_id(store: Store, day: str, club: int) -> int:
    row = await store.fetchone("SELECT id FROM matches WHERE date = ? AND (home_id = ? OR "
                               "away_id = ?)", (day, club, club))
    assert row is not None
    return row[0]


async def test_goal_totals_and_knockout_share(validation_core: Core) -> None:
    matches, _, goals = validation()
    mine = [g for g in goals if g.player == "ply831" and not g.own_goal]
    ko = sum(matches[g.match].stage == "knockout" for g in mine)
    reply = await validation_core.ask("player Karim Benzema competition:cl")
    assert reply.data["goals"] == len(mine)
    assert reply.data["knockout_share"] == [ko, len(mine)]
    assert f"of his {len(mine)} goals came in the knockout rounds" in reply.plain_text()


async def test_club_record_for_consecutive_scoring_matches(validation_core: Core) -> None:
    matches, names, goals = validation()
    club = "Real Madrid"
    timeline = sorted((m for m in matches.values() if club in (m.home, m.away)),
                      key=lambda m: m.date)
    hits: dict[str, set[str]] = {}
    for g in goals:
        m = matches[g.match]
        if not g.own_goal and (m.home if g.side == "home" else m.away) == club:
            hits.setdefault(g.player, set()).add(g.match)
    best = max(runs([m.id in got for m in timeline])[1] for got in hits.values())
    reply = await validation_core.ask("streak Karim Benzema competition:cl")
    assert f"the club record is {_n(best)}" in reply.plain_text() or \
        "his run is the club record" in reply.plain_text()


def _n(n: int) -> str:
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return words[n] if n < len(words) else str(n)
