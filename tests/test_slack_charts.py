"""Charts on Slack: the files upload calls (get URL, POST the bytes, complete) after the text."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fake_slack import FakeSlack
from fake_slack.harness import answer_body, block_texts, http_bot, slack_settings

from adapters.slack.app import web_client
from adapters.slack.poster import SlackPoster
from bot.core import Core
from tests.test_charts import decoded

UPLOAD_CALLS = ["files.getUploadURLExternal", "files.completeUploadExternal"]


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack(channels={"CGENERAL": "member", "CSPORT": "member",
                                       "COTHER": "not_in_channel"}).start()
    yield server
    await server.close()


def upload_calls(fake: FakeSlack) -> list[str]:
    return [m for m, _ in fake.calls if m.startswith("files.")]


async def test_slash_answer_then_its_chart_in_the_answers_thread(fake: FakeSlack,
                                                                core: Core) -> None:
    async with http_bot(core, slack_settings(fake)) as url:
        sent = await fake.post_command(url, "h2h Liverpool v Real Madrid")
        body = await answer_body(fake, sent)
        [shared] = await fake.wait_for(lambda: fake.files)
    reply = await core.ask("h2h Liverpool v Real Madrid")
    assert reply.chart is not None
    [answer] = fake.messages                    # the answer itself: the thread's parent
    assert "Played 13: Liverpool won 5, drew 1, lost 7" in block_texts(body)  # text first
    assert body["asked"]["elements"][0]["text"] == (
        "mo asked: /matchfacts h2h Liverpool v Real Madrid")
    assert not fake.responses.get(sent.rid)      # not answered twice
    assert upload_calls(fake) == UPLOAD_CALLS
    assert shared["channel"] == "CGENERAL" and shared["thread_ts"] == answer["ts"]
    assert shared["filename"] == reply.chart.filename and shared["title"] == reply.chart.title
    assert "Liverpool won 5, drew 1, lost 7; goals 13-17" in shared["alt_txt"]
    assert len(shared["alt_txt"]) <= 1000
    width, height = decoded(shared["data"])
    assert width >= 800 and height >= 400
    assert fake.problems == []


async def test_chart_no_answers_through_response_url_with_no_upload(fake: FakeSlack,
                                                                    core: Core) -> None:
    async with http_bot(core, slack_settings(fake)) as url:
        sent = await fake.post_command(url, "form Liverpool chart:no")
        body = await fake.wait_response(sent.rid)
    assert body["response_type"] == "in_channel"
    assert body["blocks"][0]["text"]["text"].startswith("Liverpool: last")
    assert upload_calls(fake) == [] and fake.files == [] and fake.messages == []


async def test_an_error_stays_ephemeral_and_carries_no_chart(fake: FakeSlack,
                                                              core: Core) -> None:
    async with http_bot(core, slack_settings(fake)) as url:
        sent = await fake.post_command(url, "h2h Liverpool v Xyzzy United")
        body = await fake.wait_response(sent.rid)
    assert body["response_type"] == "ephemeral"
    assert fake.messages == [] and upload_calls(fake) == []


async def test_not_in_channel_answers_through_response_url_without_the_chart(
        fake: FakeSlack, core: Core) -> None:
    async with http_bot(core, slack_settings(fake)) as url:
        sent = await fake.post_command(url, "form Liverpool", channel_id="COTHER")
        body = await fake.wait_response(sent.rid)
    assert body["response_type"] == "in_channel"
    assert body["blocks"][0]["text"]["text"].startswith("Liverpool: last")
    assert [m for m, _ in fake.calls if m == "chat.postMessage"] == ["chat.postMessage"]
    assert fake.messages == [] and upload_calls(fake) == [] and fake.files == []


async def admin_says(fake: FakeSlack, url: str, text: str, channel: str) -> None:
    sent = await fake.post_command(url, text, user_id="UADMIN", channel_id=channel)
    body = await fake.wait_response(sent.rid)
    assert body["response_type"] == "in_channel", block_texts(body)


async def charted(fake: FakeSlack, url: str, text: str, channel: str) -> bool:
    """Ask as a member; True when the answer came with its chart (in its thread)."""
    before = len(fake.files)
    sent = await fake.post_command(url, text, channel_id=channel)
    body = await answer_body(fake, sent)
    assert block_texts(body).startswith("Liverpool v Real Madrid: head-to-head")
    if "asked" not in body:         # answered through response_url: text alone
        return False
    [shared] = (await fake.wait_for(lambda: fake.files[before:]))
    assert shared["thread_ts"] == body["ts"] and shared["channel"] == channel
    return True


async def test_a_channel_with_charts_off_gets_none_and_chart_yes_still_forces_one(
        fake: FakeSlack, core: Core) -> None:
    async with http_bot(core, slack_settings(fake)) as url:
        await admin_says(fake, url, "admin settings where:channel charts:no", "CGENERAL")
        assert not await charted(fake, url, "h2h Liverpool v Real Madrid", "CGENERAL")
        assert upload_calls(fake) == []
        assert await charted(fake, url, "h2h Liverpool v Real Madrid chart:yes", "CGENERAL")
        assert await charted(fake, url, "h2h Liverpool v Real Madrid", "CSPORT")  # default
    assert fake.problems == []


async def test_a_server_with_charts_off_and_a_channel_with_them_on(fake: FakeSlack,
                                                                  core: Core) -> None:
    async with http_bot(core, slack_settings(fake)) as url:
        await admin_says(fake, url, "admin settings charts:no", "CGENERAL")
        await admin_says(fake, url, "admin settings where:channel charts:yes", "CSPORT")
        assert not await charted(fake, url, "h2h Liverpool v Real Madrid", "CGENERAL")
        assert await charted(fake, url, "h2h Liverpool v Real Madrid", "CSPORT")
        assert not await charted(fake, url, "h2h Liverpool v Real Madrid chart:no", "CSPORT")


async def test_scheduled_preview_card_goes_in_the_posts_thread(fake: FakeSlack,
                                                              core: Core) -> None:
    reply = await core.ask("facts Liverpool v Real Madrid")
    result = await SlackPoster(web_client(slack_settings(fake))).post("CGENERAL", reply)
    [message] = fake.messages
    [shared] = fake.files
    assert result.ok and result.message_ref == message["ts"]
    assert shared["thread_ts"] == message["ts"] and shared["channel"] == "CGENERAL"
    assert decoded(shared["data"]) == (1200, 675)


async def test_a_failed_upload_still_posts_the_text_once(fake: FakeSlack, core: Core) -> None:
    fake.fail_uploads = True
    reply = await core.ask("facts Liverpool v Real Madrid")
    result = await SlackPoster(web_client(slack_settings(fake))).post("CGENERAL", reply)
    assert result.ok and len(fake.messages) == 1 and fake.files == []
    assert upload_calls(fake) == ["files.getUploadURLExternal"]
