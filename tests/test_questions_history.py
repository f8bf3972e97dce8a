"""The issue's everyday questions on the full imported history, in plain words and as
commands, checked against counts made straight from the source files (tests/independent*.py),
never through our importer or store."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from bot.core import Core
from tests import independent as ind
from tests.independent_scorers import club_goals, club_matches_with_scorers, history_goals

BEFORE = "2016-06-01"            # champs.csv holds every match up to here
LIVERPOOL = ("Liverpool", "Liverpool FC")


async def both(core: Core, question: str, command: str, as_of: date | None = None):
    """The plain-words answer, checked equal to the command's, which is returned."""
    asked = await core.ask(question, as_of=as_of)
    direct = await core.ask(command, as_of=as_of)
    assert not direct.is_error, direct.title
    assert (asked.title, asked.lines, asked.data) == (direct.title, direct.lines, direct.data)
    return direct


async def test_who_has_scored_most_for_liverpool(history: Core) -> None:
    reply = await both(history, "who has scored most for Liverpool", "scorers Liverpool")
    expected = Counter(g.player for g in club_goals(LIVERPOOL))
    got = {s["player"]: s["goals"] for s in reply.data["scorers"]}
    assert got == dict(expected)
    best = max(expected.values())
    leaders = sorted(p for p, n in expected.items() if n == best)
    assert reply.lines[0] == (f"{', '.join(leaders[:-1])} and {leaders[-1]} have scored the most "
                              "goals for Liverpool in our data: ten goals each.")
    seasons = {g.season for g in club_goals(LIVERPOOL)}
    assert seasons == {2017}
    assert reply.lines[1].startswith(
        "Scorers known for Champions League 2017-18 group stage and knockout rounds. ")
    assert reply.data["matches_with_scorers"] == club_matches_with_scorers(LIVERPOOL)
    assert reply.title == "Top scorers: Liverpool, every competition in our data"


async def test_all_time_top_scorer_and_his_penalties(history: Core) -> None:
    reply = await both(history, "all-time top scorers", "scorers")
    ronaldo = [g for g in history_goals() if g.player == "Ronaldo" and not g.own_goal]
    top = reply.data["scorers"][0]
    assert (top["player"], top["goals"], top["penalties"]) == (
        "Ronaldo", len(ronaldo), sum(g.penalty for g in ronaldo))
    assert top["goals"] == max(Counter(g.player for g in history_goals()
                                       if not g.own_goal).values())


async def test_top_scorers_of_a_season_without_scorers_say_what_is_known(history: Core) -> None:
    reply = await history.ask("top scorers 2022-23")
    direct = await history.ask("scorers season:2022-23")
    assert reply.kind == direct.kind == "user_error" and reply.title == direct.title
    assert not [g for g in history_goals() if g.season == 2022]
    group_seasons = sorted({g.season for g in history_goals() if not g.knockout})
    assert group_seasons == [2015, 2016, 2017]
    assert reply.title.startswith("Our data cannot say who scored in 2022-23: it has no "
                                  "scorers for those matches. Scorers known for Champions "
                                  "League 2015-16 → 2017-18 group stage and knockout rounds")


@pytest.mark.parametrize(("year", "competition", "words"), [
    (1960, "ec", "european cup"), (1989, "ec", "european cup"),
    (2005, "cl", "champions league"), (2012, "cl", "champions league"),
    (2016, "cl", "champions league"), (2018, "cl", "champions league"),
])
async def test_who_won_the_champions_league_in_a_year(history: Core, year: int,
                                                      competition: str, words: str) -> None:
    reply = await both(history, f"who won the {words} in {year}",
                       f"honours season:{year} competition:{competition}")
    final = next(r for r in ind.final_games("2018-06-01") if r.date[:4] == str(year))
    side = "home" if ind.final_winner(final) == final.home else "away"
    got = reply.data["final"]
    assert (got["date"], got["season"]) == (final.date, final.season)
    assert reply.data["winner"] == got[side]
    counted = [r for r in ind.final_games(final.date + "x")
               if competition == "ec" or r.season >= 1992]
    winner = ind.final_winner(final)
    assert reply.data["titles"] == sum(ind.final_winner(r) == winner for r in counted)


async def test_liverpool_record_in_finals(history: Core) -> None:
    as_of = date(2018, 6, 1)
    reply = await both(history, "Liverpool record in finals", "honours Liverpool", as_of)
    played = [r for r in ind.final_games("2018-06-01") if "Liverpool" in (r.home, r.away)]
    won = [r for r in played if ind.final_winner(r) == "Liverpool"]
    assert (reply.data["finals"], reply.data["titles"]) == (len(played), len(won)) == (8, 5)
    assert [m["date"] for m in reply.data["won"]] == [r.date for r in won]
    assert reply.lines[0] == ("Liverpool have played eight European Cup/Champions League "
                              "finals: won five, lost three.")
    assert len(reply.lines) == 1 + len(played)


@pytest.mark.parametrize(("team", "opponent", "csv_team", "csv_opponent"), [
    ("Liverpool", "Real Madrid", "Liverpool", "Real Madrid"),
    ("Bayern München", "Real Madrid", "Bayern Munich", "Real Madrid"),
    ("Celtic", "AC Milan", "Celtic", "AC Milan"),
])
async def test_when_did_a_club_last_beat_draw_with_and_lose_to_another(
        history: Core, team: str, opponent: str, csv_team: str, csv_opponent: str) -> None:
    as_of = date.fromisoformat(BEFORE)
    reply = await both(history, f"when did {team} last play {opponent}",
                       f"last {team} v {opponent}", as_of)
    meetings = [r for r in ind.club_rows(csv_team, BEFORE) if csv_opponent in (r.home, r.away)]
    assert reply.data["meetings"] == len(meetings)
    for result, test in (("win", lambda r: r.gf(csv_team) > r.ga(csv_team)),
                         ("draw", lambda r: r.gf(csv_team) == r.ga(csv_team)),
                         ("defeat", lambda r: r.gf(csv_team) < r.ga(csv_team))):
        latest = [r.date for r in meetings if test(r)][-1:] or [None]
        got = reply.data["last"][result]
        assert (got["date"] if got else None) == latest[0], result
    win = await both(history, f"when did {team} last beat {opponent}",
                     f"last {team} v {opponent} result:win", as_of)
    assert win.data["last"] == {"win": reply.data["last"]["win"]}


async def test_liverpool_never_drew_with_real_madrid_before_2016(history: Core) -> None:
    reply = await history.ask("when did Liverpool and Real Madrid last draw",
                              as_of=date.fromisoformat(BEFORE))
    assert reply.lines == ("Liverpool have never drawn with Real Madrid in our data "
                           "(five meetings).",)


def by_size(rows: list[ind.Row], margin_first: bool = True) -> list[tuple[str, int, int]]:
    """(date, margin, total): biggest first, ties by the other measure, then the earliest."""
    out = [(r.date, abs(r.hg - r.ag), r.hg + r.ag) for r in rows]
    key = (lambda x: (-x[1], -x[2], x[0])) if margin_first else (lambda x: (-x[2], -x[1], x[0]))
    return sorted(out, key=key)[:5]


async def test_biggest_win_in_champions_league_history(history: Core) -> None:
    as_of = date.fromisoformat(BEFORE)
    reply = await both(history, "biggest win in Champions League history",
                       "biggest competition:cl kind:wins", as_of)
    cl = [r for r in ind.champs() if r.season >= 1992 and r.date < BEFORE]
    got = [(m["date"], abs(a - b), a + b) for m in reply.data["wins"]
           for a, b in [m["aet"] or m["ft"]]]
    assert got == by_size(cl)
    assert got[0][1] == 10 and reply.lines[0].startswith(
        "The biggest win in Champions League matches in our data: HJK Helsinki 10-0 Bangor City")
    goals = await history.ask("highest scoring match in the champions league", as_of=as_of)
    assert [(m["date"], m["ft"] if not m["aet"] else m["aet"]) for m in goals.data["goals"]][0][0] \
        == by_size(cl, margin_first=False)[0][0]


async def test_liverpool_biggest_wins_and_defeats(history: Core) -> None:
    as_of = date.fromisoformat(BEFORE)
    reply = await both(history, "Liverpool's biggest win in the European Cup",
                       "biggest Liverpool kind:wins competition:ec", as_of)
    rows = ind.club_rows("Liverpool", BEFORE)
    wins = [r for r in rows if r.gf("Liverpool") > r.ga("Liverpool")]
    assert [m["date"] for m in reply.data["wins"]] == [d for d, _, _ in by_size(wins)]
    assert reply.lines[0].startswith("Liverpool's biggest win in European Cup/Champions League "
                                     "matches in our data: Liverpool 10-1 OPS Oulu")
    defeats = await history.ask("biggest Liverpool kind:defeats competition:ec", as_of=as_of)
    lost = [r for r in rows if r.gf("Liverpool") < r.ga("Liverpool")]
    assert [m["date"] for m in defeats.data["defeats"]] == [d for d, _, _ in by_size(lost)]


async def test_compare_salah_and_mane(history: Core) -> None:
    """Our data keeps one player per club where no source links two spellings (Salah at
    Roma in 2015-16 is another entry), so the count is of their Liverpool goals."""
    reply = await both(history, "compare Salah and Mané", "compare Salah v Mané")
    goals = club_goals(LIVERPOOL)
    rows = reply.data["rows"]
    for i, name in enumerate(("Salah", "Mané")):
        his = [g for g in goals if g.player == name]
        assert rows["Goals"][i] == len(his)
        assert rows["Penalties"][i] == sum(g.penalty for g in his)
        assert rows["Knockout rounds"][i] == sum(g.knockout for g in his)
        assert rows["Group stage"][i] == sum(not g.knockout for g in his)
    assert reply.lines[0] == "Salah and Mané have the same number of goals in our data: ten."
