"""Player names in admin input: existing players resolve, new ones are created, typos refused.

A name matching no player is a new player (the answer says so), unless it is close to an
existing player's name — "Salha" for Salah — which is refused with "did you mean" until the
admin marks it as new (`Salha*` or the option new:Salha).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz, process

from bot.context import Context
from bot.errors import UnknownName, UserError
from bot.names import NameIndex
from storage import fold

NEAR_MISS = 80   # rapidfuzz ratio of a typed name to a player's name or surname

Parts = tuple[list[str], list[str]]   # what a name is compared with, and whose it is
_parts: WeakKeyDictionary[NameIndex, tuple[int, Parts, Parts]] = WeakKeyDictionary()


def player_parts(names: NameIndex, whole: bool) -> Parts:
    """Players' folded names (`whole`), or their names and each word of them, with the name
    each belongs to, in the entities' order; kept until the index next changes (scoring
    them in one rapidfuzz call takes a few ms even with 50x today's players)."""
    held = _parts.get(names)
    if held is None or held[0] != names.generation:
        titles, keys = names.players()
        parts, owners = [], []
        for title, key in zip(titles, keys, strict=True):
            these = [key, *key.split()]
            parts += these
            owners += [title] * len(these)
        held = _parts[names] = (names.generation, (keys, titles), (parts, owners))
    return held[1] if whole else held[2]


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
        """The existing player whose name (or one word of it) is a typo away from `key`:
        the first in the entities' order with the best score."""
        parts, owners = player_parts(self.ctx.names, whole=" " in key)
        best = process.extractOne(key, parts, scorer=fuzz.ratio, score_cutoff=NEAR_MISS)
        return None if best is None else owners[best[2]]

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
