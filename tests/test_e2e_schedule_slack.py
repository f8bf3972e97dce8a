"""End to end on Slack: an admin subscribes a channel with `/matchfacts subscribe`, a fixture
comes in by CSV import, the preview arrives at lead time through the real SlackPoster;
`/matchfacts admin result` by an admin brings the result post; a member's is refused and
writes nothing.

The unmodified slack-bolt app (HTTP mode, signed requests) talks to the fake Slack; the
scheduler ticks on a clock the test moves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_slack import FakeSlack
from fake_slack.harness import http_bot, slack_settings

from adapters.slack.app import web_client
from adapters.slack.poster import SlackPoster
from bot.core import Core
from bot.scheduler import Scheduler
from storage import Store
from storage.importers import import_files
from tests.admin_helpers import fingerprint
from tests.scheduler_fakes import FakeClock, at

FIXTURE_CSV = (
    "competition,season,stage,round,leg,date,kickoff,timezone,home,home_country,away,"
    "away_country,score,ht,aet,pens,venue,neutral,status\n"
    "UCL,2026-27,league,LP,single,2026-11-25,20:00,Europe/London,Liverpool,ENG,Real Madrid,"
    "ESP,,,,,,,scheduled\n")
RESULT = "admin result Liverpool 2-1 Real Madrid; Salah 14, Núñez 60; Vinícius 36"


@pytest.fixture
def e2e_core(demo_store: Store, clock: FakeClock) -> Core:
    return Core(demo_store, now=clock.now)


async def command(fake: FakeSlack, url: str, text: str, user: str) -> dict:  # type: ignore[type-arg]
    sent = await fake.post_command(url, text, user_id=user, channel_id="CGENERAL")
    assert sent.status == 200
    return await fake.wait_response(sent.rid, timeout=5)


async def test_subscribe_preview_result_and_refusal_on_slack(
        e2e_core: Core, clock: FakeClock, fake: FakeSlack, tmp_path: Path) -> None:
    path = tmp_path / "matches.csv"
    path.write_text(FIXTURE_CSV, encoding="utf-8")
    await import_files(e2e_core.store, "csv", [path])
    settings = slack_settings(fake)
    scheduler = Scheduler(e2e_core, {"slack": SlackPoster(web_client(settings))},
                          now=clock.now, sleep=clock.sleep)

    def posts() -> list[dict]:  # type: ignore[type-arg]
        return [m for m in fake.messages if m["channel"] == "CGENERAL"]

    async with http_bot(e2e_core, settings) as url:
        sub = await command(fake, url, "subscribe Liverpool tz:Europe/London", "UADMIN")
        assert sub.get("response_type") == "in_channel", sub

        await scheduler.tick()
        clock.move_to(at("2026-11-24T19:59:00"))
        await scheduler.tick()
        assert posts() == []
        clock.move_to(at("2026-11-24T20:00:00"))                 # 24 h before kick-off
        await scheduler.tick()
        [preview] = posts()
        assert "Liverpool" in preview["text"] and "Real Madrid" in preview["text"]
        assert "20:00 GMT" in str(preview["blocks"])
        assert preview["metadata"]["event_type"] == "matchfacts_post"
        await scheduler.tick()
        assert len(posts()) == 1

        clock.move_to(at("2026-11-25T22:05:00"))
        before = await fingerprint(e2e_core.store)
        refused = await command(fake, url, RESULT, "UMEMBER")
        assert refused.get("response_type") != "in_channel"
        assert "admins only" in str(refused["blocks"])
        assert await fingerprint(e2e_core.store) == before       # nothing written
        await scheduler.tick()
        assert len(posts()) == 1

        stored = await command(fake, url, RESULT, "UADMIN")
        assert stored.get("response_type") == "in_channel", stored
    await scheduler.tick()
    assert len(posts()) == 2
    result = str(posts()[1]["blocks"])
    assert "Salah" in result and "Vinícius" in result
    await scheduler.tick()
    assert len(posts()) == 2
    assert [r.status for r in await e2e_core.store.post_rows()] == ["sent", "sent"]
    assert fake.problems == []
