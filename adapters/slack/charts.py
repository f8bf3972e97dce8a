"""A reply's chart to Slack through the files upload API, in the thread of its answer.

`files_upload_v2` makes Slack's three calls: files.getUploadURLExternal, the POST of the
bytes to the URL it returns, and files.completeUploadExternal, which shares the file in the
channel, in a thread when `thread_ts` is given. A slash command's `response_url` gives no
message ts, so an answer that carries a chart is posted with chat.postMessage instead (its
chart then goes in that message's thread, as a scheduled post's does); where the bot may not
post (not in the channel, a DM between two people) the answer goes through `response_url`
as text alone, since the bot could not share a file there either. Answers without a chart
and errors (ephemeral) are untouched. A failed upload is logged and never takes the text
answer with it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.charts import attachment
from adapters.slack.errors import SLACK_FAILURES, read_error
from adapters.slack.render import blocks, clip, escape, fallback, message
from bot.reply import Reply

log = logging.getLogger(__name__)
ALT_TEXT = 1000   # Slack's limit for a file's alt_txt
MAX_BLOCKS = 50
Respond = Callable[..., Awaitable[Any]]


async def answer_command(client: AsyncWebClient, respond: Respond, command: dict[str, Any],
                         reply: Reply) -> None:
    """Answer a slash command; a chart goes in the answer's thread (see the module's note)."""
    channel_id = command.get("channel_id", "")
    if reply.chart is None or not reply.public or not channel_id:
        await respond(**message(reply))
        return
    asked = {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(
        f"{escape(command.get('user_name') or 'someone')} asked: "
        f"{command.get('command', '/matchfacts')} {escape(command.get('text', ''))}", 3000)}]}
    try:
        posted = await client.chat_postMessage(channel=channel_id, text=fallback(reply),
                                               blocks=[asked, *blocks(reply)][:MAX_BLOCKS])
    except SLACK_FAILURES as err:
        code = read_error(err).code
        log.info("cannot post in %s (%s): answering through response_url without the "
                 "chart", channel_id, code)
        await respond(**message(reply))
        return
    await upload_chart(client, channel_id, reply, thread_ts=str(posted.get("ts") or "") or None)


async def upload_chart(client: AsyncWebClient, channel_id: str, reply: Reply,
                       thread_ts: str | None = None) -> bool:
    """Upload the reply's chart to the channel (or thread); True when Slack shared it."""
    chart = reply.chart
    if chart is None or not reply.public or not channel_id:
        return False
    png = await attachment(chart)
    if png is None:
        return False
    try:
        await client.files_upload_v2(
            channel=channel_id, thread_ts=thread_ts, filename=chart.filename, content=png,
            title=chart.title, alt_txt=clip(chart.alt_text, ALT_TEXT))
    except SLACK_FAILURES as err:
        log.warning("chart upload to %s failed: %s (the text answer went out)", channel_id,
                    read_error(err).code)
        return False
    return True
