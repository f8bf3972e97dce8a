"""Whether a reply's chart is attached: the `chart:` option, else the channel's stored default.

The one place this is decided. The stored default is the channel's (or server's) "charts"
setting from `admin settings`; with neither, charts are attached.
"""

from __future__ import annotations

from dataclasses import replace

from bot.errors import UserError
from bot.reply import Reply

YES = ("yes", "on", "true", "1")
NO = ("no", "off", "false", "0")


def wants_chart(option: str | None, default: bool | None) -> bool:
    """`chart:no` / `chart:yes` win; then the stored default; then yes."""
    if option:
        text = option.strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise UserError(f"chart must be yes or no, not “{option}”.")
    return True if default is None else default


def without_chart(reply: Reply) -> Reply:
    return replace(reply, chart=None) if reply.chart is not None else reply
