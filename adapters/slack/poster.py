"""Scheduled posts through `chat.postMessage`, with Slack's errors sorted for the scheduler.

Exactly once: a scheduled post carries its ledger key in message `metadata` (event_type
`matchfacts_post`), so after a crash between sending and recording the scheduler can ask
`find_post`, which reads the channel's recent history with its metadata, whether it went out.
"""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.charts import upload_chart
from adapters.slack.errors import SLACK_FAILURES, read_error
from adapters.slack.render import blocks, fallback, mention_markup
from adapters.slack.workspaces import WorkspaceClients
from bot.delivery import Failure, PostResult
from bot.posts import POST_KEY
from bot.reply import Reply

log = logging.getLogger(__name__)

# Slack error code → what the scheduler should make of it. Anything else: transient.
FAILURES: dict[str, Failure] = {
    "not_in_channel": "forbidden",      # invite the bot: /invite @matchfacts
    "channel_not_found": "gone",
    "is_archived": "gone",
    "missing_scope": "forbidden",
    "restricted_action": "forbidden",
    "ekm_access_denied": "forbidden",
    "invalid_auth": "forbidden",
    "account_inactive": "forbidden",
    "token_revoked": "forbidden",
    "ratelimited": "rate_limited",
}
EVENT_TYPE = "matchfacts_post"
HISTORY_PAGES = 3      # × 200 messages: a crashed send is among the channel's latest
# history errors that mean "cannot have been posted there" (the send will say why)
NOT_THERE = {"channel_not_found", "not_in_channel", "is_archived"}


class SlackPoster:
    """Implements `bot.delivery.Poster` for Slack."""

    platform = "slack"

    def __init__(self, client: AsyncWebClient | WorkspaceClients) -> None:
        self.client = client

    async def _client(self, channel_id: str) -> AsyncWebClient | None:
        """The channel's workspace's client (many workspaces), or the one client."""
        if isinstance(self.client, WorkspaceClients):
            return await self.client.for_channel(channel_id)
        return self.client

    async def post(self, channel_id: str, reply: Reply) -> PostResult:
        key = (reply.data or {}).get(POST_KEY)
        metadata = ({"event_type": EVENT_TYPE, "event_payload": {POST_KEY: str(key)}}
                    if key else None)
        client = await self._client(channel_id)
        if client is None:
            return PostResult(ok=False, failure="forbidden", detail="not_installed")
        text, body = fallback(reply), blocks(reply)
        if ping := mention_markup(reply):   # @here or a user group, ahead of the post
            text = f"{ping} {text}"
            body = [{"type": "section", "text": {"type": "mrkdwn", "text": ping}}, *body][:50]
        try:
            response = await client.chat_postMessage(
                channel=channel_id, text=text, blocks=body, metadata=metadata)
        except SLACK_FAILURES as err:
            fault = read_error(err)
            failure = FAILURES.get(fault.code, "transient")
            if fault.status == 429:
                failure = "rate_limited"
            log.warning("chat.postMessage to %s failed: %s", channel_id, fault.code)
            return PostResult(ok=False, failure=failure, detail=fault.code,
                              retry_after=fault.retry_after if failure == "rate_limited"
                              else None)
        ts = str(response.get("ts") or "")
        await upload_chart(client, channel_id, reply, thread_ts=ts or None)
        return PostResult(ok=True, message_ref=ts)

    async def find_post(self, channel_id: str, post_key: str) -> str | None:
        """The ts of our message carrying `post_key` in its metadata, or None if absent.

        Errors other than "the channel is not there for us" (or a missing history scope,
        logged) raise: the outcome stays unknown
        and the scheduler asks again on its next tick rather than risk a double post.
        """
        client = await self._client(channel_id)
        if client is None:   # no token for its workspace: the send will say not_installed
            return None
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            try:
                response = await client.conversations_history(
                    channel=channel_id, include_all_metadata=True, limit=200, cursor=cursor)
            except SLACK_FAILURES as err:
                code = read_error(err).code
                if code in NOT_THERE:
                    return None
                if code == "missing_scope":   # cannot look: say so, and let the send decide
                    log.error("conversations.history needs channels:history/groups:history "
                              "to rule out a double post after a crash (%s)", channel_id)
                    return None
                raise
            for msg in response.get("messages") or []:
                meta = msg.get("metadata") or {}
                if (meta.get("event_type") == EVENT_TYPE
                        and (meta.get("event_payload") or {}).get(POST_KEY) == post_key):
                    return str(msg.get("ts"))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return None
