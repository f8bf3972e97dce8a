"""Subscriptions to domestic competitions, through the real scheduler, on the real English
league history (england.csv + openfootball-england, whose 2025-26 season is part-played and
ends in stored fixtures with kick-off times)."""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.commands import Actor
from bot.core import Core
from bot.scheduler import Scheduler
from storage import Store
from storage.importers import ImportSummary
from tests.admin_helpers import fingerprint
from tests.leaguehistory import needs_england
from tests.scheduler_fakes import FakeClock, RecordingPoster, at

pytestmark = needs_england
ADMIN = Actor("discord", "1", "Admin", is_admin=True)
FIRST = "2026-05-01T19:00:00"          # the first Premier League fixture left in 2025-26


@pytest.fixture
def league_clock() -> FakeClock:
    return FakeClock(datetime(2026, 4, 28, 12, 0, tzinfo=UTC))


@pytest.fixture
async def league_core(league_db: tuple[Path, list[ImportSummary]], tmp_path: Path,
                      league_clock: FakeClock) -> AsyncIterator[Core]:
    """A core on a copy of the league history (subscriptions and posts are written)."""
    path = tmp_path / "leagues.db"
    shutil.copy(league_db[0], path)
    store = await Store.open(path)
    yield Core(store, now=league_clock.now)
    await store.close()


async def fixtures_between(store: Store, code: str, first: str, last: str
                           ) -> list[tuple[int, str, str, str]]:
    """(id, kick-off, home, away) of a competition's stored fixtures kicking off in
    [first, last], read straight from the tables."""
    rows = await store.db.execute_fetchall(
        "SELECT m.id, m.kickoff_utc, h.name, a.name FROM matches m "
        "JOIN seasons se ON se.id = m.season_id JOIN competitions c ON c.id = se.competition_id "
        "JOIN clubs h ON h.id = m.home_id JOIN clubs a ON a.id = m.away_id "
        "WHERE c.code = ? AND m.status = 'scheduled' AND m.kickoff_utc BETWEEN ? AND ? "
        "ORDER BY m.kickoff_utc, m.id", (code, first, last))
    return [tuple(r) for r in rows]


async def subscribe(core: Core, target: str, place: str) -> str:
    reply = await core.ask(f"subscribe {target} leads:24h", actor=ADMIN, place=place)
    assert reply.kind == "answer", reply.title
    return reply.title


async def test_a_channel_subscribed_to_a_league_gets_its_fixtures_and_no_others(
        league_core: Core, league_clock: FakeClock) -> None:
    store = league_core.store
    assert await subscribe(league_core, "premier league", "pl") == (
        "This channel is subscribed to Premier League (English top flight)")
    assert await subscribe(league_core, "the Championship", "efl") == (
        "This channel is subscribed to Championship (English second tier)")
    poster = RecordingPoster("discord", league_clock)
    scheduler = Scheduler(league_core, {"discord": poster}, now=league_clock.now,
                          sleep=league_clock.sleep)
    league_clock.move_to(at("2026-05-01T14:00:00"))   # 24 h before the 2 May matches
    await scheduler.tick()
    first = "2026-05-01T14:00:01Z"
    window_end = "2026-05-02T14:00:00Z"
    eng1 = await fixtures_between(store, "ENG1", first, window_end)
    eng2 = await fixtures_between(store, "ENG2", first, window_end)
    assert eng1 and eng2
    by_channel: dict[str, list[int]] = {}
    for d in poster.delivered:
        by_channel.setdefault(d.channel_id, []).append(int(d.key.split("/")[2]))
    assert by_channel["pl"] == [m[0] for m in eng1]
    assert sorted(by_channel["efl"]) == sorted(m[0] for m in eng2)
    preview = next(d.reply for d in poster.delivered if d.channel_id == "pl")
    _id, _kick, home, away = eng1[0]
    assert preview.title.startswith(f"{home} v {away}")
    text = preview.plain_text()
    assert preview.title == f"{home} v {away} — 2025-26 Premier League"
    for club in (home, away):      # the league preview: both clubs' places in the table
        assert re.search(rf"{club} are \d+(st|nd|rd|th) in the Premier League", text), text


async def test_league_result_posted_to_the_league_channel(
        league_core: Core, league_clock: FakeClock) -> None:
    store = league_core.store
    await subscribe(league_core, "eng1", "pl")
    await subscribe(league_core, "facup", "cup")
    [(match_id, _kick, home, away)] = (await fixtures_between(
        store, "ENG1", f"{FIRST}Z", f"{FIRST}Z"))
    poster = RecordingPoster("discord", league_clock)
    scheduler = Scheduler(league_core, {"discord": poster}, now=league_clock.now,
                          sleep=league_clock.sleep)
    league_clock.move_to(at("2026-05-01T21:00:00"))
    reply = await league_core.ask(f"admin result {home} 2-1 {away}", actor=ADMIN)
    assert reply.kind == "answer", reply.title
    await scheduler.tick()
    results = [d for d in poster.delivered if d.key.split("/")[-1].startswith("result")]
    assert [(d.channel_id, int(d.key.split("/")[2])) for d in results] == [("pl", match_id)]
    assert results[0].reply.title == f"Full time: {home} 2-1 {away}"


async def test_subscribing_to_more_than_one_competition_is_refused_unwritten(
        league_core: Core) -> None:
    before = await fingerprint(league_core.store)
    for words in ("league", "europe"):
        reply = await league_core.ask(f"subscribe {words}", actor=ADMIN, place="x")
        assert reply.kind == "user_error"
        assert "one competition at a time" in reply.title and "eng1" in reply.title
    assert await fingerprint(league_core.store) == before
