"""A clock the test moves, and in-memory Posters that record what reached each channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.delivery import PostResult
from bot.posts import POST_KEY
from bot.reply import Reply


class Crash(BaseException):
    """The process dies: raised past every `except Exception`."""


def at(text: str) -> datetime:
    """An ISO time string as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass
class FakeClock:
    t: datetime

    def now(self) -> datetime:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)

    def move_to(self, t: datetime) -> None:
        assert t >= self.t, "time runs forwards"
        self.t = t

    def advance(self, **kw: float) -> None:
        self.t += timedelta(**kw)


@dataclass
class Delivered:
    channel_id: str
    reply: Reply
    at: datetime

    @property
    def key(self) -> str:
        return self.reply.data[POST_KEY]


@dataclass
class RecordingPoster:
    """A Poster: delivered posts in order; `fail(channel, reply)` may return a failure."""

    platform: str
    clock: FakeClock
    fail: Callable[[str, Reply], PostResult | None] = lambda c, r: None
    lookup: bool = True            # can find a post by its key (like Slack message metadata)
    crash_after_send: set[str] = field(default_factory=set)   # post keys (* any): die after
    delivered: list[Delivered] = field(default_factory=list)

    async def post(self, channel_id: str, reply: Reply) -> PostResult:
        if failure := self.fail(channel_id, reply):
            return failure
        self.delivered.append(Delivered(channel_id, reply, self.clock.now()))
        for key in (reply.data[POST_KEY], "*"):
            if key in self.crash_after_send:
                self.crash_after_send.discard(key)
                raise Crash
        return PostResult(ok=True, message_ref=f"m{len(self.delivered)}")

    def __getattr__(self, name: str) -> object:
        if name == "find_post" and self.lookup:
            return self._find_post
        raise AttributeError(name)

    async def _find_post(self, channel_id: str, post_key: str) -> str | None:
        for i, d in enumerate(self.delivered):
            if d.channel_id == channel_id and d.key == post_key:
                return f"m{i + 1}"
        return None

    def delivered_keys(self) -> list[tuple[str, str]]:
        return [(d.channel_id, d.key) for d in self.delivered]
