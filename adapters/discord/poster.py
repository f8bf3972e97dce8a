"""Scheduled posts to a Discord channel: `POST /channels/{id}/messages`, failures classified.

The scheduler owns retries and gives up on a channel after repeated failures, so this
poster never sleeps on a rate limit or retries a 5xx itself: it reports what happened.

Exactly once: a scheduled post carries its ledger key (`reply.data["post_key"]`); it goes out
as the message `nonce` with `enforce_nonce`, so Discord answers a repeat within a few minutes
with the earlier message instead of posting twice. `dedup_window` tells the scheduler how
long that holds (we claim less than Discord's "few minutes").
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping

import aiohttp

from adapters.charts import attachment
from adapters.discord.render import ALT_TEXT, clip, messages, show_image
from bot.delivery import PostResult
from bot.posts import POST_KEY, mention_parts
from bot.reply import Chart, Reply

log = logging.getLogger(__name__)

GONE_CODES = {10003}  # Unknown Channel
NONCE_LENGTH = 25     # Discord's limit for a string nonce


def nonce(post_key: str, page: int = 0) -> str:
    """A stable nonce within Discord's 25 characters: a hash of the key (and page)."""
    text = post_key if page == 0 else f"{post_key}#{page}"
    return "mf" + hashlib.sha256(text.encode()).hexdigest()[:NONCE_LENGTH - 2]


class DiscordPoster:
    """Implements bot.delivery.Poster with the bot token over plain HTTPS."""

    platform = "discord"
    dedup_window = 120.0   # seconds Discord drops a repeated enforce_nonce send

    def __init__(self, token: str, api_base: str, session: aiohttp.ClientSession | None = None,
                 timeout: float = 15.0) -> None:
        self._token = token
        self._base = api_base.rstrip("/")
        self._session = session
        self._own_session = session is None
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
            self._own_session = True
        return self._session

    async def post(self, channel_id: str, reply: Reply) -> PostResult:
        first: str | None = None
        key = (reply.data or {}).get(POST_KEY)
        png = await attachment(reply.chart)
        for i, page in enumerate(messages(reply)):
            body: dict = {"embeds": page}  # type: ignore[type-arg]
            if key:
                body |= {"nonce": nonce(str(key), i), "enforce_nonce": True}
            if i == 0:
                body |= mention(reply)
            if i == 0 and png is not None and reply.chart is not None:
                result = await self._send_with_chart(channel_id, body, png, reply.chart)
            else:
                result = await self._send(channel_id, body)
            if not result.ok:
                return result
            first = first or result.message_ref
        return PostResult(ok=True, message_ref=first)

    async def _send_with_chart(self, channel_id: str, body: dict,  # type: ignore[type-arg]
                               png: bytes, chart: Chart) -> PostResult:
        """The first page with the chart; refused (no attach permission, too large…), the
        text alone, with the same nonce: Discord drops a repeat of a send that did land."""
        pages = [[dict(e) for e in body["embeds"]]]
        show_image(pages, chart.filename)
        meta = {**body, "embeds": pages[0], "attachments": [
            {"id": 0, "filename": chart.filename,
             "description": clip(chart.alt_text, ALT_TEXT)}]}
        form = aiohttp.FormData()
        form.add_field("payload_json", json.dumps(meta), content_type="application/json")
        form.add_field("files[0]", png, filename=chart.filename, content_type="image/png")
        result = await self._send(channel_id, form)
        if result.ok or not _refused(result):
            return result   # rate limits, outages, a gone channel: the scheduler retries
        log.warning("post to %s with its chart failed (%s %s); sending the text alone",
                    channel_id, result.failure, result.detail)
        return await self._send(channel_id, body)

    async def _send(self, channel_id: str,
                    body: dict | aiohttp.FormData) -> PostResult:  # type: ignore[type-arg]
        session = await self._client()
        url = f"{self._base}/channels/{channel_id}/messages"
        headers = {"Authorization": f"Bot {self._token}", "User-Agent": "matchfacts"}
        sent = {"data": body} if isinstance(body, aiohttp.FormData) else {"json": body}
        try:
            async with session.post(url, headers=headers, **sent) as resp:
                status, raw, resp_headers = resp.status, await resp.read(), resp.headers
        except (aiohttp.ClientError, TimeoutError) as err:
            return PostResult(ok=False, failure="transient", detail=type(err).__name__)
        data = _json_object(raw)
        if data is None:   # an HTML error page, a proxy's garbage: a failure of its status
            log.warning("post to %s: HTTP %d with a body that is not JSON", channel_id, status)
            if status == 429:
                return PostResult(ok=False, failure="rate_limited", detail="429",
                                  retry_after=retry_after({}, resp_headers))
            return PostResult(ok=False, failure="gone" if status == 404 else
                              "forbidden" if status in (401, 403) else "transient",
                              detail=str(status) if status >= 300 else f"{status} not JSON")
        if 200 <= status < 300:
            return PostResult(ok=True, message_ref=str(data.get("id", "")) or None)
        code = str(data.get("code", status))
        if status == 404 or data.get("code") in GONE_CODES:
            return PostResult(ok=False, failure="gone", detail=code)
        if status in (401, 403):
            return PostResult(ok=False, failure="forbidden", detail=code)
        if status == 429:
            return PostResult(ok=False, failure="rate_limited", detail="429",
                              retry_after=retry_after(data, resp_headers))
        if status >= 500:
            return PostResult(ok=False, failure="transient", detail=str(status))
        return PostResult(ok=False, failure="transient",
                          detail=f"{code} {data.get('message', '')}".strip())

    async def close(self) -> None:
        if self._own_session and self._session is not None and not self._session.closed:
            await self._session.close()


def _json_object(raw: bytes) -> dict | None:  # type: ignore[type-arg]
    """The body as a JSON object; {} for an empty body; None when it is not JSON."""
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def retry_after(data: dict, headers: Mapping[str, str]) -> float:  # type: ignore[type-arg]
    """Seconds to wait after a 429: the JSON `retry_after`, else `X-RateLimit-Reset-After`,
    else `Retry-After`, else one second."""
    for raw in (data.get("retry_after"), headers.get("X-RateLimit-Reset-After"),
                headers.get("Retry-After")):
        try:
            if raw is not None:
                return max(0.0, float(raw))
        except (TypeError, ValueError):
            continue
    return 1.0


def mention(reply: Reply) -> dict:  # type: ignore[type-arg]
    """The match-day mention as message content: a mention inside an embed never pings, and
    `allowed_mentions` lets exactly this one through (a Slack user group means nothing here)."""
    parts = mention_parts(reply)
    if parts is None:
        return {}
    kind, ref = parts
    if kind == "here":
        return {"content": "@here", "allowed_mentions": {"parse": ["everyone"]}}
    if kind == "role" and ref.isdigit():
        return {"content": f"<@&{ref}>", "allowed_mentions": {"parse": [], "roles": [ref]}}
    return {}


def _refused(result: PostResult) -> bool:
    """Discord said no to this message (no Attach Files permission, too large, invalid form):
    a 4xx answer. A 5xx is a bare 3-digit status, a network failure an exception name."""
    if result.failure == "forbidden":
        return True
    detail = result.detail
    return result.failure == "transient" and detail[:1].isdigit() and not (
        len(detail) == 3 and detail.startswith("5"))
