"""`admin news` reaches the preview post; `admin lineup` stores appearances; bad input unwritten."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.commands import Actor
from bot.core import Core
from bot.scheduler import Scheduler
from storage import Store
from tests.admin_helpers import add_fixture, fingerprint
from tests.scheduler_fakes import FakeClock, RecordingPoster

NEWS = ("admin news Liverpool v Real Madrid: Salah out (hamstring); "
        "Alisson* doubtful (illness) for Liverpool; Benzema doubtful")
LINEUP = ("admin lineup Liverpool v Real Madrid: Alisson*, Salah 80, Núñez / Jota* 80; "
          "Courtois*, Benzema, Vinícius 70 / Rodrygo 70-85")


@pytest.fixture
async def fixture_core(core: Core) -> Core:
    await add_fixture(core.store, "Liverpool", "Real Madrid", "2026-11-25", "2026-11-25T20:00:00Z")
    return core


async def test_news_stored_and_read_back(fixture_core: Core) -> None:
    reply = await fixture_core.ask(NEWS)
    assert reply.kind == "answer", reply.title
    assert reply.title == "Team news: Liverpool v Real Madrid, 25 Nov 2026"
    assert reply.lines[:3] == ("Liverpool: Mohamed Salah out (hamstring)",
                               "Liverpool: Alisson doubtful (illness)",
                               "Real Madrid: Karim Benzema doubtful")
    assert "New players created: Alisson." in reply.lines
    reply = await fixture_core.ask("admin news Liverpool v Real Madrid: Salah fit")
    assert [n["player"] for n in reply.data["news"]] == ["Alisson", "Karim Benzema"]
    assert (await fixture_core.ask("admin undo")).kind == "answer"
    rows = await fixture_core.store.team_news_rows(reply.data["match_id"])
    assert ("Liverpool", "Mohamed Salah", "out", "hamstring") in rows


@pytest.mark.parametrize(("text", "message"), [
    ("Liverpool v Real Madrid Salah out", "Write it as"),
    ("Liverpool v Narnia: Salah out", "Narnia"),
    ("Chelsea v Real Madrid: Salah out", "No fixture"),
    ("Liverpool v Real Madrid: Salah injured", "out, doubtful or fit"),
    ("Liverpool v Real Madrid: Salha out", "did you mean Mohamed Salah?"),
    ("Liverpool v Real Madrid: Newman* out", "Which side is Newman in?"),
    ("Liverpool v Real Madrid: Salah out for Chelsea", "does not play in"),
    ("Liverpool v Real Madrid: Salah out; Salah doubtful", "named twice"),
])
async def test_bad_news_refused_and_nothing_written(fixture_core: Core, text: str,
                                                    message: str) -> None:
    before = await fingerprint(fixture_core.store)
    reply = await fixture_core.ask("admin news " + text)
    assert reply.kind == "user_error"
    assert message in reply.title
    assert await fingerprint(fixture_core.store) == before


async def test_preview_post_carries_the_team_news(demo_store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 21, 12, tzinfo=UTC))
    core = Core(demo_store, now=clock.now)
    await add_fixture(demo_store, "Liverpool", "Real Madrid", "2026-11-25", "2026-11-25T20:00:00Z")
    assert (await core.ask("subscribe Liverpool", actor=Actor("discord", "1", "A", True),
                           place="c")).kind == "answer"
    assert (await core.ask(NEWS)).kind == "answer"
    poster = RecordingPoster("discord", clock)
    clock.move_to(datetime(2026, 11, 24, 20, tzinfo=UTC))
    await Scheduler(core, {"discord": poster}, now=clock.now, sleep=clock.sleep).tick()
    [post] = poster.delivered
    [news] = [s for s in post.reply.sections if s.heading == "Team news"]
    assert news.lines == ("Liverpool: Mohamed Salah out (hamstring)",
                          "Liverpool: Alisson doubtful (illness)",
                          "Real Madrid: Karim Benzema doubtful")


@pytest.fixture
async def played_core(core: Core) -> Core:
    await add_fixture(core.store, "Liverpool", "Real Madrid", "2026-11-20", "2026-11-20T20:00:00Z")
    reply = await core.ask("admin result Liverpool 1-1 Real Madrid; Salah 14; Benzema 55")
    assert reply.kind == "answer", reply.title
    return core


async def test_lineup_stores_appearances_with_minutes(played_core: Core) -> None:
    reply = await played_core.ask(LINEUP)
    assert reply.kind == "answer", reply.title
    assert reply.lines[:2] == ("4 appearances for Liverpool", "4 appearances for Real Madrid")
    apps = reply.data["appearances"]
    by_minutes = sorted((a["started"], a["minute_on"] or 0, a["minute_off"] or 0, a["minutes"])
                        for a in apps)
    assert by_minutes == sorted([
        (1, 0, 0, 90), (1, 0, 80, 80), (1, 0, 0, 90), (0, 80, 0, 10),
        (1, 0, 0, 90), (1, 0, 0, 90), (1, 0, 70, 70), (0, 70, 85, 15)])
    actions = [e.action for e in await played_core.store.audit_entries()]
    assert actions[0] == "lineup"
    assert (await played_core.ask("admin undo")).kind == "answer"
    state = await played_core.store.match_state(reply.data["match_id"])
    assert state is not None and state["appearances"] == []


@pytest.mark.parametrize(("text", "message"), [
    ("Liverpool v Real Madrid: Alisson*, Salah", "Give both sides"),
    ("Chelsea v Real Madrid: Mount*; Benzema", "No played match"),
    ("Liverpool v Real Madrid: Salah 95; Benzema", "outside the match"),
    ("Liverpool v Real Madrid: Salah / Jota*; Benzema", "needs the minute he came on"),
    ("Liverpool v Real Madrid: Salah / Jota* 80-70; Benzema", "before coming on"),
    ("Liverpool v Real Madrid: Salah 10-20; Benzema", "only the minute he went off"),
    ("Liverpool v Real Madrid: Salah, Salah; Benzema", "listed twice"),
    ("Liverpool v Real Madrid: Salha; Benzema", "did you mean Mohamed Salah?"),
    ("Liverpool v Real Madrid: " + ", ".join(f"P{i}*" for i in range(12)) + "; Benzema",
     "1 to 11"),
])
async def test_bad_lineup_refused_and_nothing_written(played_core: Core, text: str,
                                                      message: str) -> None:
    before = await fingerprint(played_core.store)
    reply = await played_core.ask("admin lineup " + text)
    assert reply.kind == "user_error"
    assert message in reply.title
    assert await fingerprint(played_core.store) == before
