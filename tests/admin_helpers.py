"""Helpers for the admin and scheduler tests: a stored fixture, and a fingerprint of the DB."""

from __future__ import annotations

import hashlib

from storage import Store
from storage.matches import NewMatch

TABLES = ("matches", "goals", "players", "player_aliases", "ties", "team_news", "appearances",
          "audit_log", "subscriptions", "channels", "posts", "clubs", "club_aliases", "seasons",
          "competitions", "external_ids", "server_settings")


async def add_fixture(store: Store, home: str, away: str, date: str,
                      kickoff_utc: str | None = None, round_: str = "LP",
                      leg: str = "single", competition: str = "UCL") -> int:
    """A scheduled fixture (UCL unless told: a seeded code) between two stored clubs; round
    L is a league match."""
    ids = {c.name: c.id for c in await store.clubs()}
    home_id, away_id = ids.get(home), ids.get(away)
    assert home_id and away_id
    async with store.transaction():
        comp = await store.ensure_competition(competition, "Champions League", 1992)
        season = await store.ensure_season(comp, int(date[:4]) - (int(date[5:7]) < 6))
        stage = "league" if round_ in ("LP", "L") else "knockout"
        match_id, _ = await store.upsert_match(NewMatch(
            season_id=season, stage=stage, round=round_, leg=leg, date=date, home_id=home_id,
            away_id=away_id, source="test", kickoff_utc=kickoff_utc, status="scheduled"))
    return match_id


async def change_position(store: Store) -> tuple[int, int]:
    """(data_version, last change-log entry): both still when nothing was written."""
    row = await store.db.execute_fetchall("SELECT COALESCE(MAX(seq), 0) FROM data_changes")
    return store.data_version, row[0][0]


async def fingerprint(store: Store) -> str:
    """A hash of every row of every data table: equal exactly when nothing was written."""
    digest = hashlib.sha256()
    for table in TABLES:
        rows = await store.db.execute_fetchall(f"SELECT * FROM {table} ORDER BY 1")
        digest.update(repr([tuple(r) for r in rows]).encode())
    return digest.hexdigest()
