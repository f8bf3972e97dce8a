"""Two kinds of error: a user's (safe text, shown) and ours (logged, apologised for)."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Bad input: the message is safe to show, and nothing was written."""

    def __init__(
        self, message: str, *, suggestions: tuple[str, ...] = (), data: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions
        self.data = data or {}


class UnknownName(UserError):
    """A club or player name that matches nothing (or too many things)."""


class NotAllowed(UserError):
    """The caller lacks the rights for this command."""
