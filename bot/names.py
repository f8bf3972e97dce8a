"""Name resolution: clubs and players, case- and accent-blind, by alias, word and fuzzy match.

An unknown or ambiguous name is answered with "did you mean ...", never guessed: a short
name resolves only when exact, or when one candidate clearly dominates the data
("Real" is Real Madrid, with many times more matches than any other Real).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.errors import UnknownName
from storage import Store, fold

FUZZY_ACCEPT = 85     # a plain edit-distance ratio this high, for one entity only, resolves
FUZZY_SUGGEST = 60    # below this a candidate is not worth suggesting
SUGGEST_SPREAD = 10   # ... nor one this far behind the best candidate
DOMINANCE = 3         # a word match resolves when its top candidate has 3x the next's matches


@dataclass(frozen=True, slots=True)
class Named:
    kind: str          # club | player
    id: int
    name: str          # canonical display name
    country: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name


class NameIndex:
    """In-memory index of every club and player name; rebuilt when the store changes."""

    def __init__(self) -> None:
        self.version = -1
        self.entities: dict[tuple[str, int], Named] = {}
        self.by_key: dict[str, set[tuple[str, int]]] = defaultdict(set)
        self.by_word: dict[str, set[tuple[str, int]]] = defaultdict(set)
        self.weight: dict[tuple[str, int], int] = {}
        self.keys: list[str] = []

    async def refresh(self, store: Store) -> None:
        """Rebuild from the store if it has changed since the last build."""
        if self.version == store.data_version and self.entities:
            return
        self.__init__()  # type: ignore[misc]
        counts = await store.club_match_counts()
        for club in await store.clubs():
            self._add(Named("club", club.id, club.name, club.country), club.name,
                      counts.get(club.id, 0))
        for alias, club_id in await store.club_aliases():
            self._add_alias(("club", club_id), alias)
        goals = await store.player_goal_counts()
        for player in await store.players():
            self._add(Named("player", player.id, player.name), player.name,
                      goals.get(player.id, 0))
        for alias, player_id in await store.player_aliases():
            self._add_alias(("player", player_id), alias)
        self.keys = list(self.by_key)
        self.version = store.data_version

    def _add(self, entity: Named, name: str, weight: int) -> None:
        ref = (entity.kind, entity.id)
        self.entities[ref] = entity
        self.weight[ref] = weight
        self._add_alias(ref, name)

    def _add_alias(self, ref: tuple[str, int], alias: str) -> None:
        if ref not in self.entities:
            return
        key = fold(alias)
        if not key:
            return
        self.by_key[key].add(ref)
        for word in key.split():
            self.by_word[word].add(ref)

    def resolve(self, text: str, kinds: tuple[str, ...] = ("club",)) -> Named:
        """The one entity a name means, or UnknownName with suggestions."""
        label = " or ".join(kinds)
        key = fold(text)
        if not key:
            raise UnknownName(f"Give a {label} name.")
        exact = self._of_kind(self.by_key.get(key, set()), kinds)
        if len(exact) == 1:
            return self.entities[exact[0]]
        if exact:
            return self._pick_or_ask(exact, text, label)
        words = key.split()
        sets = [self._word_matches(w, kinds) for w in words]
        common = set.intersection(*sets) if sets else set()
        if common:
            return self._pick_or_ask(list(common), text, label)
        # Token-set similarity ranks the suggestions; only a close edit distance (a typo) resolves.
        scored = process.extract(key, self.keys, scorer=fuzz.token_set_ratio, limit=20)
        best: dict[tuple[str, int], float] = {}
        close: dict[tuple[str, int], float] = {}
        for alias_key, score, _ in scored:
            for ref in self._of_kind(self.by_key[alias_key], kinds):
                best[ref] = max(best.get(ref, 0), score)
                close[ref] = max(close.get(ref, 0), fuzz.ratio(key, alias_key))
        ranked = sorted(best, key=lambda r: (-best[r], -self.weight[r]))
        typos = [r for r in close if close[r] >= FUZZY_ACCEPT]
        if len(typos) == 1:
            return self.entities[typos[0]]
        top = best[ranked[0]] if ranked else 0
        suggestions = tuple(
            self.entities[r].label for r in ranked[:5]
            if best[r] >= max(FUZZY_SUGGEST, top - SUGGEST_SPREAD)
        )
        raise UnknownName(f"I don't know a {label} called “{text}”.", suggestions=suggestions,
                          data={"name": text, "kinds": list(kinds)})

    def _word_matches(self, word: str, kinds: tuple[str, ...]) -> set[tuple[str, int]]:
        refs = self.by_word.get(word, set())
        if not refs and len(word) >= 3:
            refs = {r for w, rs in self.by_word.items() if w.startswith(word) for r in rs}
        return set(self._of_kind(refs, kinds))

    def _pick_or_ask(self, refs: list[tuple[str, int]], text: str, label: str) -> Named:
        ranked = sorted(refs, key=lambda r: -self.weight[r])
        if len(ranked) == 1 or self.weight[ranked[0]] >= DOMINANCE * max(self.weight[ranked[1]], 1):
            return self.entities[ranked[0]]
        raise UnknownName(
            f"“{text}” could mean more than one {label}.",
            suggestions=tuple(self.entities[r].label for r in ranked[:5]),
            data={"name": text, "ambiguous": True},
        )

    @staticmethod
    def _of_kind(refs: set[tuple[str, int]], kinds: tuple[str, ...]) -> list[tuple[str, int]]:
        return sorted(r for r in refs if r[0] in kinds)

    def complete(
        self, prefix: str, kinds: tuple[str, ...] = ("club",), limit: int = 25
    ) -> list[str]:
        """Names for autocomplete: word-prefix matches first, most prominent first."""
        key = fold(prefix)
        refs = {r for r in self.entities if r[0] in kinds}
        if key:
            words = key.split()
            refs = {r for r in refs
                    if all(any(w.startswith(p) for w in fold(self.entities[r].name).split())
                           for p in words)}
        ranked = sorted(refs, key=lambda r: (-self.weight[r], self.entities[r].name))
        return [self.entities[r].name for r in ranked[:limit]]
