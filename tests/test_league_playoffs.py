"""The Championship play-offs (openfootball's 2021-22 → 2024-25 files carry them; england.csv
has none) are the league's knockout stage, not league matches: tables, league streaks, league
head-to-heads, form in the league and season records leave them out, and say so; `stage:all`
(or `stage:knockout`) counts them. Checked against counts made straight from england.csv."""

from __future__ import annotations

import re

import pytest

from bot.core import Core
from tests import independent_league as ind
from tests.leaguehistory import OPENFOOTBALL_ENGLAND, needs_england
from tests.test_league_streaks import KINDS, counted, told

pytestmark = needs_england
AFTER_2022 = "2022-06-01"      # after the 2021-22 play-off final; before 2022-23 (which
                               # england.csv lacks), so england.csv alone counts every match
# pairs that met in the 2021-22 play-offs (semi-finals and the final)
PAIRS = [("Huddersfield Town", "Nottingham Forest"), ("Luton Town", "Huddersfield Town"),
         ("Sheffield United", "Nottingham Forest")]
SCORE = re.compile(r"\d+-\d+")


def playoff_lines(season: str) -> list[str]:
    """The match lines of a Championship file's play-off section, read from the file."""
    text = (OPENFOOTBALL_ENGLAND / season / "2-championship.txt").read_text(encoding="utf-8")
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith(("== ", "» ")):
            inside = any(w in line for w in ("Playoffs", "Finals"))
            continue
        if inside and SCORE.search(line) and not line.lstrip().startswith("["):
            out.append(line)
    return out


def h2h_before(a: str, b: str, before: str) -> tuple[int, int, int, int, int, int]:
    won = drawn = lost = gf = ga = 0
    rows = [r for r in ind.england() if {r.home, r.away} == {a, b} and r.date < before]
    for r in rows:
        f, g = (r.hg, r.ag) if r.home == a else (r.ag, r.hg)
        gf, ga, won, drawn, lost = gf + f, ga + g, won + (f > g), drawn + (f == g), lost + (f < g)
    return len(rows), won, drawn, lost, gf, ga


def record(reply_data: dict) -> tuple[int, int, int, int, int, int]:
    r = reply_data["record"]
    return (r["played"], r["won"], r["drawn"], r["lost"], r["goals_for"],
            r["goals_against"])


async def test_the_play_offs_in_the_files_are_stored_as_the_leagues_knockout_stage(
        leagues: Core) -> None:
    for start in (2021, 2022, 2023, 2024):
        season = f"{start}-{(start + 1) % 100:02d}"
        lines = playoff_lines(season)
        assert len(lines) == 5, season            # two semi-finals of two legs, a final
        reply = await leagues.ask(f"table eng2 {season}")
        assert reply.data["rows"][0]["played"] == 46
        assert f"the {season} play-offs (five matches) are not counted" in reply.footnote


@pytest.mark.parametrize(("a", "b"), PAIRS)
async def test_league_h2h_leaves_out_the_play_offs_like_england_csv(
        leagues: Core, a: str, b: str) -> None:
    reply = await leagues.ask(f"h2h {a} v {b} competition:league as_of:{AFTER_2022}")
    assert reply.kind == "answer", reply.title
    assert record(reply.data) == h2h_before(a, b, AFTER_2022)
    assert all(m["stage"] == "league" for m in reply.data["matches"])
    assert "play-offs not counted" in reply.footnote
    with_playoffs = await leagues.ask(
        f"h2h {a} v {b} competition:league stage:all as_of:{AFTER_2022}")
    playoffs = [m for m in with_playoffs.data["matches"] if m["stage"] == "knockout"]
    assert record(with_playoffs.data)[0] == record(reply.data)[0] + len(playoffs)
    assert playoffs and {m["season"] for m in playoffs} == {2021}
    only = await leagues.ask(f"h2h {a} v {b} competition:eng2 stage:knockout "
                             f"as_of:{AFTER_2022}")
    assert [m["id"] for m in only.data["matches"]] == [m["id"] for m in playoffs]


@pytest.mark.parametrize("club", ["Nottingham Forest", "Huddersfield Town", "Luton Town"])
async def test_league_streaks_leave_out_the_play_offs_like_england_csv(
        leagues: Core, club: str) -> None:
    for kind in KINDS:
        reply = await leagues.ask(f"streak {club} kind:{kind} competition:league "
                                  f"as_of:{AFTER_2022}")
        assert reply.kind == "answer", reply.title
        s = ind.streak(club, kind, AFTER_2022)
        assert told(reply.data, kind) == counted(s, kind, club, AFTER_2022, None), kind
        assert "play-offs not counted" in reply.footnote


@pytest.mark.parametrize(("club", "as_of"), [
    ("Nottingham Forest", AFTER_2022), ("Southampton", "2024-06-01"),
    ("Sunderland", "2025-06-01"), ("Sheffield United", "2025-06-01")])
async def test_form_in_the_league_ends_with_the_last_league_match(
        leagues: Core, club: str, as_of: str) -> None:
    reply = await leagues.ask(f"form {club} competition:league as_of:{as_of}")
    rows = sorted((r for r in ind.england() if club in (r.home, r.away) and r.date < as_of),
                  key=lambda r: r.date)
    assert [m["date"] for m in reply.data["matches"]] == [r.date for r in rows[-6:]]
    assert "play-offs not counted" in reply.footnote


async def test_season_records_and_a_clubs_seasons_count_league_matches_only(
        leagues: Core) -> None:
    reply = await leagues.ask(f"seasons Nottingham Forest as_of:{AFTER_2022}")
    [row] = [s for s in reply.data["seasons"] if s["season"] == 2021]
    tier, position, clubs, counts = ind.finish("Nottingham Forest", 2021) or ("", 0, 0, ())
    assert (str(row["tier"]), row["position"], row["clubs"]) == (tier, position, clubs)
    assert (row["played"], row["won"], row["drawn"], row["lost"], row["goals_for"],
            row["goals_against"], row["points"]) == counts
    records = await leagues.ask("seasons eng2")
    unbeaten = next(r for r in records.data["records"] if r["record"] == "longest_unbeaten")
    best, _holders = ind.longest_unbeaten("2", range(1892, 2025))
    assert unbeaten["value"] == best
