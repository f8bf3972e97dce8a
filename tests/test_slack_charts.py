"""Charts on Slack: the files upload calls (get URL, POST the bytes, complete) after the text."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fake_slack import FakeSlack
from fake_slack.harness import block_texts, http_bot, slack_settings

from adapters.slack.app import web_client
from adapters.slack.poster import SlackPoster
from bot.core import Core
from tests.test_charts import decoded

UPLOAD_CALLS = ["files.getUploadURLExternal", "files.completeUploadExternal"]


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack(channels={"CGENERAL": "member", "COTHER": "not_in_channel"}
                             ).start()
    yield server
    await server.close()


def upload_calls(fake: FakeSlack) -> list[str]:
    return [m for m, _ in fake.calls if m.startswith("files.")]


async def test_slash_answer_then_its_chart_in_the_channel(fake: FakeSlack, core: Core) -> None:
    async with http_bot(core, slack_settings(fake)) as url:
        sent = await fake.post_command(url, "h2h Liverpool v Real Madrid")
        body = await fake.wait_response(sent.rid)
        [shared] = await fake.wait_for(lambda: fake.files)
    reply = await core.ask("h2h Liverpool v Real Madrid")
    assert reply.chart is not None
    assert "Played 13: Liverpool won 5, drew 1, lost 7" in block_texts(body)  # text first
    assert upload_calls(fake) == UPLOAD_CALLS
    assert shared["channel"] == "CGENERAL" and shared["filename"] == reply.chart.filename
    assert shared["title"] == reply.chart.title
    assert "Liverpool won 5, drew 1, lost 7; goals 13-17" in shared["alt_txt"]
    assert len(shared["alt_txt"]) <= 1000
    width, height = decoded(shared["data"])
    assert width >= 800 and height >= 400
    assert fake.problems == []


async def test_chart_no_makes_no_upload(fake: FakeSlack, core: Core) -> None:
    async with http_bot(core, slack_settings(fake)) as url:
        sent = await fake.post_command(url, "form Liverpool chart:no")
        await fake.wait_response(sent.rid)
    assert upload_calls(fake) == [] and fake.files == []


async def test_not_in_channel_keeps_the_text_answer(fake: FakeSlack, core: Core) -> None:
    async with http_bot(core, slack_settings(fake)) as url:
        sent = await fake.post_command(url, "form Liverpool", channel_id="COTHER")
        body = await fake.wait_response(sent.rid)
        await fake.wait_for(lambda: "files.completeUploadExternal" in upload_calls(fake))
    assert body["blocks"][0]["text"]["text"].startswith("Liverpool: last")
    assert fake.files == []


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
