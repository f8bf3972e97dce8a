"""Glue for Slack tests: settings pointing at the fake, the bot served over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import pytest

from adapters.slack.app import EVENTS_PATH, build_app, serve_http
from adapters.slack.render import unescape
from bot.commands import Actor
from bot.core import Core
from bot.reply import Reply
from bot.settings import Secret, Settings

from .server import CommandSent, FakeSlack, slack_escape


def slack_settings(fake: FakeSlack, socket_mode: bool = False, **extra: Any) -> Settings:
    settings = Settings(slack_bot_token=Secret(fake.bot_token),
                        slack_signing_secret=Secret(fake.signing_secret),
                        slack_api_url=fake.api_url, slack_host="127.0.0.1", slack_port=0)
    if socket_mode:
        settings = replace(settings, slack_app_token=Secret(fake.app_token))
    return replace(settings, **extra)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    """A plain fake Slack on loopback; a test module with other channels defines its own."""
    server = await FakeSlack().start()
    yield server
    await server.close()


@asynccontextmanager
async def http_bot(core: Core, settings: Settings) -> AsyncIterator[str]:
    """The unmodified bolt app served by its own aiohttp adapter; yields the events URL."""
    runner, port = await serve_http(build_app(core, settings), "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{port}{EVENTS_PATH}"
    finally:
        await runner.cleanup()


def posted_answer(fake: FakeSlack, sent: CommandSent) -> dict[str, Any] | None:
    """The chat.postMessage the bot made to answer `sent` (a charted answer, so that its
    chart can go in the thread): the message whose first block says who asked what."""
    asked = f"asked: /matchfacts {slack_escape(sent.text)}"
    for m in fake.messages:
        first = (m.get("blocks") or [{}])[0]
        if first.get("type") == "context" and any(
                e.get("text", "").endswith(asked) for e in first.get("elements", [])):
            return m
    return None


async def answer_body(fake: FakeSlack, sent: CommandSent, timeout: float = 3.0
                      ) -> dict[str, Any]:
    """The answer to a slash command wherever the bot put it, as a response_url body: text
    answers come through response_url; an answer with a chart is the bot's own message
    (in_channel by nature), its "asked" line set apart under `asked`."""
    def found() -> dict[str, Any] | None:
        if fake.responses.get(sent.rid):
            return fake.responses[sent.rid][0]
        m = posted_answer(fake, sent)
        return None if m is None else {"response_type": "in_channel", "text": m["text"],
                                       "blocks": m["blocks"][1:], "asked": m["blocks"][0],
                                       "ts": m["ts"]}
    return await fake.wait_for(found, timeout)


def block_texts(body: dict[str, Any]) -> str:
    """Every piece of text a user sees in the blocks, unescaped, one per line."""
    out: list[str] = []
    for block in body.get("blocks", []):
        if "text" in block:
            out.append(block["text"]["text"])
        out += [f["text"] for f in block.get("fields", [])]
        out += [e["text"] for e in block.get("elements", [])]
    return unescape("\n".join(out))


def assert_same_answer(body: dict[str, Any], reply: Reply) -> None:
    """What reached Slack carries the core's own answer: kind, title, every line."""
    assert body["response_type"] == ("in_channel" if reply.public else "ephemeral")
    seen = block_texts(body)
    assert reply.title[:149] in seen
    for line in reply.lines:
        assert line in seen, line
    assert unescape(body["text"]).startswith(reply.title)


MEMBER = Actor("slack", "UMEMBER", "mo", is_admin=False)   # the fake's plain member


def skip_until_on_main(core: Core, scenario: Any) -> None:
    """Scenarios for commands other engineers are still landing are skipped, saying why."""
    import pytest

    words = scenario.text.split()
    name = " ".join(words[:2]) if words[0] in core.groups or scenario.admin else words[0]
    if core.spec(name) is None:
        pytest.skip(f"`{name}` is not on main yet; this scenario runs once it lands")
