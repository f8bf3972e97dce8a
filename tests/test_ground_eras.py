"""A stored ground is named only for visits from the first day our data has the club at home
there: clubs move (Highbury, then the Emirates), and a source names a venue only now and then.
Visits before it, or a ground the club left again in our data (Tottenham's stored Wembley,
from its Champions League seasons), are "the club's ground". Real SQLite, our CSV importer."""

from __future__ import annotations

from pathlib import Path

from bot.core import Core
from storage import Store
from storage.importers import import_files

HEADER = ("competition,season,stage,round,leg,date,kickoff,timezone,home,home_country,away,"
          "away_country,score,ht,aet,pens,venue,neutral,status")


def row(date: str, home: str, away: str, score: str, venue: str = "") -> str:
    start = int(date[:4]) - (int(date[5:7]) < 7)
    return (f"ENG1,{start}-{(start + 1) % 100:02d},league,L,single,{date},15:00,Europe/London,"
            f"{home},ENG,{away},ENG,{score},,,,\"{venue}\",no,played")


async def load(store: Store, tmp_path: Path, rows: list[str]) -> Core:
    path = tmp_path / "matches.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    await import_files(store, "csv", [path])
    return Core(store)


async def test_visits_before_the_ground_is_known_name_the_clubs_ground(
        store: Store, tmp_path: Path) -> None:
    core = await load(store, tmp_path, [
        row("2001-03-03", "Aville", "Btown", "2-0"), row("2003-03-03", "Aville", "Btown", "1-1"),
        row("2005-03-03", "Aville", "Btown", "3-1"),
        row("2007-03-03", "Aville", "Btown", "1-0", "New Park, Aville"),   # the move
        row("2009-03-03", "Aville", "Btown", "2-2"), row("2011-03-03", "Aville", "Btown", "4-0"),
        row("2012-03-03", "Btown", "Aville", "0-1"),
    ])
    [club] = [c for c in await store.clubs() if c.name == "Aville"]
    assert club.ground == "New Park, Aville"
    reply = await core.ask("h2h Aville v Btown competition:eng1")
    assert "Btown have never won at Aville's ground in six visits (drew 2, lost 4)." in \
        reply.lines, reply.lines
    since = await core.ask("h2h Aville v Btown competition:eng1 since:2006")
    assert "Btown have never won at New Park, Aville, in three visits (drew 1, lost 2)." in \
        since.lines, since.lines


async def test_a_ground_the_club_left_again_is_not_named(store: Store, tmp_path: Path) -> None:
    core = await load(store, tmp_path, [
        row("2016-09-14", "Spurs FC", "Cee", "1-0", "Wembley Stadium, London"),
        row("2016-10-01", "Spurs FC", "Cee", "2-0", "White Hart Lane"),
        row("2017-10-01", "Spurs FC", "Cee", "0-0"), row("2018-10-01", "Spurs FC", "Cee", "3-0"),
    ])
    [club] = [c for c in await store.clubs() if c.name == "Spurs FC"]
    assert club.ground == "Wembley Stadium, London"      # the first venue a source named
    reply = await core.ask("h2h Spurs FC v Cee competition:eng1 since:2016")
    assert "Cee have never won at Spurs FC's ground in four visits (drew 1, lost 3)." in \
        reply.lines, reply.lines
