"""Discord's faults end in a reply, a retry at the right time, or a sorted failure, never an
exception out of the adapter: HTML pages, garbage with a 200, a hung request, 429s whose wait
is in the JSON body or only in a header."""

from __future__ import annotations

import pytest

from adapters.discord.poster import DiscordPoster
from bot.core import Core
from tests.fake_discord import payloads
from tests.fake_discord.harness import TOKEN, fake_discord, running_bot  # noqa: F401
from tests.fake_discord.server import FakeDiscord

HTML = "<html><body><h1>500 Internal Server Error</h1></body></html>"
MESSAGES = f"/channels/{payloads.CHANNEL_ID}/messages"


async def _post(fake: FakeDiscord, core: Core, timeout: float = 15.0) -> object:
    poster = DiscordPoster(TOKEN, fake.api_base, timeout=timeout)
    try:
        return await poster.post(payloads.CHANNEL_ID, await core.ask("help"))
    finally:
        await poster.close()


@pytest.mark.parametrize(("status", "text", "content_type", "failure", "detail"), [
    (500, HTML, "text/html", "transient", "500"),
    (502, HTML, "application/json", "transient", "502"),        # a page labelled JSON
    (200, "\x00{id: 12", "application/json", "transient", "200 not JSON"),
    (403, HTML, "text/html", "forbidden", "403"),
])
async def test_a_body_that_is_not_json_is_a_failure_of_its_status(
        fake: FakeDiscord, core: Core, status: int, text: str, content_type: str,
        failure: str, detail: str) -> None:
    fake.fail_next_raw(MESSAGES, status, text, content_type)
    result = await _post(fake, core)
    assert (result.ok, result.failure, result.detail) == (False, failure, detail)


async def test_a_hung_request_is_a_transient_failure_after_the_timeout(
        fake: FakeDiscord, core: Core) -> None:
    fake.hang_next(MESSAGES)
    result = await _post(fake, core, timeout=0.5)
    assert (result.ok, result.failure) == (False, "transient")
    assert "Timeout" in result.detail


@pytest.mark.parametrize(("body", "content_type", "headers", "wait"), [
    ('{"message": "You are being rate limited.", "retry_after": 2.5, "global": false}',
     "application/json", {"Via": "1.1 google"}, 2.5),
    ('{"message": "You are being rate limited.", "global": false}', "application/json",
     {"X-RateLimit-Reset-After": "3.25"}, 3.25),
    (HTML, "text/html", {"Retry-After": "7"}, 7.0),
])
async def test_a_429_carries_its_wait_from_the_body_or_a_header(
        fake: FakeDiscord, core: Core, body: str, content_type: str,
        headers: dict[str, str], wait: float) -> None:
    fake.fail_next_raw(MESSAGES, 429, body, content_type, headers)
    result = await _post(fake, core)
    assert (result.ok, result.failure, result.retry_after) == (False, "rate_limited", wait)


async def test_an_html_500_on_the_interaction_callback_is_retried_and_answered(
        fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core):
        fake.fail_next_raw("/callback", 500, HTML)
        it = await (await fake.slash("h2h", {"team": "Liverpool", "opponent": "Real Madrid"})
                    ).wait(timeout=5)
        again = await (await fake.slash("help")).wait()   # the bot is still up
    statuses = [s for m, p, s in fake.log if p.endswith("/callback")]
    assert statuses[:2] == [500, 200]
    assert it.messages[0]["embeds"][0]["title"].startswith("Liverpool v Real Madrid")
    assert again.messages
