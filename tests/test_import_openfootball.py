"""openfootball Football.TXT: line variants, years, legs, neutral venues, scorers, overlap."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_fixtures import (
    MATCH_BY_NAMES,
    OPENFOOTBALL,
    full_db_file,
    full_store,
    needs_shared,
    one,
)

from storage import Store
from storage.importers import BadImportFile, import_files
from storage.importers.common import GoalRecord
from storage.importers.football_txt import DATE_LINE, infer_date, parse_scorers
from storage.importers.openfootball import parse

__all__ = ["full_db_file", "full_store"]

SAMPLE = """= UEFA Champions League 2019/20

» Group A
  Tue Sep/17 2019
    21.00  Liverpool FC (ENG)   v Real Madrid (ESP)   2-5 (2-2)
           Chelsea FC (ENG)     v Valencia CF (ESP)   3-2 a.e.t. (2-1, 0-1)

» Group B
  Wed Sep/18
    18.55  AFC Ajax (NED)       v Lille OSC (FRA)     4-3 pen. 1-0 a.e.t. (1-0, 1-0)

» Round of 16
  Tue Feb/18 2020
    21.00  Atalanta (ITA)       v Valencia CF (ESP)   4-1 (2-0)
  Tue Mar/10
    21.00  Valencia CF (ESP)    v Atalanta (ITA)      3-4 (1-2)

» Final
  Sun Aug/23
    21.00  Paris Saint-Germain (FRA) v Bayern München (GER)   0-1 (0-0)
"""


def _sample(tmp_path: Path, text: str = SAMPLE) -> Path:
    path = tmp_path / "2019-20" / "cl.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_score_variants_times_and_years(tmp_path: Path) -> None:
    recs = parse(SAMPLE, _sample(tmp_path))
    liverpool, chelsea, ajax, r16a, r16b, final = recs
    assert (liverpool.ft, liverpool.ht, liverpool.aet) == ((2, 5), (2, 2), None)
    assert (chelsea.aet, chelsea.ft, chelsea.ht) == ((3, 2), (2, 1), (0, 1))
    assert (ajax.pen, ajax.aet, ajax.ft, ajax.ht) == ((4, 3), (1, 0), (1, 0), (1, 0))
    assert chelsea.kickoff_utc == "2019-09-17T19:00:00Z"  # 21.00 CEST, shared by the line
    assert ajax.date == "2019-09-18"  # a new section restarting in September keeps the year
    assert (r16a.leg, r16b.leg) == ("1", "2")
    assert (final.date, final.leg, final.neutral) == ("2020-08-23", "single", True)
    assert liverpool.home.country == "ENG" and not liverpool.neutral


def test_year_from_weekday_in_summer() -> None:
    august = DATE_LINE.match("  Fri Aug/7")
    assert august and infer_date(august, 2019).isoformat() == "2020-08-07"
    july = DATE_LINE.match("[Tue Jul/9]")
    assert july and infer_date(july, 2019).isoformat() == "2019-07-09"


def test_scorer_line() -> None:
    goals = parse_scorers("Salah 36', 45+1' Mané 56'; Džeko 81' Perotti 85' (pen.)")
    assert goals[1] == GoalRecord("home", "Salah", 45, 1)
    assert goals[-1] == GoalRecord("away", "Perotti", 85, None, penalty=True)
    own = parse_scorers("S. Ramos 48' (o.g.); L. Modric 66'  C. Ronaldo 69'")
    assert own[0] == GoalRecord("home", "S. Ramos", 48, None, own_goal=True)
    assert parse_scorers("-; Kane 39', 62', 67'")[2].minute == 67


async def test_a_malformed_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    extra = "\n    21.00  Valencia CF (ESP) v Atalanta (ITA)  3:x"
    bad = SAMPLE.replace("3-4 (1-2)", "3-4 (1-2)" + extra)
    path = _sample(tmp_path, bad)
    with pytest.raises(BadImportFile) as err:
        await import_files(store, "openfootball", [path])
    assert err.value.line == 17 and err.value.path == str(path)
    assert "3:x" in err.value.problem
    assert (await store.fetchone("SELECT COUNT(*) FROM matches"))[0] == 0


@needs_shared
async def test_2018_final_in_kyiv(full_store: Store) -> None:
    row = await one(full_store, MATCH_BY_NAMES, ("Real Madrid", "Liverpool", "2018-05-26"))
    assert row[1:7] == ("F", "single", 1, "NSC Olimpiyskiy Stadium, Kiev", 3, 1)
    assert row[11] == "2018-05-26T18:45:00Z"
    goals = await full_store.goals([row[0]])
    assert [(g.player, g.minute) for g in goals] == [
        ("Benzema", 51), ("Mané", 55), ("Bale", 64), ("Bale", 83)]


@needs_shared
async def test_lisbon_is_neutral_but_the_august_home_legs_are_not(full_store: Store) -> None:
    qf = await one(full_store, MATCH_BY_NAMES, ("Barcelona", "Bayern München", "2020-08-14"))
    assert qf[1:4] == ("QF", "single", 1)
    r16 = await one(full_store, MATCH_BY_NAMES,
                    ("Manchester City", "Real Madrid", "2020-08-07"))
    assert r16[1:4] == ("R16", "2", 0)


@needs_shared
async def test_own_goal_is_credited_to_the_other_side(full_store: Store) -> None:
    row = await one(full_store, MATCH_BY_NAMES, ("Manchester United", "Real Madrid",
                                                 "2013-03-05"))
    goals = await full_store.goals([row[0]])
    own = [g for g in goals if g.own_goal]
    assert len(own) == 1 and own[0].team_id == row[12]


@needs_shared
async def test_overlap_gives_one_match_and_one_club(full_store: Store) -> None:
    for year in range(2011, 2016):  # finals are given with the sides swapped across sources
        main_draw = await one(full_store, """
            SELECT COUNT(*) FROM matches m JOIN seasons s ON s.id = m.season_id
            JOIN competitions c ON c.id = s.competition_id
            WHERE c.code = 'UCL' AND s.start_year = ? AND m.stage IN ('group', 'knockout')""",
            (year,))
        assert main_draw == (125,), year
    for name, country in [("Olympiacos", "GRE"), ("Basel", "SUI"), ("Malmö FF", "SWE"),
                          ("Bayern München", "GER"), ("Atlético Madrid", "ESP"),
                          ("Inter", "ITA"), ("Real Madrid", "ESP")]:
        assert await one(full_store, "SELECT COUNT(*) FROM clubs WHERE name = ? AND "
                         "country = ?", (name, country)) == (1,), name
    for alias, country, name in [
            ("Olympiakos Piraeus", "GRE", "Olympiacos"), ("FC Basel 1893", "SUI", "Basel"),
            ("Malmo FF", "SWE", "Malmö FF"), ("Bayern Munich", "GER", "Bayern München"),
            ("FC Bayern München", "GER", "Bayern München"), ("Inter", "ITA", "Inter"),
            ("Club Atlético de Madrid", "ESP", "Atlético Madrid"),
            ("Internazionale", "ITA", "Inter"), ("RMA", "ESP", "Real Madrid")]:
        club_id = await full_store.find_club(alias, country)
        assert club_id is not None, alias
        club = await full_store.club(club_id)
        assert club is not None and club.name == name, alias


@needs_shared
async def test_grounds_from_home_legs_only(full_store: Store) -> None:
    real = await one(full_store, "SELECT ground FROM clubs WHERE name = 'Real Madrid'")
    assert real[0] and "Bernabéu" in real[0]


@needs_shared
def test_every_history_club_resolves(full_db_file: tuple) -> None:
    _path, summaries = full_db_file
    assert summaries[1].skipped == []
    assert OPENFOOTBALL.exists()
