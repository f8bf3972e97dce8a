"""An import run loads its club resolvers once, not once per file, and stores exactly what
importing its files one run each (a resolver read afresh from the database per file) stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_fixtures import OPENFOOTBALL, SHARED, needs_shared

from storage import Store
from storage.importers import import_files
from storage.importers.resolve import ClubResolver

TABLES = {
    "clubs": "id, name, country, ground",
    "club_aliases": "key, country, club_id, alias",
    "matches": "id, season_id, stage, round, leg, date, kickoff_utc, home_id, away_id, neutral, "
               "venue, status, ht_home, ht_away, ft_home, ft_away, aet_home, aet_away, "
               "pen_home, pen_away, note, source",
    "goals": "match_id, team_id, player_id, minute, stoppage, penalty, own_goal, "
             "assist_player_id",
    "players": "id, name",
    "ties": "*",
}


def _files() -> list[tuple[str, Path]]:
    """Two seasons of current files (countries given), their older history files (none
    given: names placed against the clubs known), then two English league files (bulk)."""
    out = []
    for season in ("2016-17", "2017-18"):
        out += [("openfootball", p) for p in sorted((OPENFOOTBALL / season).glob("*.txt"))]
        out += [("openfootball", p) for p in
                sorted((OPENFOOTBALL / "_history_6d3ffae" / season).glob("*.txt"))]
    england = SHARED / "openfootball-england" / "2016-17"
    out += [("openfootball", england / "1-premierleague.txt"),
            ("openfootball", england / "2-championship.txt")]
    return out


async def _rows(store: Store) -> dict[str, list[tuple]]:
    return {t: sorted((tuple(r) for r in await store.db.execute_fetchall(
        f"SELECT {cols} FROM {t}")), key=repr) for t, cols in TABLES.items()}


@needs_shared
async def test_one_resolver_per_run_stores_what_a_resolver_per_file_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files()
    assert len(files) > 6 and all(p.is_file() for _k, p in files)
    loads = 0
    real_load = ClubResolver.load

    async def counted(self: ClubResolver) -> ClubResolver:
        nonlocal loads
        loads += 1
        return await real_load(self)

    monkeypatch.setattr(ClubResolver, "load", counted)
    one_run = await Store.open(tmp_path / "one.db")
    per_file = await Store.open(tmp_path / "each.db")
    try:
        total = await import_files(one_run, "openfootball", [p for _k, p in files])
        # one for the Football.TXT files, one for the bulk English ones; the history files
        # follow the current ones without a reload
        assert loads == 2
        added = 0
        for kind, path in files:
            added += (await import_files(per_file, kind, [path])).clubs_added
        assert loads == 2 + len(files)
        assert total.clubs_added == added > 0
        one, each = await _rows(one_run), await _rows(per_file)
        assert {t: len(r) for t, r in one.items()} == {t: len(r) for t, r in each.items()}
        assert one == each
        assert len(one["matches"]) > 500 and one["goals"]
    finally:
        await one_run.close()
        await per_file.close()
