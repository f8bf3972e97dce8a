"""What a handler gets besides its command: the store, the name index, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.commands import Command
from bot.names import Named, NameIndex
from storage import Store
from storage.server_settings import PlaceSettings


@dataclass(slots=True)
class Context:
    store: Store
    names: NameIndex
    now: Callable[[], datetime]
    command: Command
    # the server's/channel's settings in force (admin settings); `place.charts` is the
    # chart default a command falls back to
    place: PlaceSettings = field(default_factory=PlaceSettings)

    @property
    def as_of(self) -> date | None:
        return self.command.as_of

    @property
    def before(self) -> str | None:
        """Only matches strictly before this date count (an ISO date), or all when None."""
        return self.command.as_of.isoformat() if self.command.as_of else None

    @property
    def today(self) -> date:
        return self.command.as_of or self.now().date()

    def club(self, text: str) -> Named:
        return self.names.resolve(text, ("club",))

    def player(self, text: str) -> Named:
        return self.names.resolve(text, ("player",))

    def subject(self, text: str) -> Named:
        """A club or a player, whichever the name means."""
        return self.names.resolve(text, ("club", "player"))
