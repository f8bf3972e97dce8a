"""Player names in admin input: existing players resolve, new ones are created, typos refused.

A name matching no player is a new player (the answer says so), unless it is close to an
existing player's name — "Salha" for Salah — which is refused with "did you mean" until the
admin marks it as new (`Salha*` or the option new:Salha).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.context import Context
from bot.errors import UnknownName, UserError
from storage import fold

NEAR_MISS = 80   # rapidfuzz ratio of a typed name to a player's name or surname


@dataclass
class PlayerBook:
    """Resolves names before the write; creates the new players inside the transaction."""

    ctx: Context
    marked_new: set[str] = field(default_factory=set)
    found: dict[str, int] = field(default_factory=dict)
    to_create: dict[str, str] = field(default_factory=dict)   # folded key → name as typed
    created: dict[str, int] = field(default_factory=dict)

    async def check(self, name: str, new: bool = False, club_id: int | None = None) -> None:
        """Resolve or plan to create `name`; UserError on a likely typo or an ambiguous name.

        Namesakes the importers keep apart (one player per name per club) are told apart by
        the club the goal is for.
        """
        key = fold(name)
        if not key:
            raise UserError("A player's name is empty.")
        if key in self.found or key in self.to_create:
            return
        if new or key in self.marked_new:
            self.to_create[key] = name
            return
        try:
            self.found[key] = self.ctx.names.resolve(name, ("player",)).id
            return
        except UnknownName as err:
            if err.data.get("ambiguous"):
                if (pid := await self._namesake(err.suggestions, club_id)) is not None:
                    self.found[key] = pid
                    return
                raise UserError(f"“{name}” could mean more than one player; write the full "
                                "name.", suggestions=err.suggestions) from None
        if near := self.near_miss(key):
            raise UserError(
                f"I know no player called “{name}” — did you mean {near}? If {name} really is "
                f"a new player, mark the name as new: `{name}* 14` (or the option new:{name}).",
                suggestions=(near,), data={"name": name, "did_you_mean": near})
        self.to_create[key] = name

    async def _namesake(self, labels: tuple[str, ...], club_id: int | None) -> int | None:
        """One person stored twice under one name: the one known at this club, else the latest."""
        if len({fold(label) for label in labels}) != 1:
            return None
        ids = sorted(e.id for e in self.ctx.names.entities.values()
                     if e.kind == "player" and fold(e.name) == fold(labels[0]))
        if club_id is not None:
            at_club = await self.ctx.store.players_of_club(ids, club_id)
            if len(at_club) == 1:
                return at_club[0]
        return ids[-1] if ids else None

    def near_miss(self, key: str) -> str | None:
        """The existing player whose name (or one word of it) is a typo away from `key`."""
        best, best_score = None, 0.0
        for entity in self.ctx.names.entities.values():
            if entity.kind != "player":
                continue
            full = fold(entity.name)
            parts = [full, *full.split()] if " " not in key else [full]
            score = max(fuzz.ratio(key, p) for p in parts)
            if score >= NEAR_MISS and score > best_score:
                best, best_score = entity.name, score
        return best

    async def create(self) -> None:
        """Insert the new players. Call inside the change's transaction."""
        for key, name in self.to_create.items():
            self.created[key] = await self.ctx.store.insert_player(name)

    def id(self, name: str) -> int:
        key = fold(name)
        return self.found.get(key) or self.created[key]

    @property
    def new_names(self) -> list[str]:
        return list(self.to_create.values())
