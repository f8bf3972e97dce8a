"""A reply's chart to Slack through the files upload API, after the text has gone out.

`files_upload_v2` makes Slack's three calls: files.getUploadURLExternal, the POST of the
bytes to the URL it returns, and files.completeUploadExternal, which shares the file in the
channel (in a thread when `thread_ts` is given). A slash-command answer goes out through
`response_url`, which gives no message ts, so its chart follows it in the channel; a
scheduled post's chart goes in the post's thread. A failed upload is logged and never
takes the text answer with it.
"""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from adapters.charts import attachment
from adapters.slack.errors import SLACK_FAILURES, read_error
from adapters.slack.render import clip
from bot.reply import Reply

log = logging.getLogger(__name__)
ALT_TEXT = 1000   # Slack's limit for a file's alt_txt


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
