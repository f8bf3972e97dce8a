"""Our CSV format: templates round-trip, idempotent, and every bad value names its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import Store
from storage.importers import BadImportFile, import_files

TEMPLATES = Path(__file__).resolve().parents[1] / "storage" / "importers" / "templates"
HEADER = ("competition,season,stage,round,leg,date,kickoff,timezone,home,home_country,away,"
          "away_country,score,ht,aet,pens,venue,neutral,status")
ROW = ("UCL,2020-21,knockout,QF,1,2021-04-06,21:00,Europe/Madrid,Real Madrid,ESP,Liverpool,ENG,"
       "3-1,2-0,,,,no,")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


async def test_templates_round_trip(store: Store) -> None:
    summary = await import_files(store, "csv", [TEMPLATES])
    assert (summary.files, summary.matches_added, summary.goals_added,
            summary.appearances_added, summary.clubs_added) == (3, 1, 1, 1, 2)
    [m] = await store.matches()
    assert (m.home, m.away, m.ft_home, m.ft_away, m.ht_home, m.neutral, m.round, m.leg) == (
        "Real Madrid", "Liverpool", 3, 1, 0, True, "F", "single")
    assert m.kickoff_utc == "2018-05-26T18:45:00Z" and m.venue == "NSC Olimpiyskiy, Kyiv"
    [goal] = await store.goals([m.id])
    assert (goal.player, goal.minute, goal.assist, goal.team_id) == (
        "Gareth Bale", 64, "Marcelo", m.home_id)
    row = await store.fetchone("SELECT started, minute_on, minutes FROM appearances")
    assert tuple(row) == (0, 61, 29)
    again = await import_files(store, "csv", [TEMPLATES])
    assert (again.matches_added, again.matches_updated, again.goals_added,
            again.appearances_added) == (0, 0, 0, 0)
    home = await store.club(m.home_id)
    assert home is not None and home.ground is None  # a neutral venue is nobody's ground


async def test_curated_short_names_become_aliases(store: Store, tmp_path: Path) -> None:
    await import_files(store, "csv", [_write(tmp_path, "m.csv", f"{HEADER}\n{ROW}")])
    assert await store.find_club("RMA", "ESP") == await store.find_club("Real Madrid CF", "ESP")


@pytest.mark.parametrize(("change", "problem"), [
    ((",,,,no,", ",,,,no,finished"), "bad status"),
    (("3-1,2-0", "2:x,2-0"), "bad score '2:x'"),
    (("2020-21", "2020"), "bad season '2020'"),
    (("Europe/Madrid", "Mars/Base"), "unknown timezone"),
    ((",no,", ",maybe,"), "bad neutral"),
])
async def test_bad_values_name_their_line(store: Store, tmp_path: Path,
                                          change: tuple[str, str], problem: str) -> None:
    bad = ROW.replace(*change)
    path = _write(tmp_path, "matches.csv", f"{HEADER}\n{ROW.replace('2021-04-06', '2021-04-05')}"
                  f"\n{bad}")
    with pytest.raises(BadImportFile) as err:
        await import_files(store, "csv", [path])
    assert err.value.line == 3 and problem in err.value.problem
    assert str(err.value).startswith(f"{path}:3: ")
    assert (await store.fetchone("SELECT COUNT(*) FROM matches"))[0] == 0


async def test_missing_column_and_unknown_header(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "m.csv", f"{HEADER}\n{ROW.rsplit(',', 1)[0]}")
    with pytest.raises(BadImportFile, match=r"m.csv:2: 18 columns, expected 19"):
        await import_files(store, "csv", [path])
    other = _write(tmp_path, "x.csv", "a,b,c\n1,2,3")
    with pytest.raises(BadImportFile, match=r"x.csv:1: unknown header"):
        await import_files(store, "csv", [other])


async def test_goal_file_errors(store: Store, tmp_path: Path) -> None:
    await import_files(store, "csv", [_write(tmp_path, "m.csv", f"{HEADER}\n{ROW}")])
    goals = "date,home,away,team,player,minute,type,assist\n"
    unknown = _write(tmp_path, "g1.csv", goals + "2021-04-06,Real Madrid,Nowhere FC,"
                     "Real Madrid,Vinícius,36,,")
    with pytest.raises(BadImportFile, match=r"g1.csv:2: unknown club 'Nowhere FC'"):
        await import_files(store, "csv", [unknown])
    too_many = _write(tmp_path, "g2.csv", goals + "\n".join(
        f"2021-04-06,Real Madrid,Liverpool,Liverpool,Salah,{m},," for m in (51, 60)))
    with pytest.raises(BadImportFile, match=r"g2.csv:3: 2 goals for Liverpool"):
        await import_files(store, "csv", [too_many])
    assert (await store.fetchone("SELECT COUNT(*) FROM goals"))[0] == 0
