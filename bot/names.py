"""Name resolution: clubs and players, case- and accent-blind, by alias, word and fuzzy match.

An unknown or ambiguous name is answered with "did you mean ...", never guessed: a short
name resolves only when exact, or when one candidate clearly dominates the data
("Real" is Real Madrid, with many times more matches than any other Real).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.errors import UnknownName
from storage import Store, fold
from storage.clubs import NameRows

FUZZY_ACCEPT = 85     # a plain edit-distance ratio this high, for one entity only, resolves
FUZZY_SUGGEST = 60    # below this a candidate is not worth suggesting
SUGGEST_SPREAD = 10   # ... nor one this far behind the best candidate
DOMINANCE = 3         # a word match resolves when its top candidate has 3x the next's matches
MAX_NAME = 60         # characters: no club or player name is longer; beyond it, no lookup at all
MAX_NAME_WORDS = 6    # words, likewise: keeps resolution cheap (well under 1 ms) for any input


@dataclass(frozen=True, slots=True)
class Named:
    kind: str          # club | player
    id: int
    name: str          # canonical display name
    country: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name


Ref = tuple[str, int]          # (kind, id)
Position = tuple[int, int]     # where a full build first meets a key: (phase, id or rowid)


class NameIndex:
    """In-memory index of every club and player name.

    Built whole at start from the store's folded keys and kept counts; after a write it
    updates only the clubs and players the write touched (the store's name-change log).
    """

    def __init__(self) -> None:
        self.version = -1
        self.seq = 0                                   # name-change log position applied
        self.entities: dict[Ref, Named] = {}
        self.by_key: dict[str, dict[Ref, Position]] = {}
        self.by_word: dict[str, set[Ref]] = defaultdict(set)
        self.weight: dict[Ref, int] = {}
        self.own_key: dict[Ref, str] = {}              # the folded canonical name
        self.keys_of: dict[Ref, set[str]] = {}
        self._keys: list[str] | None = []

    @property
    def keys(self) -> list[str]:
        """Every key, in the order a full build meets them (fuzzy ties keep that order)."""
        if self._keys is None:
            self._keys = sorted(self.by_key, key=lambda k: min(self.by_key[k].values()))
        return self._keys

    async def refresh(self, store: Store) -> None:
        """Catch up with the store: only what changed, or everything when that is unknown."""
        if self.version == store.data_version and self.entities:
            return
        version = store.data_version
        # every read comes first: a question answered meanwhile sees the old index, whole
        changes = await store.name_changes(self.seq) if self.entities else None
        if changes is None:
            rows = await store.name_rows()
            self.__init__()  # type: ignore[misc]
            self._load(rows)
            self.seq = rows.seq         # read before the rows: a later change is replayed
            self._keys = list(self.by_key)
        elif changes.clubs or changes.players:
            rows = await store.name_rows(changes.clubs, changes.players)
            for ref in [*(("club", i) for i in changes.clubs),
                        *(("player", i) for i in changes.players)]:
                self._forget(ref)
            self._load(rows)
            self.seq = changes.seq
            self._keys = None
        self.version = version

    def _load(self, rows: NameRows) -> None:
        """Add these entities and keys, in the order a full build meets them.

        Written as flat loops over local names: a full build meets every club, player and
        alias once, and at 50x today's clubs this is most of the bot's start-up time.
        """
        own = {(club_id, alias): key for _, key, club_id, alias in rows.club_aliases}
        entities, weight, own_key = self.entities, self.weight, self.own_key
        club_weights, player_weights = rows.club_weights, rows.player_weights
        named: list[tuple[Ref, str, Position]] = []
        for club_id, name, country in rows.clubs:
            ref = ("club", club_id)
            entities[ref] = Named("club", club_id, name, country)
            weight[ref] = club_weights.get(club_id, 0)
            key = own.get((club_id, name))
            own_key[ref] = key = key if key is not None else fold(name)
            named.append((ref, key, (0, club_id)))
        named += [(("club", club_id), key, (1, rowid))
                  for rowid, key, club_id, _ in rows.club_aliases]
        for player_id, name, key in rows.players:
            ref = ("player", player_id)
            entities[ref] = Named("player", player_id, name)
            weight[ref] = player_weights.get(player_id, 0)
            own_key[ref] = key
            named.append((ref, key, (2, player_id)))
        named += [(("player", player_id), key, (3, rowid))
                  for rowid, key, player_id in rows.player_aliases]
        by_key, by_word, keys_of = self.by_key, self.by_word, self.keys_of
        for ref, key, at in named:
            if not key or ref not in entities:
                continue
            refs = by_key.get(key)
            if refs is None:
                by_key[key] = {ref: at}
            elif ref not in refs:
                refs[ref] = at
            else:
                continue            # a second alias with the same key: nothing new
            mine = keys_of.get(ref)
            if mine is None:
                keys_of[ref] = {key}
            else:
                mine.add(key)
            for word in key.split():
                by_word[word].add(ref)

    def _forget(self, ref: Ref) -> None:
        """Take an entity out of the index (it is read back if it still exists)."""
        if self.entities.pop(ref, None) is None:
            return
        del self.weight[ref], self.own_key[ref]
        for key in self.keys_of.pop(ref, ()):
            refs = self.by_key[key]
            del refs[ref]
            if not refs:
                del self.by_key[key]
            for word in key.split():
                holders = self.by_word[word]
                holders.discard(ref)
                if not holders:
                    del self.by_word[word]

    def resolve(self, text: str, kinds: tuple[str, ...] = ("club",)) -> Named:
        """The one entity a name means, or UnknownName with suggestions."""
        label = " or ".join(kinds)
        if len(text) > MAX_NAME or len(text.split()) > MAX_NAME_WORDS:
            raise UnknownName(f"That is too long for a {label} name (at most {MAX_NAME} "
                              f"characters and {MAX_NAME_WORDS} words): “{clip(text)}”.",
                              data={"name": clip(text), "kinds": list(kinds)})
        key = fold(text)
        if not key:
            raise UnknownName(f"Give a {label} name.")
        exact = self._of_kind(self.by_key.get(key, {}), kinds)
        if len(exact) == 1:
            return self.entities[exact[0]]
        if exact:
            return self._pick_or_ask(exact, text, label)
        common: set[tuple[str, int]] | None = None
        for word in dict.fromkeys(key.split()):   # each distinct word once; stop at no match
            found = self._word_matches(word, kinds)
            common = found if common is None else common & found
            if not common:
                break
        if common:
            return self._pick_or_ask(list(common), text, label)
        # Token-set similarity ranks the suggestions; only a close edit distance (a typo) resolves.
        scored = process.extract(key, self.keys, scorer=fuzz.token_set_ratio, limit=20,
                                 score_cutoff=FUZZY_SUGGEST)   # below it: never suggested
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
    def _of_kind(refs: Iterable[Ref], kinds: tuple[str, ...]) -> list[Ref]:
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
                    if all(any(w.startswith(p) for w in self.own_key[r].split())
                           for p in words)}
        ranked = sorted(refs, key=lambda r: (-self.weight[r], self.entities[r].name))
        return [self.entities[r].name for r in ranked[:limit]]


def clip(text: str, limit: int = 40) -> str:
    """A user's text shortened for an echo in a message: never the whole of a huge input."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
