"""The everyday questions beyond the European files: the FA Cup's whole history (facup.csv)
and the validation goal tables (goals with penalties and assists, 2016-17 → 2021-22), each
checked against a count made straight from the CSV files."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from functools import cache

import pytest

from bot.core import Core
from tests import independent_league as ind_league
from tests.independent import SHARED

VALIDATION = SHARED / "ucl-2016-2022-validation" / "data"


def _csv(path: str) -> list[dict[str, str]]:
    with open(SHARED / path, encoding="utf-8-sig", newline="") as f:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]


@cache
def fa_cup_finals() -> dict[str, dict[str, str]]:
    """The deciding final of each season, by the season's start year (a replay decides)."""
    out: dict[str, dict[str, str]] = {}
    for r in sorted(_csv("engsoccerdata/facup.csv"), key=lambda r: r["Date"]):
        if r["round"] == "f":
            out[r["Season"]] = r
    return out


def fa_cup_winner(r: dict[str, str]) -> str:
    hg, vg = int(r["hgoal"]), int(r["vgoal"])
    if hg == vg:
        hg, vg = int(r["hp"]), int(r["vp"])
    return r["home"] if hg > vg else r["visitor"]


@pytest.mark.parametrize("year", [1873, 1923, 1970, 1989, 2006])
async def test_who_won_the_fa_cup_in_a_year(cups: Core, year: int) -> None:
    reply = await cups.ask(f"who won the FA Cup in {year}")
    direct = await cups.ask(f"honours season:{year} competition:facup")
    assert (reply.title, reply.lines, reply.data) == (direct.title, direct.lines, direct.data)
    final = next(r for r in fa_cup_finals().values() if r["Date"][:4] == str(year))
    winner = fa_cup_winner(final)
    assert (reply.data["winner"], reply.data["final"]["date"]) == (winner, final["Date"])
    assert reply.data["venue"] == final["Venue"]
    assert reply.data["titles"] == sum(fa_cup_winner(r) == winner
                                       for r in fa_cup_finals().values()
                                       if r["Date"] <= final["Date"])
    assert final["Venue"] in reply.lines[0]


async def test_the_1989_final_reads_with_its_score_after_extra_time(cups: Core) -> None:
    reply = await cups.ask("who won the FA Cup in 1989")
    assert reply.lines == ("Liverpool won the 1988-89 FA Cup final: Liverpool 3-2 a.e.t. "
                           "Everton (20 May 1989, Wembley (original), London), their fourth "
                           "FA Cup title in our data.",)


async def test_when_did_everton_last_win_at_anfield(cups: Core) -> None:
    reply = await cups.ask("when did Everton last win at Anfield")
    assert not reply.is_error, reply.title
    visits = [r for r in _csv("engsoccerdata/facup.csv") if r["home"] == "Liverpool"
              and r["visitor"] == "Everton" and r["neutral"] != "yes"]
    won = [r for r in visits if int(r["vgoal"]) > int(r["hgoal"])]
    assert reply.data["meetings"] == len(visits) == 5
    assert reply.data["last"] == {"win": None} and not won
    assert reply.lines == ("Everton have never beaten Liverpool at Anfield in our data "
                           "(five meetings).",)
    every = await cups.ask("last Everton ground:Anfield")
    drawn = [r["Date"] for r in visits if r["hgoal"] == r["vgoal"]]
    lost = [r["Date"] for r in visits if int(r["hgoal"]) > int(r["vgoal"])]
    assert every.data["last"]["draw"]["date"] == drawn[-1]
    assert every.data["last"]["defeat"]["date"] == lost[-1]


@cache
def validation_goals() -> tuple[dict[str, dict[str, str]], list[dict[str, str]],
                                dict[str, str]]:
    matches = {r["MATCH_ID"]: r for r in _csv(f"{VALIDATION.relative_to(SHARED)}/Matches.csv")}
    goals = _csv(f"{VALIDATION.relative_to(SHARED)}/goals.csv")
    names = {r["PLAYER_ID"]: f"{r['FIRST_NAME']} {r['LAST_NAME']}".strip()
             for r in _csv(f"{VALIDATION.relative_to(SHARED)}/Players.csv")}
    return matches, goals, names


async def test_top_scorers_of_a_season(validation_core: Core) -> None:
    reply = await validation_core.ask("top scorers 2018-19")
    assert not reply.is_error, reply.title
    matches, goals, names = validation_goals()
    counted = Counter(names[g["PID"]] for g in goals if g["PID"]
                      and matches[g["MATCH_ID"]]["SEASON"] == "2018-2019"
                      and "own goal" not in g["GOAL_DESC"].lower())
    got = {s["player"]: s["goals"] for s in reply.data["scorers"]}
    assert all(counted[p] == n for p, n in got.items())
    best = max(counted.values())
    assert {p for p, n in got.items() if n == best} == {p for p, n in counted.items()
                                                        if n == best}
    assert reply.title == "Top scorers: every competition in our data 2018-19"


async def test_compare_two_players_with_penalties_and_assists(validation_core: Core) -> None:
    reply = await validation_core.ask("compare Mo Salah and Sadio Mané",
                                      as_of=date(2022, 7, 1))
    assert not reply.is_error, reply.title
    _, goals, names = validation_goals()
    ids = {n: pid for pid, n in names.items()}
    rows = reply.data["rows"]
    for i, name in enumerate(("Mo Salah", "Sadio Mané")):
        pid = ids[name]
        scored = [g for g in goals if g["PID"] == pid and "own goal" not in g["GOAL_DESC"].lower()]
        assert rows["Goals"][i] == len(scored)
        assert rows["Penalties"][i] == sum("penalty" in g["GOAL_DESC"].lower() for g in scored)
        assert rows["Assists"][i] == sum(g["ASSIST"] == pid for g in goals)


async def test_who_won_the_league_in_a_year_is_the_top_of_its_table(leagues: Core) -> None:
    reply = await leagues.ask("who won the first division in 1989")
    direct = await leagues.ask("table first division season:1988-89")
    assert (reply.title, reply.data) == (direct.title, direct.data)
    assert reply.data["rows"][0]["club"] == ind_league.table("1", 1988)[0][0] == "Arsenal"


async def test_when_did_everton_last_win_away_at_liverpool_in_the_league(leagues: Core) -> None:
    as_of = date(2022, 7, 1)          # england.csv holds every league match up to here
    reply = await leagues.ask("when did Everton last win at Liverpool in the league",
                              as_of=as_of)
    direct = await leagues.ask("last Everton v Liverpool venue:away result:win "
                               "competition:league", as_of=as_of)
    assert reply.data == direct.data
    visits = [r for r in ind_league.england() if (r.home, r.away) == ("Liverpool", "Everton")
              and r.date < as_of.isoformat()]
    won = [r.date for r in visits if r.ag > r.hg]
    assert reply.data["meetings"] == len(visits)
    assert reply.data["last"]["win"]["date"] == won[-1] == "2021-02-20"
    unknown = await leagues.ask("when did Everton last win at Anfield")   # no source names it
    assert unknown.kind == "user_error" and "no ground called “Anfield”" in unknown.title
