"""Reading a failed Slack Web API call safely, whatever came back.

slack_sdk's `SlackApiError.response` is a `SlackResponse` for a JSON answer, but the raw
aiohttp `ClientResponse` when the body is labelled JSON and is not (a proxy's 502 page, a
200 with garbage): that has no `.get`, and code calling it raised inside its own `except`.
Every Slack call site reads an error through `read_error` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackClientError

API_TIMEOUT = 10.0   # seconds for any Web API call (slack_sdk's default is 30)

# What a Slack call may raise: Slack's answers, the network, the timeout.
SLACK_FAILURES: tuple[type[BaseException], ...] = (SlackClientError, aiohttp.ClientError,
                                                   TimeoutError)


@dataclass(frozen=True)
class SlackFault:
    """A failed call in plain values: Slack's error code (or `http_<status>`, or the
    exception's name), the HTTP status if any, and a rate limit's wait if given."""

    code: str
    status: int | None = None
    retry_after: float | None = None


def read_error(err: BaseException) -> SlackFault:
    """A fault from any exception a Slack call raised; never raises itself."""
    response = getattr(err, "response", None)
    if response is None:
        return SlackFault(type(err).__name__)
    status = _status(response)
    data = getattr(response, "data", None)
    code = data.get("error") if isinstance(data, dict) else None
    if not code:
        code = f"http_{status}" if status and status != 200 else "invalid_response"
    return SlackFault(str(code), status, _retry_after(getattr(response, "headers", None)))


def _status(response: Any) -> int | None:  # noqa: ANN401 - SlackResponse or ClientResponse
    value = getattr(response, "status_code", None) or getattr(response, "status", None)
    return value if isinstance(value, int) else None


def _retry_after(headers: Any) -> float | None:  # noqa: ANN401 - any mapping of headers
    if not headers:
        return None
    try:
        raw = headers.get("Retry-After") or headers.get("retry-after")
        return max(0.0, float(raw)) if raw is not None else None
    except (AttributeError, TypeError, ValueError):
        return None
