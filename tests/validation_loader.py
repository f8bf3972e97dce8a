"""Test-only loader for the validation CSVs (goals with minutes and assists, 2016-17 → 2021-22).

Unknown provenance: used by tests and benchmarks only, never shipped or imported by default.
Writes through Store methods in one transaction. The CSVs have no round column: matches from
September to December are group matches, the rest knockout. Players.csv gives one team per
player (a snapshot), so a goal is credited to the scorer's side when his snapshot team
played in the match, else to the side whose goals are not yet all accounted for.
"""

from __future__ import annotations

import asyncio
import csv
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from bot.core import Core
from storage import Store
from storage.matches import NewGoal, NewMatch
from tests.independent import SHARED

DATA = SHARED / "ucl-2016-2022-validation" / "data"
COUNTRIES = {"Germany": "GER", "Italy": "ITA", "England": "ENG", "Spain": "ESP",
             "Russia": "RUS", "France": "FRA", "Turkey": "TUR", "Portugal": "POR",
             "Netherlands": "NED", "Belgium": "BEL", "Ukraine": "UKR", "Switzerland": "SUI",
             "Greece": "GRE", "Denmark": "DEN", "Czech Republic": "CZE", "Sweden": "SWE",
             "Slovenia": "SVN", "Serbia": "SRB", "Scotland": "SCO", "Poland": "POL",
             "Moldova": "MDA", "Hungary": "HUN", "Cyprus": "CYP", "Croatia": "CRO",
             "Bulgaria": "BUL", "Azerbaijan": "AZE", "Austria": "AUT"}


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8-sig", newline="") as f:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]


@dataclass(frozen=True)
class VMatch:
    id: str
    season: int
    date: str            # ISO
    home: str
    away: str
    hg: int
    ag: int

    @property
    def stage(self) -> str:
        return "group" if int(self.date[5:7]) >= 9 else "knockout"


@dataclass(frozen=True)
class VGoal:
    match: str
    player: str | None   # empty in a few rows: a goal with no scorer named
    minute: int
    assist: str | None
    own_goal: bool
    penalty: bool
    side: str            # 'home' | 'away': credited


@cache
def validation() -> tuple[dict[str, VMatch], dict[str, str], list[VGoal]]:
    """(matches by id, player names by id, goals in file order)."""
    matches = {}
    for r in _rows("Matches.csv"):
        d, m, y = r["DATE"].split("-")
        matches[r["MATCH_ID"]] = VMatch(r["MATCH_ID"], int(r["SEASON"][:4]), f"{y}-{m}-{d}",
                                        r["HOME_TEAM"], r["AWAY_TEAM"],
                                        int(r["HOME_TEAM_SCORE"]), int(r["AWAY_TEAM_SCORE"]))
    players = {r["PLAYER_ID"]: r["TEAM"] for r in _rows("Players.csv")}
    names = {r["PLAYER_ID"]: f"{r['FIRST_NAME']} {r['LAST_NAME']}".strip()
             for r in _rows("Players.csv")}
    goals, used = [], {}
    for r in _rows("goals.csv"):
        m = matches.get(r["MATCH_ID"])
        if m is None:
            continue
        own = "own goal" in r["GOAL_DESC"].lower()
        team = players.get(r["PID"])
        if team in (m.home, m.away):
            side = "home" if (team == m.home) != own else "away"
        else:
            side = "home" if used.get((m.id, "home"), 0) < m.hg else "away"
        used[(m.id, side)] = used.get((m.id, side), 0) + 1
        goals.append(VGoal(m.id, r["PID"] or None, int(r["DURATION"] or 0),
                           r["ASSIST"] or None, own, "penalty" in r["GOAL_DESC"].lower(), side))
    return matches, names, goals


async def load_validation(store: Store) -> dict[str, int]:
    """Insert the validation data; returns our match id per validation match id."""
    matches, names, goals = validation()
    countries = {r["TEAM_NAME"]: COUNTRIES.get(r["COUNTRY"], "XXX") for r in _rows("Teams.csv")}
    ids: dict[str, int] = {}
    async with store.transaction():
        comp = await store.ensure_competition("UCL", "European Cup / Champions League", 1992)
        clubs: dict[str, int] = {}
        players: dict[str, int] = {}
        for m in sorted(matches.values(), key=lambda m: m.date):
            for team in (m.home, m.away):
                if team not in clubs:
                    clubs[team] = await store.insert_club(team, countries.get(team, "XXX"))
            season = await store.ensure_season(comp, m.season)
            ids[m.id], _ = await store.upsert_match(NewMatch(
                season, m.stage, "group stage" if m.stage == "group" else "knockout round",
                "single", m.date,
                clubs[m.home], clubs[m.away], "validation", ft=(m.hg, m.ag)))
        by_match: dict[str, list[NewGoal]] = {}
        for g in goals:
            for pid in (g.player, g.assist):
                if pid and pid not in players:
                    players[pid] = await store.insert_player(names.get(pid, pid))
            m = matches[g.match]
            by_match.setdefault(g.match, []).append(NewGoal(
                clubs[m.home if g.side == "home" else m.away],
                players[g.player] if g.player else None, g.minute,
                penalty=g.penalty, own_goal=g.own_goal,
                assist_player_id=players[g.assist] if g.assist else None))
        for mid, new in by_match.items():
            await store.replace_goals(ids[mid], new)
    return ids


async def _build(path: Path) -> None:
    store = await Store.open(path)
    try:
        await load_validation(store)
    finally:
        await store.close()


@pytest.fixture(scope="session")
def validation_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("validation") / "validation.db"
    asyncio.run(_build(path))
    return path


@pytest.fixture
async def validation_core(validation_db: Path) -> AsyncIterator[Core]:
    """A core on the validation data; tests that write use a copy (see `validation_copy`)."""
    store = await Store.open(validation_db)
    yield Core(store)
    await store.close()
