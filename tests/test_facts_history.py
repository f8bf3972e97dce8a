"""Facts on the full imported history agree with counts made straight from the source files."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from bot.core import Core
from tests import independent as ind

# our display name → the name in champs.csv
CLUBS = {"Real Madrid": "Real Madrid", "Bayern München": "Bayern Munich",
         "Liverpool": "Liverpool", "Celtic": "Celtic", "AC Milan": "AC Milan",
         "Barcelona": "Barcelona"}
BEFORE = "2016-06-01"   # champs.csv covers everything up to here


@pytest.mark.parametrize("club", list(CLUBS))
@pytest.mark.parametrize("kind", ["unbeaten", "scoring", "winning", "clean"])
async def test_team_streaks_match_champs_csv(history: Core, club: str, kind: str) -> None:
    reply = await history.ask(f"streak {club} kind:{kind} competition:ec",
                              as_of=date.fromisoformat(BEFORE))
    assert not reply.is_error, reply.title
    current, longest = ind.streak(CLUBS[club], kind, BEFORE)
    got = reply.data["streaks"][kind]
    assert (got["current"], got["longest"]) == (current, longest)
    assert len(got["matches"]) == current


async def test_qualifiers_change_the_answer(history: Core) -> None:
    """Celtic's unbeaten record with and without qualifying rounds (European Cup era on)."""
    as_of = date.fromisoformat(BEFORE)
    with_q = await history.ask("streak Celtic kind:winning competition:ec stage:all", as_of=as_of)
    main = await history.ask("streak Celtic kind:winning competition:ec stage:main", as_of=as_of)
    exp_all = ind.streak("Celtic", "winning", BEFORE)
    exp_main = ind.streak("Celtic", "winning", BEFORE, main_draw=True)
    assert exp_all != exp_main
    assert with_q.data["streaks"]["winning"]["longest"] == exp_all[1]
    assert main.data["streaks"]["winning"]["longest"] == exp_main[1]
    assert with_q.data["counted"] == len(ind.club_rows("Celtic", BEFORE))
    assert main.data["counted"] == len(ind.club_rows("Celtic", BEFORE, main_draw=True))


async def test_european_cup_era_changes_the_answer(history: Core) -> None:
    as_of = date.fromisoformat(BEFORE)
    ec = await history.ask("streak Real Madrid kind:unbeaten competition:ec", as_of=as_of)
    cl = await history.ask("streak Real Madrid kind:unbeaten competition:cl", as_of=as_of)
    assert ec.data["streaks"]["unbeaten"]["longest"] == ind.streak(
        "Real Madrid", "unbeaten", BEFORE)[1]
    assert cl.data["streaks"]["unbeaten"]["longest"] == ind.streak(
        "Real Madrid", "unbeaten", BEFORE, since=1992)[1]
    assert "since 1992-93" in cl.footnote and "since 1955-56" in ec.footnote


@pytest.mark.parametrize("club", ["Real Madrid", "Bayern München", "Liverpool", "AC Milan"])
async def test_tie_records_by_first_leg_match_champs_csv(history: Core, club: str) -> None:
    reply = await history.ask(f"record {club} kind:ties", as_of=date.fromisoformat(BEFORE))
    assert not reply.is_error, reply.title
    expected = ind.ties(CLUBS[club], BEFORE)
    got = reply.data["ties"]
    assert len(got) == len(expected)
    for lo, hi in ((2, 99), (1, 1), (0, 0), (-1, -1), (-99, -2)):
        exp = [t for t in expected if lo <= t.margin <= hi]
        ours = [t for t in got if lo <= t["first_leg_margin"] <= hi]
        assert (len(ours), sum(t["through"] for t in ours)) == (
            len(exp), sum(t.through for t in exp)), (club, lo, hi)
    ours_how = Counter(t["decided_by"] for t in got)
    exp_how = Counter(t.how for t in expected)
    assert ours_how["penalties"] == exp_how["penalties"]
    assert ours_how["extra_time"] == exp_how["extra_time"]
    assert ours_how["aggregate"] == exp_how["aggregate"]
    # level ties: away goals, replays, a toss
    assert ours_how["away_goals"] + ours_how["replay"] + ours_how["coin_toss"] == exp_how["level"]


async def test_tie_record_sentence_and_qualifying_scope(history: Core) -> None:
    as_of = date.fromisoformat(BEFORE)
    reply = await history.ask('record Real Madrid kind:ties first_leg:"won by 2"', as_of=as_of)
    exp = [t for t in ind.ties("Real Madrid", BEFORE) if t.margin >= 2]
    won = sum(t.through for t in exp)
    assert f"went through in {won} of their {len(exp)} ties" in reply.lines[0]
    assert "the exceptions:" in reply.lines[0] and "Hamburger SV" in reply.lines[0]
    main = await history.ask("record Celtic kind:ties", as_of=as_of)
    allq = await history.ask("record Celtic kind:ties stage:all", as_of=as_of)
    assert len(main.data["ties"]) == len(ind.ties("Celtic", BEFORE))
    assert len(allq.data["ties"]) == len(ind.ties("Celtic", BEFORE, with_qualifying=True))
    assert len(allq.data["ties"]) > len(main.data["ties"])


async def test_titles_and_holder_match_champs_finals(history: Core) -> None:
    finals = ind.finals("2016-06-01")
    for club in ("Real Madrid", "AC Milan", "Liverpool", "Bayern München", "Barcelona"):
        reply = await history.ask(f"honours {club}", as_of=date(2016, 6, 1))
        assert reply.data["titles"] == sum(w == CLUBS[club] for _, w in finals), club
    holder = await history.ask("honours", as_of=date(2015, 9, 1))
    assert holder.data["holder"] == "Barcelona" == finals[-2][1]
    met = await history.ask("honours AC Milan v Liverpool", as_of=date(2016, 6, 1))
    assert len(met.data["finals"]) == 2


async def test_home_record_counts_no_neutral_finals(history: Core) -> None:
    reply = await history.ask("record Liverpool home competition:ec",
                              as_of=date.fromisoformat(BEFORE))
    rows = [r for r in ind.club_rows("Liverpool", BEFORE, main_draw=True)
            if r.home == "Liverpool" and r.round != "final" and r.leg != "replay"]
    rec = reply.data["record"]
    assert rec["won"] + rec["drawn"] + rec["lost"] == len(rows)
    assert rec["lost"] == sum(r.hg < r.ag for r in rows)
    assert rec["goals_for"] == sum(r.hg for r in rows)


async def test_cl_knockout_scoring_streak_after_2016_matches_cl_txt(history: Core) -> None:
    """Real Madrid in CL knockout rounds from 2016-17, counted from the cl.txt files."""
    games = [g for season in ("2016-17", "2017-18", "2018-19", "2019-20", "2020-21")
             for g in ind.cl_knockout(season) if "Real Madrid" in (g[0], g[1])]
    flags = [(g[2] if g[0] == "Real Madrid" else g[3]) > 0 for g in games]
    reply = await history.ask("streak Real Madrid kind:scoring competition:cl stage:knockout "
                              "since:2016", as_of=date(2021, 6, 1))
    assert reply.data["streaks"]["scoring"]["current"] == ind.runs(flags)[0]
    assert reply.data["counted"] == len(games)


async def test_form_lists_the_last_results(history: Core) -> None:
    reply = await history.ask("form Barcelona n:5 competition:ec", as_of=date(2015, 1, 1))
    rows = ind.club_rows("Barcelona", "2015-01-01")[-5:]
    letters = "".join("W" if r.gf("Barcelona") > r.ga("Barcelona") else
                      "L" if r.gf("Barcelona") < r.ga("Barcelona") else "D" for r in rows)
    assert reply.data["form"] == letters
    assert [m["date"] for m in reply.data["matches"]] == [r.date for r in rows]


async def test_preview_for_a_coming_second_leg(history: Core) -> None:
    reply = await history.ask("facts Liverpool v Real Madrid", as_of=date(2021, 4, 10))
    assert not reply.is_error, reply.title
    assert reply.data["fixture"]["date"] == "2021-04-14"
    assert [s.heading for s in reply.sections][0] == "Head-to-head"
    text = reply.plain_text()
    assert "Liverpool need to win by three goals or more" in text
    assert 6 <= len(reply.data["facts"]) <= 10
    assert "as of 14 Apr 2021" in reply.footnote


async def test_preview_for_a_first_meeting(history: Core) -> None:
    reply = await history.ask("facts Atalanta v Bayern", as_of=date(2026, 3, 1))
    assert not reply.is_error, reply.title
    assert reply.data["fixture"]["date"] == "2026-03-10"
    assert reply.sections[0].lines[0] == ("This is the first meeting of Atalanta and Bayern "
                                          "München in European competition in our data.")
    assert {s.heading for s in reply.sections} >= {"Atalanta", "Bayern München"}


async def test_player_streak_on_partial_scorer_data_says_where_it_ends(history: Core) -> None:
    """openfootball's finals files name scorers for 2011-12 → 2017-18 knockout rounds only."""
    during = await history.ask("Salah's CL streak", as_of=date(2018, 5, 1))
    assert during.data["current"] == 3 and during.data["counted_by"] == "club matches"
    assert "has scored in each of his club's last three Champions League matches" in \
        during.lines[0]
    assert "no appearance data for this period" in during.lines[0]
    after = await history.ask("Salah's CL streak", as_of=date(2019, 6, 1))
    assert "last Champions League match with scorer data" in after.lines[0]
    assert any("ends on" in line for line in after.lines)


async def test_preview_ignores_a_meeting_years_after_the_as_of_date(history: Core) -> None:
    reply = await history.ask("facts Liverpool v Real Madrid", as_of=date(2010, 1, 1))
    assert reply.data["fixture"] is None
    assert "as of 1 Jan 2010" in reply.footnote
    assert all(m["date"] < "2010-01-01" for m in reply.data["meetings"])
