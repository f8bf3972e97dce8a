"""A whole real Champions League season (openfootball 2024-25, 189 matches, 36 clubs) served by
the fake football-data.org in v4 shape, synced onto the same season already imported from the
file: every match and club is recognised (nothing doubled), and one pass is one request."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import Store
from storage.feed import FeedClient, FeedSync
from storage.feed.competitions import AREA_CODES
from storage.importers import import_files, openfootball
from storage.importers.common import MatchRecord
from tests import fake_football_data as fake_mod
from tests.admin_helpers import fingerprint
from tests.fake_football_data import FakeFootballData, match_node, score
from tests.scheduler_fakes import FakeClock, at

CL_2024 = (Path(__file__).resolve().parents[2] / "shared" / "data"
           / "openfootball-champions-league" / "2024-25" / "cl.txt")
STAGES = {"LP": "LEAGUE_STAGE", "KPO": "PLAYOFFS", "R16": "LAST_16", "QF": "QUARTER_FINALS",
          "SF": "SEMI_FINALS", "F": "FINAL"}
ISO = {ours: iso for iso, ours in AREA_CODES.items()}


def v4_score(rec: MatchRecord) -> dict:
    assert rec.ft is not None
    if rec.pen:
        aet = rec.aet or rec.ft
        return score((aet[0] + rec.pen[0], aet[1] + rec.pen[1]), rec.ht,
                     duration="PENALTY_SHOOTOUT", regular=rec.ft,
                     extra=(aet[0] - rec.ft[0], aet[1] - rec.ft[1]), pens=rec.pen)
    if rec.aet:
        return score(rec.aet, rec.ht, duration="EXTRA_TIME", regular=rec.ft,
                     extra=(rec.aet[0] - rec.ft[0], rec.aet[1] - rec.ft[1]))
    return score(rec.ft, rec.ht)


def season_feed(feed: FakeFootballData, monkeypatch: pytest.MonkeyPatch) -> int:
    """The file's matches as v4 nodes; the teams registered with ISO area codes."""
    records = openfootball.parse(CL_2024.read_text(encoding="utf-8"), CL_2024)
    ids: dict[tuple[str, str], int] = {}
    for rec in records:
        for ref in (rec.home, rec.away):
            key = (ref.name, ref.country or "")
            if key not in ids:
                ids[key] = 90000 + len(ids)
                country = key[1]
                monkeypatch.setitem(fake_mod.TEAMS, ids[key],
                                    (ref.name, None, ref.name[:3].upper(), ISO.get(country,
                                                                                   country)))
                monkeypatch.setitem(fake_mod.AREAS, ISO.get(country, country),
                                    (3000 + len(ids), country))
        node = match_node(
            700000 + rec.line, ids[(rec.home.name, rec.home.country or "")],
            ids[(rec.away.name, rec.away.country or "")],
            rec.kickoff_utc or f"{rec.date}T20:00:00Z", status="FINISHED",
            stage=STAGES[rec.round], matchday=None, score_node=v4_score(rec))
        node["season"] = {**node["season"], "startDate": "2024-07-09", "endDate": "2025-05-31"}
        feed.add(node)
    return len(records)


async def test_a_full_real_season_matches_the_imported_one_in_one_request_a_pass(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    await import_files(store, "openfootball", [CL_2024])
    clubs = len(await store.clubs())
    ties = await store.db.execute_fetchall(
        "SELECT first_leg_id, second_leg_id, winner_id, decided_by FROM ties ORDER BY 1")
    clock = FakeClock(at("2025-06-10T12:00:00"))
    feed = await FakeFootballData(now=clock.now).start()
    client = FeedClient("free-token", feed.api_url, now=clock.now, sleep=clock.sleep)
    try:
        count = season_feed(feed, monkeypatch)
        assert count == 189
        sync = FeedSync(store, client, ["CL"], now=clock.now)
        [first] = await sync.run_pass()
        assert first.error is None and first.skipped == []
        assert (first.added, first.updated, first.unchanged) == (0, 0, 189), first.line()
        assert first.completed == []                 # an old season posts no results
        assert len(feed.requests) == 2               # the matches, and the teams once
        assert len(await store.clubs()) == clubs     # all 36 clubs recognised
        assert [tuple(r) for r in await store.db.execute_fetchall(
            "SELECT first_leg_id, second_leg_id, winner_id, decided_by FROM ties "
            "ORDER BY 1")] == [tuple(r) for r in ties]
        before = await fingerprint(store)
        [second] = await sync.run_pass()
        assert (second.added, second.updated, second.unchanged) == (0, 0, 189)
        assert len(feed.requests) == 3               # one request for the whole season
        assert await fingerprint(store) == before
    finally:
        await client.close()
        await feed.close()
