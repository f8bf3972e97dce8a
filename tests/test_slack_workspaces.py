"""One process, many Slack workspaces: two install by bolt's own OAuth flow against the fake
Slack, each gets its own answers and posts (with its own token), one uninstalls and stops
getting posts; the installs live in SQLite and no token reaches the logs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from fake_slack import FakeSlack
from fake_slack.harness import slack_settings
from fake_slack.oauth import CLIENT_ID, CLIENT_SECRET

from adapters.cli import SECRET_LOGGERS, quiet_libraries
from adapters.slack.app import EVENTS_PATH, build_app, check_settings, poster, serve_http
from adapters.slack.workspaces import REVOKED, UNINSTALLED
from bot.core import Core
from bot.errors import UserError
from bot.scheduler import Scheduler
from bot.settings import Secret, Settings
from storage.importers import import_files
from tests.scheduler_fakes import FakeClock, at

CSV_HEAD = ("competition,season,stage,round,leg,date,kickoff,timezone,home,home_country,away,"
            "away_country,score,ht,aet,pens,venue,neutral,status\n")
FIXTURE = ("UCL,2026-27,league,LP,single,{date},20:00,Europe/London,Liverpool,ENG,Real Madrid,"
           "ESP,,,,,,,scheduled\n")
A, B = "T0AAAAAAA", "T0BBBBBBB"


def oauth_settings(fake: FakeSlack) -> Settings:
    """OAuth mode: no SLACK_BOT_TOKEN at all."""
    return slack_settings(fake, slack_bot_token=None, slack_client_id=CLIENT_ID,
                          slack_client_secret=Secret(CLIENT_SECRET))


@asynccontextmanager
async def oauth_bot(core: Core, fake: FakeSlack) -> AsyncIterator[str]:
    """The bolt app in OAuth mode, served on loopback; yields its base URL."""
    runner, port = await serve_http(build_app(core, oauth_settings(fake)), "127.0.0.1", 0)
    base = f"http://127.0.0.1:{port}"
    fake.redirect_url = base + "/slack/oauth_redirect"     # the app's configured Redirect URL
    try:
        yield base
    finally:
        await runner.cleanup()


async def eventually(read, ok, timeout: float = 5.0):  # noqa: ANN001, ANN201
    """What `read()` gives once `ok` holds: bolt handles events after acknowledging them."""
    async with asyncio.timeout(timeout):
        while not ok(value := await read()):
            await asyncio.sleep(0.01)
    return value


async def fixture(core: Core, tmp_path: Path, day: str) -> None:
    path = tmp_path / f"{day}.csv"
    path.write_text(CSV_HEAD + FIXTURE.format(date=day), encoding="utf-8")
    await import_files(core.store, "csv", [path])


@pytest.fixture
async def fake():  # noqa: ANN201
    server = await FakeSlack(channels={"CAAA": "member", "CBBB": "member"},
                             channel_teams={"CAAA": A, "CBBB": B}).start()
    server.tokens = {}                       # no workspace has the app yet
    yield server
    await server.close()


async def test_two_workspaces_install_answer_post_and_one_uninstalls(
        demo_store, clock: FakeClock, fake: FakeSlack, tmp_path: Path,  # noqa: ANN001
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    quiet_libraries()                           # as `matchfacts` does at start
    core = Core(demo_store, now=clock.now)
    settings = oauth_settings(fake)
    async with oauth_bot(core, fake) as base:
        events = base + EVENTS_PATH
        for team in (A, B):
            status, page = await fake.install(base, team)
            assert status == 200, page
        assert fake.installs == [A, B]
        assert sorted(await core.store.slack_teams_installed(CLIENT_ID)) == [A, B]
        assert all(r["scope"] == ",".join(settings.slack_scopes)
                   for r in fake.authorize_requests)

        for team, channel in ((A, "CAAA"), (B, "CBBB")):
            sent = await fake.post_command(events, "subscribe Liverpool leads:24h",
                                           user_id="UADMIN", channel_id=channel, team=team)
            answer = await fake.wait_response(sent.rid, timeout=5)
            assert answer.get("response_type") == "in_channel", answer
        # each workspace's request was authorized with its own token (users.info, is_admin)
        assert {t for m, t in fake.api_teams if m == "users.info"} == {A, B}
        subs = [await core.store.channel_subscriptions("slack", c) for c in ("CAAA", "CBBB")]
        assert [s[0].server_id for s in subs] == [A, B]

        await fixture(core, tmp_path, "2026-11-25")
        scheduler = Scheduler(core, {"slack": poster(core, settings)}, now=clock.now,
                              sleep=clock.sleep)
        clock.move_to(at("2026-11-24T20:00:00"))
        await scheduler.tick()
        assert sorted((m["channel"], m["team"]) for m in fake.messages) == [
            ("CAAA", A), ("CBBB", B)]               # each with its workspace's token

        assert await fake.uninstall(events, B) == 200      # bolt acks, then handles it
        health = await eventually(lambda: core.store.channel_health("slack", "CBBB"),
                                  lambda h: h.paused_at is not None)
        assert health.pause_reason == UNINSTALLED
        assert await core.store.slack_teams_installed(CLIENT_ID) == [A]

        await fixture(core, tmp_path, "2026-12-02")
        clock.move_to(at("2026-12-01T20:00:00"))
        await scheduler.tick()
        assert [m["channel"] for m in fake.messages] == ["CAAA", "CBBB", "CAAA"]

        status, _ = await fake.install(base, B)   # back again: its posts resume
        assert status == 200
        assert (await core.store.channel_health("slack", "CBBB")).paused_at is None
    logged = caplog.text
    assert fake.problems == []
    assert CLIENT_SECRET not in logged and "xoxb-" not in logged
    assert "installed in workspace T0BBBBBBB" in logged


@pytest.fixture(autouse=True)
def restore_library_levels():  # noqa: ANN201
    levels = {n: logging.getLogger(n).level for n in SECRET_LOGGERS}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def test_an_install_with_a_bad_or_replayed_state_is_refused(
        demo_store, fake: FakeSlack) -> None:  # noqa: ANN001
    core = Core(demo_store)
    settings = oauth_settings(fake)
    async with oauth_bot(core, fake) as base:
        async with aiohttp.ClientSession() as browser, browser.get(
                base + "/slack/oauth_redirect", params={"code": "x", "state": "forged"}) as r:
            assert r.status == 400
        assert await core.store.slack_teams_installed(CLIENT_ID) == []
        state = await build_app(core, settings).oauth_flow.settings.state_store.async_issue()
        assert await core.store.consume_oauth_state(state, 0) is True
        assert await core.store.consume_oauth_state(state, 0) is False   # once only


def test_oauth_settings_are_checked_at_start(fake: FakeSlack) -> None:
    check_settings(oauth_settings(fake))        # no SLACK_BOT_TOKEN needed
    with pytest.raises(UserError, match="SLACK_CLIENT_SECRET"):
        check_settings(slack_settings(fake, slack_bot_token=None, slack_client_id=CLIENT_ID))
    with pytest.raises(UserError, match="HTTP mode"):
        check_settings(slack_settings(fake, socket_mode=True, slack_client_id=CLIENT_ID,
                                      slack_client_secret=Secret(CLIENT_SECRET)))


async def test_a_revoked_bot_token_forgets_the_install_and_pauses_posts(
        demo_store, fake: FakeSlack) -> None:  # noqa: ANN001
    core = Core(demo_store)
    async with oauth_bot(core, fake) as base:
        assert (await fake.install(base, A))[0] == 200
        sent = await fake.post_command(base + EVENTS_PATH, "subscribe Liverpool",
                                       user_id="UADMIN", channel_id="CAAA", team=A)
        assert (await fake.wait_response(sent.rid, timeout=5))["response_type"] == "in_channel"
        fake.tokens = {}
        status = await fake.send_event(base + EVENTS_PATH, A, {
            "type": "tokens_revoked", "tokens": {"bot": [f"UBOT{A}"]}})
        assert status == 200
        health = await eventually(lambda: core.store.channel_health("slack", "CAAA"),
                                  lambda h: h.paused_at is not None)
        assert health.pause_reason == REVOKED
        assert await core.store.slack_teams_installed(CLIENT_ID) == []
