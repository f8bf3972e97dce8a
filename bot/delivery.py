"""How the scheduler hands a post to a platform adapter, and hears back how it went."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from bot.reply import Reply

Failure = Literal["gone", "forbidden", "rate_limited", "transient"]
# gone: channel deleted/archived/not found; forbidden: bot not in channel or no permission;
# rate_limited: try again after retry_after; transient: network or 5xx, retry with backoff.


@dataclass(frozen=True, slots=True)
class PostResult:
    ok: bool
    message_ref: str | None = None      # the platform's message id, when sent
    failure: Failure | None = None
    detail: str = ""                    # the platform's own error code, e.g. not_in_channel
    retry_after: float | None = None


class Poster(Protocol):
    """Implemented by each chat adapter (discord, slack, console)."""

    platform: str

    async def post(self, channel_id: str, reply: Reply) -> PostResult: ...
