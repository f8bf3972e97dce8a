"""A club's league seasons and a league's season records on the real English history, against
counts made straight from england.csv (tests/independent_league.py), never through our store."""

from __future__ import annotations

from adapters import charts
from bot.core import Core
from bot.families.table import nth
from tests import independent_league as ind
from tests.fake_discord.harness import fake_discord, running_bot  # noqa: F401  (fixture)
from tests.fake_discord.server import FakeDiscord
from tests.leaguehistory import needs_england
from tests.test_charts import chart_of, decoded
from tests.test_discord_charts import attached

pytestmark = needs_england


def season_of(data: dict, year: int) -> dict:
    return next(s for s in data["seasons"] if s["season"] == year)


def counts(s: dict) -> tuple[int, ...]:
    return (s["played"], s["won"], s["drawn"], s["lost"], s["goals_for"], s["goals_against"],
            s["points"])


async def test_liverpool_seasons_across_eras_match_an_independent_count(leagues: Core) -> None:
    """Second tier with two points and goal average (1954-55), the top flight with two points
    (1978-79), three points (1990-91), and a season both sources cover (2018-19)."""
    reply = await leagues.ask("seasons Liverpool chart:no")
    assert reply.kind == "answer", reply.title
    for year, tier, win in ((1954, 2, 2), (1978, 1, 2), (1990, 1, 3), (2018, 1, 3)):
        s = season_of(reply.data, year)
        want = ind.finish("Liverpool", year)
        assert want is not None
        assert (str(s["tier"]), s["position"], s["clubs"], counts(s)) == want, year
        assert s["tier"] == tier and s["win_points"] == win and s["complete"]
    assert season_of(reply.data, 1978)["league"] == "First Division"
    assert season_of(reply.data, 2018)["league"] == "Premier League"


async def test_tiers_titles_best_and_worst_follow_every_season(leagues: Core) -> None:
    reply = await leagues.ask("seasons Liverpool chart:no")
    seasons = reply.data["seasons"]
    csv_years = sorted({r.season for r in ind.england() if "Liverpool" in (r.home, r.away)})
    independent = {y: ind.finish("Liverpool", y) for y in csv_years}
    titles = [y for y, f in independent.items() if f and f[0] == "1" and f[1] == 1]
    stored = {s["season"] for s in seasons}
    assert set(csv_years) <= stored and stored - set(csv_years) <= {2022, 2025}  # openfootball
    assert [t for t in reply.data["titles"] if t in independent] == titles
    assert reply.data["tiers"] == {"1": sum(s["tier"] == 1 for s in seasons),
                                   "2": sum(s["tier"] == 2 for s in seasons)}
    assert f"Champions of the English top flight {len(reply.data['titles'])} times" in \
        reply.plain_text()
    best, worst = reply.data["best"], reply.data["worst"]
    assert best["tier"] == 1 and best["position"] == 1      # a title, the largest points share
    shares = [s["points"] / (s["played"] * s["win_points"]) for s in seasons
              if s["tier"] == 1 and s["position"] == 1 and s["complete"]]
    assert best["points"] / (best["played"] * best["win_points"]) == max(shares)
    lowest = [s for s in seasons if s["tier"] == 2 and s["complete"]]
    assert worst["tier"] == 2 and worst["clubs"] - worst["position"] == min(
        s["clubs"] - s["position"] for s in lowest)
    assert reply.data["latest"]["season"] == seasons[-1]["season"] == 2025
    assert not reply.data["latest"]["complete"] and "2025-26*" in reply.plain_text()
    assert "best season: the highest finish in the highest tier" in reply.footnote


async def test_as_of_ends_with_the_season_in_progress_on_that_date(leagues: Core) -> None:
    reply = await leagues.ask("seasons Liverpool as_of:1990-04-01 chart:no")
    latest = reply.data["latest"]
    table = ind.table("1", 1989, "1990-04-01")
    row = next(n for n, r in enumerate(table, 1) if r[0] == "Liverpool")
    assert latest["season"] == 1989 and not latest["complete"]
    assert latest["position"] == row and counts(latest) == table[row - 1][1:]
    assert reply.data["seasons"][-2]["complete"] and reply.data["titles"][-1] == 1987


async def test_competition_narrows_to_the_premier_league_era(leagues: Core) -> None:
    reply = await leagues.ask("seasons Everton competition:premier league chart:no")
    years = [s["season"] for s in reply.data["seasons"]]
    assert years[0] == 1992 and all(s["league"] == "Premier League"
                                    for s in reply.data["seasons"])


def most(tier: str, seasons: range, col: int, fewest: bool = False) -> int:
    values = [row[col] for y in seasons for row in ind.table(tier, y)]
    return min(values) if fewest else max(values)


async def test_top_flight_season_records_match_an_independent_count(leagues: Core) -> None:
    """Up to 2021-22 (england.csv has no 2022-23): every season counted from the file."""
    reply = await leagues.ask("seasons eng1 as_of:2022-07-01")
    assert reply.kind == "answer", reply.title
    got = {r["record"]: r for r in reply.data["records"]}
    three, two = range(1981, 2022), range(1888, 1981)
    assert got["most_points_3"]["value"] == most("1", three, 7)
    assert got["most_points_2"]["value"] == most("1", two, 7)
    everything = range(1888, 2022)
    assert got["most_wins"]["value"] == most("1", everything, 2)
    assert got["most_goals_for"]["value"] == most("1", everything, 5)
    assert got["fewest_defeats"]["value"] == most("1", everything, 4, fewest=True)
    assert got["fewest_goals_against"]["value"] == most("1", everything, 6, fewest=True)
    length, holders = ind.longest_unbeaten("1", everything)
    assert got["longest_unbeaten"]["value"] == length
    assert [(h["club"], h["season"]) for h in got["longest_unbeaten"]["holders"]] == holders
    top, value = got["most_points_3"]["holders"][0], got["most_points_3"]["value"]
    assert (top["club"], top["season"]) == next(
        (r[0], y) for y in three for r in ind.table("1", y) if r[7] == value)
    assert "3 for a win" in reply.plain_text() and "a match" in reply.plain_text()


async def test_premier_league_records_start_in_1992_93(leagues: Core) -> None:
    reply = await leagues.ask("most points in a premier league season")
    assert reply.kind == "answer", reply.title
    assert reply.data["since"] == 1992 and reply.data["competition"] == "ENG1"
    points = {r["record"]: r["value"] for r in reply.data["records"]}
    assert "most_points_2" not in points
    seasons = range(1992, 2022)
    assert points["most_points_3"] >= most("1", seasons, 7)   # later seasons may beat it


async def test_second_tier_unbeaten_run_in_the_three_point_era(leagues: Core) -> None:
    reply = await leagues.ask("seasons eng2 as_of:2022-07-01")
    run = next(r for r in reply.data["records"] if r["record"] == "longest_unbeaten")
    length, holders = ind.longest_unbeaten("2", range(1892, 2022))
    assert run["value"] == length
    assert [(h["club"], h["season"]) for h in run["holders"]] == holders


async def test_bad_input_is_answered_clearly_and_writes_nothing(leagues: Core) -> None:
    store = leagues.store
    before = (store.data_version, await store.data_change_seq(), store.db.total_changes)
    cup_only = await store.fetchone(
        "SELECT c.name FROM clubs c WHERE NOT EXISTS (SELECT 1 FROM matches m WHERE "
        "m.stage = 'league' AND c.id IN (m.home_id, m.away_id)) ORDER BY c.id LIMIT 1")
    assert cup_only is not None
    cases = {
        "seasons Notaclub Rovers": "club",
        "seasons facup": "FA Cup is a cup",
        "seasons Liverpool competition:facup": "FA Cup is a cup",
        f"seasons {cup_only[0]}": "no league season in our data",
        "seasons Liverpool as_of:1850-01-01": "no league season in our data before",
        "seasons": "Name a club or a league",
        "seasons Liverpool chart:maybe": "chart must be yes or no",
    }
    for text, words in cases.items():
        reply = await leagues.ask(text)
        assert reply.kind == "user_error", text
        assert words in reply.title, (text, reply.title)
    assert (store.data_version, await store.data_change_seq(), store.db.total_changes) == before


async def test_finishing_positions_chart_carries_the_answers_numbers(leagues: Core) -> None:
    reply = await leagues.ask("seasons Liverpool")
    chart = chart_of(reply, "finishing_positions")
    marks, bands = chart.series[0].marks, chart.series[1].marks
    assert len(marks) == len(reply.data["seasons"])
    assert [b.label for b in bands] == ["English top flight", "English second tier"]
    top = bands[0].value
    for mark, s in zip(marks, reply.data["seasons"], strict=True):
        assert mark.value == s["position"] + (top if s["tier"] == 2 else 0)
        assert (mark.outcome == "W") == (s["position"] == 1 and s["complete"])
    for line in reply.lines:   # titles, seasons per tier, best, worst, latest
        assert line in chart.alt_text
    best = reply.data["best"]
    assert f"{nth(best['position'])} of {best['clubs']}" in chart.alt_text
    assert str(len(reply.data["titles"])) in chart.alt_text
    assert decoded(await charts.png(chart)) == (1000, 540)


async def test_chart_no_costs_nothing(leagues: Core) -> None:
    reply = await leagues.ask("seasons Liverpool chart:no")
    assert reply.kind == "answer" and reply.chart is None


async def test_league_charts_reach_discord_as_multipart_attachments(
        fake: FakeDiscord, leagues: Core) -> None:
    """`position` and `seasons` answers on the real discord.py: the PNG goes up as a file
    part of the multipart body, named as the chart, described by its alt text."""
    async with running_bot(fake, leagues, defer_after=0.0):
        position = await (await fake.slash("position", {"team": "Liverpool",
                                                        "as_of": "1990-04-01"})).wait()
        seasons = await (await fake.slash("seasons", {"subject": "Liverpool"})).wait()
    for it, command, kind in ((position, "position Liverpool as_of:1990-04-01",
                               "league_position"), (seasons, "seasons Liverpool",
                                                    "finishing_positions")):
        expected = chart_of(await leagues.ask(command), kind)
        [msg] = it.messages
        assert not it.rejected
        meta, data = attached(fake, msg)
        assert meta["filename"] == expected.filename
        assert meta["content_type"] == "image/png"
        assert msg["embeds"][0]["image"]["url"] == f"attachment://{expected.filename}"
        assert expected.alt_text.startswith(meta["description"].rstrip("…"))   # ≤ 1024
        assert expected.alt_text[:200] in meta["description"]   # the summary comes first
        assert decoded(data) == ((1000, 480) if kind == "league_position" else (1000, 540))
