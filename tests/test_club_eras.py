"""One name, two clubs in two eras (club_aliases.csv's dated rows), on the real files.

england.csv and facup.csv write 'Accrington' for Accrington FC (founder members of the League,
1888-1893) and for Accrington Stanley (2006-07 on, 'Accrington Stanley' in openfootball and the
cups); england.csv's 'Aldershot' is Aldershot FC until the club folded in 1992 and Aldershot
Town in 2008-12; facup.csv's 'Chester' is Chester City until 2009 and Chester FC in 2014-15.
"""

from __future__ import annotations

import asyncio
import csv
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import Store
from storage.importers import import_files
from storage.importers.common import ClubRef
from storage.importers.curated import Era, check_eras, dated_aliases, name_in_season
from tests.independent import SHARED
from tests.leaguehistory import needs_england

ESD = SHARED / "engsoccerdata"
ENGLAND = SHARED / "openfootball-england"
ERA_NAMES = ("Accrington", "Aldershot", "Chester")
pytestmark = needs_england


def _names_an_era_club(name: str) -> bool:
    return name.startswith(ERA_NAMES) and not name.startswith("Chesterfield")


def slice_of(source: Path, out_dir: Path) -> Path:
    """The file's header and every row naming an Accrington, Aldershot or Chester club."""
    with source.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if _names_an_era_club(r["home"].strip())
                or _names_an_era_club(r["visitor"].strip())]
        header = reader.fieldnames
    out = out_dir / source.name
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, quoting=csv.QUOTE_NONNUMERIC)
        writer.writeheader()
        writer.writerows(rows)
    return out


async def build(path: Path, slices: Path) -> None:
    store = await Store.open(path)
    try:
        await import_files(store, "engsoccerdata", [slice_of(ESD / name, slices) for name in
                                                    ("england.csv", "facup.csv", "leaguecup.csv")])
        await import_files(store, "openfootball", [ENGLAND / "2016-17" / "4-league2.txt",
                                                   ENGLAND / "2015-16" / "5-nationalleague.txt"])
    finally:
        await store.close()


@pytest.fixture(scope="module")
def eras_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every English league and cup match of these clubs, plus two openfootball seasons."""
    path = tmp_path_factory.mktemp("eras") / "eras.db"
    asyncio.run(build(path, path.parent))
    return path


@pytest.fixture
async def eras(eras_db: Path) -> AsyncIterator[Store]:
    store = await Store.open(eras_db)
    yield store
    await store.close()


async def seasons_of(store: Store, club: str, kind: str) -> list[int]:
    rows = await store.fetchall(
        "SELECT DISTINCT s.start_year FROM matches m JOIN seasons s ON s.id = m.season_id "
        "JOIN competitions c ON c.id = s.competition_id JOIN clubs k ON k.id IN "
        "(m.home_id, m.away_id) WHERE k.name = ? AND k.country = 'ENG' AND c.kind = ? "
        "ORDER BY 1", (club, kind))
    return [r[0] for r in rows]


async def test_accrington_fc_and_accrington_stanley_are_two_clubs(eras: Store) -> None:
    assert await seasons_of(eras, "Accrington FC", "league") == [1888, 1889, 1890, 1891, 1892]
    fc_cup = await seasons_of(eras, "Accrington FC", "cup")
    assert fc_cup[0] == 1881 and fc_cup[-1] == 1893       # facup.csv's 'Accrington'
    stanley = await seasons_of(eras, "Accrington Stanley", "league")
    assert stanley[0] == 1921 and 2006 in stanley and 2024 in stanley
    assert {2014, 2015, 2016} <= set(await seasons_of(eras, "Accrington Stanley", "cup"))


async def test_aldershot_fc_ends_in_1992_and_aldershot_town_has_england_csvs_2008_12(
        eras: Store) -> None:
    assert max(await seasons_of(eras, "Aldershot FC", "league")) == 1990
    assert max(await seasons_of(eras, "Aldershot FC", "cup")) == 1991
    town = await seasons_of(eras, "Aldershot Town", "league")
    assert {2008, 2009, 2010, 2011, 2012, 2015} <= set(town)   # 2015: openfootball's NL


async def test_chester_city_ends_in_2009_and_chester_fc_plays_the_2014_cup(eras: Store) -> None:
    assert max(await seasons_of(eras, "Chester City", "league")) == 2008
    assert 1887 in await seasons_of(eras, "Chester City", "cup")
    assert await seasons_of(eras, "Chester FC", "cup") == [2014]
    assert await seasons_of(eras, "Chester FC", "league") == [2015]


async def test_the_ambiguous_names_are_no_club_and_no_alias(eras: Store) -> None:
    names = [r[0] for r in await eras.fetchall(
        "SELECT name FROM clubs WHERE name IN ('Accrington', 'Aldershot', 'Chester') UNION ALL "
        "SELECT alias FROM club_aliases WHERE alias IN ('Accrington', 'Aldershot', 'Chester')")]
    assert names == []


async def test_a_season_both_sources_cover_has_each_accrington_match_once(eras: Store) -> None:
    """2016-17 League Two: england.csv's 'Accrington' and openfootball's 'Accrington Stanley'
    are one club, so each of its 46 league matches is stored once (not 92, under two clubs)."""
    rows = await eras.fetchall(
        "SELECT k.name, COUNT(DISTINCT m.id) FROM matches m JOIN seasons s ON s.id = m.season_id "
        "JOIN competitions c ON c.id = s.competition_id JOIN clubs k ON k.id IN "
        "(m.home_id, m.away_id) WHERE k.name LIKE 'Accrington%' AND c.code = 'ENG4' "
        "AND s.start_year = 2016 GROUP BY k.name")
    assert [tuple(r) for r in rows] == [("Accrington Stanley", 46)]


def test_dated_rows_split_the_seasons_without_overlap() -> None:
    eras = dated_aliases()
    assert {key[0] for key in eras} >= {"accrington", "aldershot", "chester"}
    assert name_in_season(ClubRef("Aldershot", "ENG"), 1991).name == "Aldershot FC"
    assert name_in_season(ClubRef("Aldershot", "ENG"), 1992).name == "Aldershot Town"
    assert name_in_season(ClubRef("Accrington", "ENG"), 1930).name == "Accrington"  # no era
    assert name_in_season(ClubRef("Aldershot", "SCO"), 2008).name == "Aldershot"


@pytest.mark.parametrize("rows, problem", [
    ([("Aldershot", "ENG", "Aldershot FC", Era(None, 1991, "Aldershot FC")),
      ("Aldershot", "ENG", "Aldershot Town", Era(1991, None, "Aldershot Town"))], "overlap"),
    ([("Aldershot", "ENG", "Aldershot FC", Era(None, 1991, "Aldershot FC")),
      ("Aldershot", "ENG", "Aldershot Town", None)], "dated in another row"),
    ([("Aldershot", "ENG", "Aldershot FC", Era(None, 1991, "Aldershot FC")),
      ("Shots", "ENG", "Aldershot", None)], "is a dated alias"),
])
def test_a_bad_dated_alias_file_is_refused(rows: list, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        check_eras(rows)


def england_csv_matches(name: str, years: range) -> dict[int, int]:
    """Straight from england.csv: the club's league matches each season it has rows for."""
    out = dict.fromkeys(years, 0)
    with (ESD / "england.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            year = int(row["Season"])
            if year in out and name in (row["home"].strip(), row["visitor"].strip()):
                out[year] += 1
    return {year: n for year, n in out.items() if n}


async def test_accrington_stanley_in_the_full_history_once_per_match(
        league_db: tuple[Path, list]) -> None:
    """england.csv + every openfootball-england season: the ten seasons both cover give one
    match each, under one club (before the dated rows: two clubs, each with every match);
    as many played league matches as england.csv has, 46 in 2022-23 (not in england.csv)."""
    years = range(2015, 2025)
    expected = {year: 46 for year in years} | england_csv_matches("Accrington", years)
    assert expected[2019] == 35          # 2019-20: League One curtailed by the pandemic
    store = await Store.open(league_db[0])
    try:
        rows = await store.fetchall(
            "SELECT k.name, s.start_year, COUNT(DISTINCT m.id) FROM matches m "
            "JOIN seasons s ON s.id = m.season_id JOIN clubs k ON k.id IN (m.home_id, m.away_id) "
            "WHERE k.name LIKE 'Accrington%' AND s.start_year BETWEEN 2015 AND 2024 "
            "AND m.round = 'L' AND m.status = 'played' GROUP BY k.name, s.start_year")
    finally:
        await store.close()
    assert {(r[0], r[1]): r[2] for r in rows} == {
        ("Accrington Stanley", year): n for year, n in expected.items()}
