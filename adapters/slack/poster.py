"""Scheduled posts through `chat.postMessage`, with Slack's errors sorted for the scheduler."""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import blocks, fallback
from bot.delivery import Failure, PostResult
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


class SlackPoster:
    """Implements `bot.delivery.Poster` for Slack."""

    platform = "slack"

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, channel_id: str, reply: Reply) -> PostResult:
        try:
            response = await self.client.chat_postMessage(
                channel=channel_id, text=fallback(reply), blocks=blocks(reply))
        except SlackApiError as err:
            code = str(err.response.get("error") or f"http_{err.response.status_code}")
            failure = FAILURES.get(code, "transient")
            if err.response.status_code == 429:
                failure = "rate_limited"
            retry = err.response.headers.get("Retry-After") or err.response.headers.get(
                "retry-after")
            log.warning("chat.postMessage to %s failed: %s", channel_id, code)
            return PostResult(ok=False, failure=failure, detail=code,
                              retry_after=float(retry) if retry and failure == "rate_limited"
                              else None)
        except (aiohttp.ClientError, TimeoutError) as err:
            log.warning("chat.postMessage to %s failed: %s", channel_id, err)
            return PostResult(ok=False, failure="transient", detail=type(err).__name__)
        return PostResult(ok=True, message_ref=str(response.get("ts") or ""))
