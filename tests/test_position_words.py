"""`position` in words: no article before La Liga, Serie A, Ligue 1 ("3rd in La Liga", not "in
the La Liga"), and a club whose latest league season in our data is older than its league's
(Juventus in Serie B in 2006-07, a league our data lacks) is told as that season, not "on" the
day asked. Checked against spain.csv / italy.csv read directly."""

from __future__ import annotations

import csv

from bot.core import Core
from bot.families.table import the
from tests.test_league_tiebreaks import ITALY, needs_files, southern, southern_db  # noqa: F401

pytestmark = needs_files


def test_leagues_named_without_an_article() -> None:
    assert [the(n) for n in ("La Liga", "Serie A", "Ligue 1", "Division 1", "Premier League",
                             "First Division", "Bundesliga")] == [
        "La Liga", "Serie A", "Ligue 1", "Division 1", "the Premier League",
        "the First Division", "the Bundesliga"]


async def test_position_in_la_liga_reads_without_the(southern: Core) -> None:  # noqa: F811
    reply = await southern.ask("position Real Madrid as_of:2007-05-01")
    assert reply.title.startswith("Real Madrid: ") and " in La Liga on 1 May 2007" in \
        reply.title, reply.title
    assert "the La Liga" not in reply.plain_text()


async def test_a_club_gone_from_our_leagues_is_told_in_its_last_season(
        southern: Core) -> None:  # noqa: F811
    as_of = "2007-05-01"
    with open(ITALY, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["Date"] < as_of and str(r["tier"]) == "1"]
    last = max(int(r["Season"]) for r in rows if "Juventus" in (r["home"], r["visitor"]))
    league_last = max(int(r["Season"]) for r in rows)
    assert (last, league_last) == (2005, 2006)         # Serie B in 2006-07
    reply = await southern.ask(f"position Juventus as_of:{as_of}")
    assert reply.data["season"] == last
    assert reply.title.endswith(" Serie A in 2005-06"), reply.title
    assert ("Our data has no league match of Juventus after 2005-06; the latest season of "
            "Serie A in it is 2006-07.") in reply.lines
