"""`admin import`: an attached file goes through the importers, audited in its transaction."""

from __future__ import annotations

from bot.commands import Actor
from bot.core import Core
from tests.admin_helpers import fingerprint

ADMIN = Actor("discord", "42", "Ada", is_admin=True)
MEMBER = Actor("discord", "7", "Bob", is_admin=False)
HEADER = ("competition,season,stage,round,leg,date,kickoff,timezone,home,home_country,away,"
          "away_country,score,ht,aet,pens,venue,neutral,status\n")
GOOD = HEADER + ("UCL,2008-09,knockout,QF,1,2009-04-07,20:45,Europe/London,Liverpool,ENG,"
                 "Chelsea,ENG,1-3,1-1,,,\"Anfield, Liverpool\",no,played\n")
BAD = HEADER + ("UCL,2008-09,knockout,QF,1,2009-04-07,20:45,Europe/London,Liverpool,ENG,"
                "Chelsea,ENG,1-x,1-1,,,,no,played\n")


async def run(core: Core, actor: Actor, data: bytes | None, name: str = "extra.csv"):
    command = core.build(core.spec("admin import"), {}, actor, "C1", None, data, name)
    return await core.dispatch(command)


async def test_attached_csv_is_imported_and_audited(core: Core) -> None:
    reply = await run(core, ADMIN, GOOD.encode())
    assert not reply.is_error, reply.title
    assert reply.data["matches_added"] == 1
    h2h = await core.ask("h2h Liverpool v Chelsea")
    assert [m["date"] for m in h2h.data["matches"]] == ["2009-04-07"]
    log = await core.ask("admin log")
    entry = log.data["entries"][0]
    assert entry["action"] == "import" and entry["actor"].startswith("discord:42")
    assert entry["what"].startswith("extra.csv (csv): 1 file: 1 match added")


async def test_reimport_changes_nothing(core: Core) -> None:
    await run(core, ADMIN, GOOD.encode())
    reply = await run(core, ADMIN, GOOD.encode())
    assert reply.data["matches_added"] == 0
    rows = await core.store.fetchall("SELECT COUNT(*) FROM matches")
    assert rows[0][0] == 36  # 35 demo matches + the imported one, once


async def test_corrupt_file_names_the_line_and_writes_nothing(core: Core) -> None:
    before = await fingerprint(core.store)
    reply = await run(core, ADMIN, BAD.encode())
    assert reply.kind == "user_error"
    assert "line 2" in reply.title and "extra.csv" in reply.title
    assert await fingerprint(core.store) == before   # no match and no audit row


async def test_refused_without_a_file_or_for_a_member(core: Core) -> None:
    before = await fingerprint(core.store)
    assert "Attach" in (await run(core, ADMIN, None)).title
    refused = await run(core, MEMBER, GOOD.encode())
    assert refused.kind == "user_error" and "admins only" in refused.title
    assert await fingerprint(core.store) == before
