"""League tables and positions on real English history, against counts made from england.csv."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.core import Core
from bot.families.league_facts import ground_sentence
from bot.names import Named
from storage import Store
from storage.importers import ImportSummary, import_files
from storage.rows import Match
from tests import independent_league as ind
from tests.leaguehistory import (
    ENGLAND_CSV,
    OPENFOOTBALL_ENGLAND,
    needs_england,
)

pytestmark = needs_england

# england.csv's spellings of the clubs our curated aliases name as openfootball does
RENAMED = {"Yeovil": "Yeovil Town", "Cheltenham": "Cheltenham Town",
           "Stevenage Borough": "Stevenage FC", "Dagenham and Redbridge": "Dagenham & Redbridge",
           "Macclesfield": "Macclesfield Town", "Harrogate Town A.F.C.": "Harrogate Town"}


def rows_of(reply_data: dict) -> list[tuple]:
    return [(r["club"], r["played"], r["won"], r["drawn"], r["lost"], r["goals_for"],
             r["goals_against"], r["points"]) for r in reply_data["rows"]]


def expected(tier: str, season: int, before: str | None = None) -> list[tuple]:
    return [(RENAMED.get(c, c), *rest) for c, *rest in ind.table(tier, season, before)]


async def test_table_on_the_eve_of_the_1989_decider_matches_an_independent_count(
        leagues: Core) -> None:
    reply = await leagues.ask("table eng1 1988-89 as_of:1989-05-26")
    assert reply.kind == "answer", reply.title
    assert rows_of(reply.data) == expected("1", 1988, "1989-05-26")
    assert reply.data["rows"][0]["club"] == "Liverpool" and reply.data["to_play"] == 1
    assert "First Division 1988-89" in reply.title and "26 May 1989" in reply.title


async def test_final_table_1988_89_splits_arsenal_and_liverpool_on_goals_scored(
        leagues: Core) -> None:
    reply = await leagues.ask("table eng1 1988-89")
    assert rows_of(reply.data) == expected("1", 1988)
    top = reply.data["rows"][:2]
    assert [(r["club"], r["points"]) for r in top] == [("Arsenal", 76), ("Liverpool", 76)]
    assert "goals scored" in reply.lines[0] and reply.data["final"]


async def test_two_points_for_a_win_and_goal_average_in_1975_76(leagues: Core) -> None:
    reply = await leagues.ask("table eng1 1975-76")
    assert reply.data["win_points"] == 2 and reply.data["tiebreak"] == "goal_average"
    assert rows_of(reply.data) == expected("1", 1975)
    assert "GAv" in reply.table.headers and "2 points for a win" in reply.footnote


async def test_three_points_for_a_win_from_1981_82(leagues: Core) -> None:
    reply = await leagues.ask("table eng2 1981")
    assert reply.data["win_points"] == 3 and reply.data["tiebreak"] == "goal_difference"
    assert rows_of(reply.data) == expected("2", 1981)


async def test_a_season_both_sources_cover_counts_each_match_once(leagues: Core) -> None:
    """League Two 2018-19: england.csv and openfootball both carry it, with four clubs the
    two spell differently (Yeovil / Yeovil Town ...)."""
    reply = await leagues.ask("table eng4 2018-19")
    assert rows_of(reply.data) == expected("4", 2018)
    assert len(reply.data["rows"]) == 24
    assert {r["played"] for r in reply.data["rows"]} == {46}
    assert {"Yeovil Town", "Macclesfield Town", "Cheltenham Town", "Stevenage FC"} <= {
        r["club"] for r in reply.data["rows"]}


async def test_2022_23_missing_from_england_csv_comes_from_openfootball(leagues: Core) -> None:
    assert not [r for r in ind.england() if r.season == 2022]
    reply = await leagues.ask("table premier league 2022-23")
    assert reply.data["competition"] == "ENG1" and reply.data["name"] == "Premier League"
    assert len(reply.data["rows"]) == 20 and {r["played"] for r in reply.data["rows"]} == {38}
    assert (reply.data["rows"][0]["club"], reply.data["rows"][0]["points"]) == (
        "Manchester City", 89)


async def test_position_on_a_date(leagues: Core) -> None:
    reply = await leagues.ask("position Liverpool as_of:1990-04-01")
    table = ind.table("1", 1989, "1990-04-01")
    mine = next(n for n, row in enumerate(table, 1) if row[0] == "Liverpool")
    assert reply.data["position"] == mine == 1
    assert reply.data["points"] == table[0][7] and reply.data["season"] == 1989
    assert reply.lines[0].startswith("On 1 Apr 1990, Liverpool were top of the First Division")


async def test_position_between_seasons_is_where_the_club_finished(leagues: Core) -> None:
    reply = await leagues.ask("position Everton as_of:1987-07-01")
    assert reply.data["final"] and reply.data["position"] == 1 and reply.data["season"] == 1986
    assert reply.lines[0].startswith("Everton finished 1986-87 top of the First Division")


async def test_part_played_season_counts_results_only(leagues: Core) -> None:
    reply = await leagues.ask("table eng1 2025-26")
    assert not reply.data["final"] and reply.data["to_play"] > 0
    assert reply.data["counted"] + reply.data["to_play"] == 380


@pytest.mark.parametrize(("text", "words"), [
    ("table facup 2000", "is a cup"),
    ("table eng1 1850", "A season looks like"),
    ("table eng1 1880", "no First Division 1880-81 in our data"),
    ("table eng9", "Unknown competition"),
    ("table eng1 1988-89 as_of:1988-06-01", "No First Division 1988-89 match had been played"),
    ("table", "Name a league"),
    ("position Liverpool as_of:1880-01-01", "no league match"),
])
async def test_bad_input_is_answered_clearly(leagues: Core, text: str, words: str) -> None:
    reply = await leagues.ask(text)
    assert reply.kind == "user_error" and words in reply.title, reply.title


def _openfootball_derbies() -> list[tuple[str, int, int]]:
    """(home, home goals, away goals) of the Merseyside derbies in the two seasons england.csv
    lacks, straight from the Football.TXT files."""
    out = []
    for season in ("2022-23", "2025-26"):
        text = (OPENFOOTBALL_ENGLAND / season / "1-premierleague.txt").read_text()
        clubs = r"(Liverpool FC|Everton FC)"
        for m in re.finditer(clubs + r" +v +" + clubs + r" +(\d+)-(\d+)", text):
            out.append((m[1], int(m[3]), int(m[4])))
        for m in re.finditer(clubs + r" +(\d+)-(\d+)(?: +\([\d-]+\))? +" + clubs, text):
            out.append((m[1], int(m[2]), int(m[3])))   # the `A 2-0 (1-0) B` dialect
    return out


async def test_league_h2h_matches_england_csv_plus_the_seasons_it_lacks(leagues: Core) -> None:
    played, won, drawn, lost, gf, ga = ind.h2h("Liverpool", "Everton")
    for home, hg, ag in _openfootball_derbies():
        f, a = (hg, ag) if home == "Liverpool FC" else (ag, hg)
        played, won, drawn, lost = played + 1, won + (f > a), drawn + (f == a), lost + (f < a)
        gf, ga = gf + f, ga + a
    reply = await leagues.ask("h2h Liverpool v Everton competition:league")
    record = reply.data["record"]
    assert (record["played"], record["won"], record["drawn"], record["lost"],
            record["goals_for"], record["goals_against"]) == (played, won, drawn, lost, gf, ga)
    assert (played, won, drawn, lost, gf, ga) == (214, 85, 70, 59, 299, 240)  # hand count


async def test_competition_premier_league_in_plain_words(leagues: Core) -> None:
    reply = await leagues.ask("h2h Liverpool v Everton competition:premier league")
    assert reply.kind == "answer", reply.title
    seasons = {m["season"] for m in reply.data["matches"]}
    assert {m["competition"] for m in reply.data["matches"]} == {"ENG1"}
    assert min(seasons) == 1992 and "Premier League" in reply.footnote


async def test_match_lines_name_the_competition_of_the_era(leagues: Core) -> None:
    reply = await leagues.ask("h2h Liverpool v Everton competition:league")
    rounds = [row[1] for row in reply.table.rows]
    assert rounds[0] == "1894-95 First Division" and rounds[-1] == "2025-26 Premier League"
    assert not any(r.endswith(" L") for r in rounds)


async def test_six_clubs_spelled_two_ways_are_one_club_each(leagues: Core) -> None:
    store = leagues.store
    for old, new in RENAMED.items():
        rows = await store.fetchall(
            "SELECT c.id, c.name, COUNT(DISTINCT m.source) FROM clubs c JOIN matches m "
            "ON c.id IN (m.home_id, m.away_id) WHERE c.name IN (?, ?) GROUP BY c.id", (old, new))
        assert [(r[1], r[2] > 1) for r in rows] == [(new, True)], (old, new, rows)
    assert not await store.fetchall("SELECT name FROM clubs WHERE name LIKE '%pen.%'")


async def test_efl_cup_shoot_out_without_extra_time(leagues: Core) -> None:
    row = await leagues.store.fetchone(
        "SELECT m.ft_home, m.ft_away, m.ht_home, m.ht_away, m.pen_home, m.pen_away, m.aet_home "
        "FROM matches m JOIN clubs h ON h.id = m.home_id JOIN clubs a ON a.id = m.away_id "
        "WHERE h.name = 'Nottingham Forest' AND a.name = 'Bury' AND m.date = '2018-08-14'")
    assert row is not None and tuple(row) == (1, 1, 0, 1, 10, 9, None)


async def test_importing_again_adds_nothing(league_db: tuple[Path, list[ImportSummary]],
                                            tmp_path: Path) -> None:
    copy = tmp_path / "again.db"
    shutil.copy(league_db[0], copy)
    store = await Store.open(copy)
    try:
        before = await store.fetchone("SELECT (SELECT COUNT(*) FROM matches), "
                                      "(SELECT COUNT(*) FROM clubs)")
        again = [await import_files(store, "engsoccerdata", [ENGLAND_CSV]),
                 await import_files(store, "openfootball", [OPENFOOTBALL_ENGLAND])]
        after = await store.fetchone("SELECT (SELECT COUNT(*) FROM matches), "
                                     "(SELECT COUNT(*) FROM clubs)")
    finally:
        await store.close()
    assert [(s.matches_added, s.clubs_added) for s in again] == [(0, 0), (0, 0)]
    assert tuple(after) == tuple(before)
    first = league_db[1]
    assert tuple(before)[0] == first[0].matches_added + first[1].matches_added


async def test_h2h_tells_the_record_at_each_ground(leagues: Core) -> None:
    """Everton at Liverpool: england.csv, plus the two seasons it lacks (2022-23, 2025-26,
    both after Everton's last win there)."""
    at_anfield = [r for r in ind.england() if (r.home, r.away) == ("Liverpool", "Everton")]
    wins = [r.date for r in at_anfield if r.ag > r.hg]
    later = [r for r in at_anfield if r.date > wins[-1]]
    later_of = [x for x in _openfootball_derbies() if x[0] == "Liverpool FC"]
    assert all(hg >= ag for _h, hg, ag in later_of)
    draws = sum(r.hg == r.ag for r in later) + sum(hg == ag for _h, hg, ag in later_of)
    since = len(later) + len(later_of)
    reply = await leagues.ask("h2h Liverpool v Everton competition:league")
    line = next(x for x in reply.lines if x.startswith("Everton have not won at"))
    assert wins[-1] == "2021-02-20" and since == 5
    told = "lost all five" if draws == 0 else f"drew {draws}, lost {since - draws}"
    assert line.endswith(f"since 20 Feb 2021 (Liverpool 0-2 Everton): five visits since, "
                         f"{told}.")


async def test_a_premier_league_preview_draws_on_league_facts(leagues: Core) -> None:
    reply = await leagues.ask("facts Liverpool v Chelsea", as_of=date(2026, 5, 1))
    assert reply.kind == "answer", reply.title
    assert reply.data["fixture"]["competition"] == "ENG1"
    assert "2025-26 Premier League" in reply.title
    texts = [f["text"] for f in reply.data["facts"]]
    h2h = await leagues.ask("h2h Liverpool v Chelsea competition:league as_of:2026-05-09")
    r = h2h.data["record"]
    assert (f"have met {r['played']} times in the league: Liverpool won {r['won']}, drew "
            f"{r['drawn']}, lost {r['lost']}.") in " ".join(texts)
    table = await leagues.ask("table eng1 2025-26 as_of:2026-05-09")
    for row in table.data["rows"]:
        if row["club"] in ("Liverpool", "Chelsea"):
            where = "top of" if row["position"] == 1 else f"{row['position']}th in"
            assert (f"{row['club']} are {where} the Premier League with {row['points']} points "
                    f"from {row['played']} matches") in " ".join(texts)
    assert any(t.startswith("Chelsea have not won in the league at ") for t in texts)
    assert "every league meeting" in reply.footnote
    assert not any("European" in t for t in texts)



def _league_match(day: str, home: tuple[int, str], away: tuple[int, str], score: str) -> Match:
    hg, ag = (int(x) for x in score.split("-"))
    return Match(0, "ENG1", int(day[:4]), "league", "", "single", day, None, home[0], away[0],
                 home[1], away[1], False, None, "played", None, None, hg, ag, None, None, None,
                 None, None)


def test_a_ground_named_with_its_town_reads_as_one_phrase() -> None:
    """'… visits in the league at Old Trafford, Manchester, latest …': one comma, not two;
    and the comma closes the phrase before 'since'."""
    united, liverpool = (1, "Manchester United"), (2, "Liverpool")
    home, visitor = Named("club", *united), Named("club", *liverpool)
    ground = "Old Trafford, Manchester"
    won_lately = [_league_match("2023-03-05", united, liverpool, "0-1"),
                  _league_match("2024-09-01", united, liverpool, "0-3")]
    line = ground_sentence(visitor, home, ground, won_lately, "in the league")
    assert line == ("Liverpool have won twice in two visits in the league at Old Trafford, "
                    "Manchester, latest Manchester United 0-3 Liverpool on 1 Sep 2024.")
    not_since = [won_lately[0], *(_league_match(f"{y}-01-01", united, liverpool, "1-0")
                                  for y in (2024, 2025, 2026))]
    line = ground_sentence(visitor, home, ground, not_since, "in the league")
    assert line is not None and line.startswith(
        "Liverpool have not won in the league at Old Trafford, Manchester, since 5 Mar 2023")


async def test_a_preview_with_no_fixture_stored_is_the_league_one_for_league_rivals(
        leagues: Core) -> None:
    """No Liverpool-Everton match is stored within 60 days of 20 Apr 2025: the preview is the
    league's (their 200-odd league meetings), not 'first meeting in European competition'."""
    reply = await leagues.ask("facts Liverpool v Everton", as_of=date(2025, 4, 20))
    assert reply.kind == "answer", reply.title
    assert reply.data["fixture"] is None
    texts = [f["text"] for f in reply.data["facts"]]
    h2h = await leagues.ask("h2h Liverpool v Everton competition:league as_of:2025-04-20")
    r = h2h.data["record"]
    assert (f"Liverpool and Everton have met {r['played']} times in the league: Liverpool won "
            f"{r['won']}, drew {r['drawn']}, lost {r['lost']}.") in texts
    assert any(t.startswith("Everton have not won in the league at ") for t in texts)
    assert "every league meeting" in reply.footnote
    assert not any("European" in t for t in texts)


async def test_help_lists_every_competition_in_the_data_in_full(leagues: Core) -> None:
    """One field per country, each line whole (a single field cut at 1,000 characters used to
    drop every competition after the FA Cup)."""
    reply = await leagues.ask("help")
    held = [f for f in reply.fields if f.name.startswith("Competitions in our data: ")]
    lines = [line for f in held for line in f.value.splitlines()]
    codes = reply.data["competitions"]
    assert len(codes) >= 6 and len(lines) == len(codes)
    for code, line in zip(codes, lines, strict=True):
        assert re.fullmatch(rf"{code.lower()} — .+, \d{{4}}-\d\d to \d{{4}}-\d\d", line), line
    assert [f.name for f in held] == ["Competitions in our data: ENG"]
    assert all(len(f.value) <= 1024 for f in reply.fields)
