"""Slack's faults end in an answer or a sorted failure, never an exception out of the adapter:
HTML pages (some labelled JSON), garbage with a 200, a hung call, 429s, a crash after ack."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import pytest
from fake_slack import FakeSlack
from fake_slack.harness import block_texts, http_bot, slack_settings
from slack_sdk.web.async_client import AsyncWebClient

import adapters.slack.admin as slack_admin
from adapters.slack.errors import SLACK_FAILURES, read_error
from adapters.slack.poster import SlackPoster
from bot.core import APOLOGY, Core

BODY_FAULTS = ("html_500", "html_as_json_502", "garbage_200")


@pytest.fixture
async def events_url(fake: FakeSlack, core: Core) -> AsyncIterator[str]:
    async with http_bot(core, slack_settings(fake)) as url:
        yield url


@pytest.mark.parametrize("fault", [*BODY_FAULTS, "hang"])
async def test_a_broken_users_info_still_gets_the_admin_command_an_answer(
        fake: FakeSlack, events_url: str, fault: str, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(slack_admin, "CHECK_TIMEOUT", 0.5)   # the test's patience, not logic
    fake.faults["users.info"] = fault
    started = time.monotonic()
    sent = await fake.post_command(events_url, "admin log", user_id="UADMIN")
    body = await fake.wait_response(sent.rid, timeout=5)
    assert sent.status == 200
    assert "for admins only" in block_texts(body)   # unknown rights: treated as no admin
    assert time.monotonic() - started < 3
    assert "treating as non-admin" in caplog.text
    assert APOLOGY not in block_texts(body)


async def test_an_exception_after_the_ack_is_answered_with_the_apology(
        fake: FakeSlack, events_url: str, core: Core, caplog: pytest.LogCaptureFixture) -> None:
    await core.store.close()   # the disk is gone: the core itself raises
    with caplog.at_level(logging.ERROR):
        sent = await fake.post_command(events_url, "h2h Liverpool v Real Madrid")
        body = await fake.wait_response(sent.rid)
    assert sent.status == 200   # bolt saw a clean ack, not "didn't call ack()"
    assert body["text"] == APOLOGY and body["response_type"] == "ephemeral"
    assert "failed after its ack" in caplog.text


@pytest.fixture
def poster(fake: FakeSlack) -> SlackPoster:
    return SlackPoster(AsyncWebClient(token=fake.bot_token, base_url=fake.api_url, timeout=0.5))


@pytest.mark.parametrize(("fault", "failure", "detail", "retry_after"), [
    ("html_500", "transient", "http_500", None),
    ("html_as_json_502", "transient", "http_502", None),
    ("garbage_200", "transient", "invalid_response", None),
    ("hang", "transient", "TimeoutError", None),
    ("ratelimit_header", "rate_limited", "ratelimited", 4.0),
    ("ratelimit_html", "rate_limited", "http_429", 6.0),
])
async def test_a_scheduled_post_meeting_a_fault_reports_it_sorted(
        fake: FakeSlack, poster: SlackPoster, core: Core, fault: str, failure: str,
        detail: str, retry_after: float | None) -> None:
    fake.faults["chat.postMessage"] = fault
    result = await poster.post("CGENERAL", await core.ask("help"))
    assert (result.ok, result.failure, result.retry_after) == (False, failure, retry_after)
    assert result.detail == detail


@pytest.mark.parametrize("fault", [*BODY_FAULTS, "hang"])
async def test_find_post_meeting_a_fault_raises_a_slack_error_the_scheduler_retries(
        fake: FakeSlack, poster: SlackPoster, fault: str) -> None:
    fake.faults["conversations.history"] = fault
    with pytest.raises(SLACK_FAILURES) as caught:   # outcome unknown: asked again next tick
        await poster.find_post("CGENERAL", "post-1")
    assert read_error(caught.value).code   # and the error reads safely


def test_read_error_never_raises_on_odd_exceptions() -> None:
    assert read_error(ValueError("x")).code == "ValueError"
    assert read_error(TimeoutError()).code == "TimeoutError"
