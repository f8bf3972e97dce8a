"""HTTP client for football-data.org API v4, inside its rate limit.

The free plan allows 10 requests a minute. The client never sends more than `per_minute` in
any 60 seconds (a sliding window on its own clock), stops when a response says
`X-Requests-Available-Minute: 0` until `X-RequestCounter-Reset` seconds have passed, and waits
that long on a 429 before trying again. The token goes only into the `X-Auth-Token` header;
no log line or error carries it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

DEFAULT_URL = "https://api.football-data.org/v4"
UNFOLD = {"X-Unfold-Goals": "true", "X-Unfold-Lineups": "true", "X-Unfold-Subs": "true"}
MAX_429 = 3
WINDOW = timedelta(seconds=60)


class FeedError(Exception):
    """The feed could not be read; nothing of that competition was written."""


class FeedForbidden(FeedError):
    """403: a wrong token, or a competition outside the token's plan."""


class FeedUnavailable(FeedError):
    """5xx, a timeout, a refused connection, or the rate limit still hit after waiting."""


class FeedBadResponse(FeedError):
    """A body that is not the JSON the v4 API documents."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class RateLimit:
    """At most `per_minute` requests in any minute, and none while the server says to wait."""

    def __init__(self, per_minute: int, now: Callable[[], datetime],
                 sleep: Callable[[float], Awaitable[None]]) -> None:
        self.per_minute = max(1, per_minute)
        self.now = now
        self.sleep = sleep
        self.sent: deque[datetime] = deque()
        self.blocked_until: datetime | None = None

    async def acquire(self) -> None:
        while True:
            now = self.now()
            while self.sent and now - self.sent[0] >= WINDOW:
                self.sent.popleft()
            wait = 0.0
            if self.blocked_until and self.blocked_until > now:
                wait = (self.blocked_until - now).total_seconds()
            elif len(self.sent) >= self.per_minute:
                wait = (self.sent[0] + WINDOW - now).total_seconds()
            if wait <= 0:
                self.sent.append(now)
                return
            log.info("football-data.org: waiting %.0f s to stay inside the rate limit", wait)
            await self.sleep(wait)

    def block(self, seconds: float) -> None:
        self.blocked_until = self.now() + timedelta(seconds=max(seconds, 1.0))


class FeedClient:
    """GETs JSON from the v4 API; one instance per process shares one rate limit."""

    def __init__(self, token: str, base_url: str = DEFAULT_URL, *, per_minute: int = 10,
                 timeout: float = 20.0, now: Callable[[], datetime] = utc_now,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 session: aiohttp.ClientSession | None = None) -> None:
        reveal = getattr(token, "reveal", None)
        self._token = reveal() if callable(reveal) else str(token)
        self.base_url = base_url.rstrip("/")
        self.limit = RateLimit(per_minute, now, sleep)
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.sleep = sleep
        self._session = session
        self._own_session = session is None
        self.requests = 0

    def __repr__(self) -> str:
        return f"FeedClient({self.base_url!r})"

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(trust_env=False)
        return self._session

    async def competition_matches(self, code: str) -> dict[str, Any]:
        """The current season's matches of one competition, goals and lineups unfolded."""
        return await self.get(f"/competitions/{code}/matches", unfold=True)

    async def competition_teams(self, code: str) -> dict[str, Any]:
        """The current season's teams, with their area (country)."""
        return await self.get(f"/competitions/{code}/teams")

    async def get(self, path: str, params: dict[str, str] | None = None,
                  unfold: bool = False) -> dict[str, Any]:
        headers = {"X-Auth-Token": self._token, **(UNFOLD if unfold else {})}
        url = self.base_url + path
        for _attempt in range(MAX_429 + 1):
            await self.limit.acquire()
            self.requests += 1
            try:
                async with self._http().get(url, params=params, headers=headers,
                                            timeout=self.timeout) as resp:
                    body = await resp.read()
                    self._read_limits(resp.headers)
                    status = resp.status
                    reset = _number(resp.headers.get("X-RequestCounter-Reset"))
            except TimeoutError:
                raise FeedUnavailable(f"GET {path}: no answer within "
                                      f"{self.timeout.total:g} s") from None
            except aiohttp.ClientError as err:
                raise FeedUnavailable(f"GET {path}: {type(err).__name__}") from None
            if status == 429:
                wait = reset if reset is not None else 60.0
                log.warning("football-data.org: 429 on GET %s; waiting %.0f s, then again",
                            path, wait)
                self.limit.block(wait)
                continue
            if status == 403:
                raise FeedForbidden(f"GET {path}: 403 {_message(body)} (a wrong "
                                    "FOOTBALL_DATA_TOKEN, or a competition outside its plan)")
            if status >= 500:
                raise FeedUnavailable(f"GET {path}: the server answered {status}")
            if status != 200:
                raise FeedError(f"GET {path}: {status} {_message(body)}")
            try:
                data = json.loads(body)
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise FeedBadResponse(f"GET {path}: the body is not JSON") from None
            if not isinstance(data, dict):
                raise FeedBadResponse(f"GET {path}: the body is not a JSON object")
            return data
        raise FeedUnavailable(f"GET {path}: still rate-limited after {MAX_429} waits")

    def _read_limits(self, headers: Any) -> None:
        available = _number(headers.get("X-Requests-Available-Minute"))
        reset = _number(headers.get("X-RequestCounter-Reset"))
        if available is not None and available <= 0:
            self.limit.block(reset if reset is not None else 60.0)


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _message(body: bytes) -> str:
    """The API's own error message, short, when the body carries one."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ""
    message = data.get("message") if isinstance(data, dict) else None
    return str(message)[:200] if message else ""
