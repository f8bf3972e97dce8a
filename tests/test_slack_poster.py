"""Scheduled posts: chat.postMessage against the fake, and Slack's refusals sorted."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fake_slack import FakeSlack
from fake_slack.harness import slack_settings

from adapters.slack.app import web_client
from adapters.slack.poster import SlackPoster
from bot.core import Core


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack(channels={"CGENERAL": "member", "COTHER": "not_in_channel",
                                       "COLD": "archived"}).start()
    yield server
    await server.close()


@pytest.fixture
def poster(fake: FakeSlack) -> SlackPoster:
    return SlackPoster(web_client(slack_settings(fake)))


async def test_scheduled_post_goes_out_with_blocks_and_text(
        fake: FakeSlack, poster: SlackPoster, core: Core) -> None:
    reply = await core.ask("h2h Liverpool v Real Madrid")
    result = await poster.post("CGENERAL", reply)
    assert result.ok and result.message_ref == fake.messages[0]["ts"]
    sent = fake.messages[0]
    assert sent["channel"] == "CGENERAL"
    assert sent["blocks"][0]["text"]["text"] == reply.title
    assert sent["text"].startswith(reply.title)
    assert fake.problems == []


@pytest.mark.parametrize(("channel", "failure", "detail"), [
    ("COTHER", "forbidden", "not_in_channel"),
    ("CGONE", "gone", "channel_not_found"),
    ("COLD", "gone", "is_archived"),
])
async def test_refusals_are_reported_with_slacks_code(
        fake: FakeSlack, poster: SlackPoster, core: Core, channel: str, failure: str,
        detail: str) -> None:
    result = await poster.post(channel, await core.ask("help"))
    assert (result.ok, result.failure, result.detail) == (False, failure, detail)
    assert fake.messages == []


async def test_rate_limit_carries_retry_after(
        fake: FakeSlack, poster: SlackPoster, core: Core) -> None:
    fake.rate_limit_seconds = 7
    result = await poster.post("CGENERAL", await core.ask("help"))
    assert (result.failure, result.detail, result.retry_after) == ("rate_limited",
                                                                    "ratelimited", 7.0)


async def test_unreachable_slack_is_transient(core: Core) -> None:
    fake = await FakeSlack().start()
    poster = SlackPoster(web_client(slack_settings(fake)))
    await fake.close()
    result = await poster.post("CGENERAL", await core.ask("help"))
    assert (result.ok, result.failure) == (False, "transient")
