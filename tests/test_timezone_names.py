"""A time zone name too long for a file name is an unknown zone, not an internal error (the
fuzz test found `tz:xxxx…` raising OSError inside zoneinfo)."""

from __future__ import annotations

from bot.core import Core


async def test_a_very_long_time_zone_is_refused_clearly(core: Core) -> None:
    for text in ("fixtures Liverpool tz:" + "x" * 300, "subscribe Liverpool tz:" + "x" * 300):
        reply = await core.ask(text)
        assert reply.kind == "user_error", text
        assert reply.title.startswith("Unknown time zone"), reply.title
