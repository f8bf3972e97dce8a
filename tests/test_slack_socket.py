"""Socket Mode end to end: the real slack-sdk client connects to the fake's websocket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from fake_slack import FakeSlack
from fake_slack.harness import MEMBER, answer_body, assert_same_answer, slack_settings

from adapters.slack.app import run
from bot.core import Core

H2H = "h2h Liverpool v Real Madrid"


@pytest.fixture
async def fake(core: Core) -> AsyncIterator[FakeSlack]:
    """The fake, with the bot connected to it in Socket Mode through `run()`."""
    server = await FakeSlack().start()
    stop = asyncio.Event()
    task = asyncio.create_task(run(core, slack_settings(server, socket_mode=True), stop))
    await server.wait_for(lambda: server.connected or task.done())
    yield server
    stop.set()
    await asyncio.wait_for(task, 5)
    await server.close()


def opened(fake: FakeSlack) -> list[dict]:
    return [p for m, p in fake.calls if m == "apps.connections.open"]


async def test_connects_with_the_app_token_and_acks_envelopes_within_3s(
        fake: FakeSlack, core: Core) -> None:
    assert len(opened(fake)) == 1 and fake.connections == 1
    sent = await fake.push_command(H2H)
    assert await fake.wait_ack(sent.envelope_id) < 3
    body = await answer_body(fake, sent)
    assert_same_answer(body, await core.ask(H2H, MEMBER, "CGENERAL"))
    assert fake.problems == []


async def test_reconnects_after_disconnect_and_keeps_answering(
        fake: FakeSlack, core: Core) -> None:
    await fake.send_disconnect()
    await fake.wait_for(lambda: fake.connections == 2 and fake.connected)
    assert len(opened(fake)) == 2            # a fresh URL for the new connection
    sent = await fake.push_command("help")
    await fake.wait_ack(sent.envelope_id)
    body = await fake.wait_response(sent.rid)
    assert_same_answer(body, await core.ask("help", MEMBER, "CGENERAL"))


async def test_user_errors_over_socket_mode_are_ephemeral(fake: FakeSlack) -> None:
    sent = await fake.push_command("h2h Liverpool v Xyzzy United")
    body = await fake.wait_response(sent.rid)
    assert body["response_type"] == "ephemeral"
