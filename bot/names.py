"""Name resolution: clubs and players, case- and accent-blind, by alias, word and fuzzy match.

An unknown or ambiguous name is answered with "did you mean ...", never guessed: a short
name resolves only when exact, or when one candidate clearly dominates the data
("Real" is Real Madrid, with many times more matches than any other Real).
"""

from __future__ import annotations

import asyncio
import gc
import heapq
import threading
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import compress, islice
from typing import TypeVar

from rapidfuzz import fuzz, process

from bot.errors import UnknownName
from storage import Store, fold
from storage.names import PHASE, PLAYER, NameColumns

FUZZY_ACCEPT = 85     # a plain edit-distance ratio this high, for one entity only, resolves
FUZZY_SUGGEST = 60    # below this a candidate is not worth suggesting
SUGGEST_SPREAD = 10   # ... nor one this far behind the best candidate
DOMINANCE = 3         # a word match resolves when its top candidate has 3x the next's matches
MAX_NAME = 60         # characters: no club or player name is longer; beyond it, no lookup at all
MAX_NAME_WORDS = 6    # words, likewise: keeps resolution cheap (well under 1 ms) for any input
BACKGROUND_FROM = 20_000  # names: from this many the word part is built in a thread
SORT_BELOW = 500      # autocomplete sorts fewer candidates; more, it walks the ranking


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
Code = int                     # a club's id, or PLAYER + a player's id: sorts as Refs do
Stream = tuple[list[str], list[Code], list[int]]   # keys, codes, positions, in position order
V = TypeVar("V")


def code_of(ref: Ref) -> Code:
    return ref[1] + PLAYER if ref[0] == "player" else ref[1]


def ref_of(code: Code) -> Ref:
    return ("player", code - PLAYER) if code >= PLAYER else ("club", code)


def kind_of(code: Code) -> str:
    return "player" if code >= PLAYER else "club"


class Words:
    """The part of the index that word, fuzzy-order and autocomplete lookups need.

    Building it loops over every name in Python (a few hundred ms at 50x today's clubs), so
    on a large database it is built in a thread while exact lookups already answer.
    """

    def __init__(self) -> None:
        self.by_key: dict[str, dict[Code, int]] = {}   # key -> {code: first position}
        self.keys_of: dict[Code, set[str]] = {}
        self.by_word: dict[str, set[Code]] = {}
        self.sorted_words: list[str] = []               # for word-prefix lookups
        self.first: list[int] = []                      # ascending: the fuzzy keys' positions
        self.first_of: dict[str, int] = {}
        self.own_by_word: dict[str, set[Code]] = {}     # a word of an own name -> its holders
        self.own_sorted: list[str] = []                 # those words, sorted: autocomplete
        self.token_sets: list[str] = []                 # each fuzzy key's words, sorted, once
        self.rank: dict[str, list[tuple[int, str, Code]]] = {"club": [], "player": []}

    def add(self, key: str, code: Code, at: int, touched: set[str] | None = None) -> None:
        refs = self.by_key.get(key)
        if refs is None:
            self.by_key[key] = {code: at}
        elif code not in refs:
            refs[code] = at
        else:
            return              # a second alias with the same key: nothing new
        if touched is not None:
            touched.add(key)
        mine = self.keys_of.get(code)
        if mine is None:
            self.keys_of[code] = {key}
        else:
            mine.add(key)
        for word in key.split():
            holders = self.by_word.get(word)
            if holders is None:
                self.by_word[word] = {code}
                if touched is not None:
                    insort(self.sorted_words, word)
            else:
                holders.add(code)

    def forget(self, code: Code, touched: set[str]) -> None:
        for key in self.keys_of.pop(code, ()):
            refs = self.by_key[key]
            del refs[code]
            if not refs:
                del self.by_key[key]
            touched.add(key)
            for word in set(key.split()):
                holders = self.by_word.get(word)
                if holders is None:
                    continue
                holders.discard(code)
                if not holders:
                    del self.by_word[word]
                    del self.sorted_words[bisect_left(self.sorted_words, word)]

    def add_own(self, code: Code, key: str) -> None:
        for word in set(key.split()):
            holders = self.own_by_word.get(word)
            if holders is None:
                self.own_by_word[word] = {code}
                insort(self.own_sorted, word)
            else:
                holders.add(code)

    def forget_own(self, code: Code, key: str) -> None:
        for word in set(key.split()):
            holders = self.own_by_word[word]
            holders.discard(code)
            if not holders:
                del self.own_by_word[word]
                del self.own_sorted[bisect_left(self.own_sorted, word)]

    def with_prefix(self, prefix: str) -> set[Code]:
        """Whoever holds a word starting with `prefix` (a word of any key)."""
        return _holders(self.sorted_words, self.by_word, prefix)

    def own_prefix(self, prefix: str) -> set[Code]:
        """Whoever's own name has a word starting with `prefix` (autocomplete)."""
        return _holders(self.own_sorted, self.own_by_word, prefix)


def _holders(words: list[str], holders: dict[str, set[Code]], prefix: str) -> set[Code]:
    out: set[Code] = set()
    i = bisect_left(words, prefix)
    while i < len(words) and words[i].startswith(prefix):
        out |= holders[words[i]]
        i += 1
    return out


_gc_lock = threading.Lock()
_gc_holds = 0
_gc_was_on = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while an index is built (from any thread).

    A build makes some 10^5 small dicts, sets and tuples and none of them forms a cycle,
    yet their number sets the collector off again and again, each time walking all of
    them: a third of the build's time at 50x today's clubs.
    """
    global _gc_holds, _gc_was_on
    with _gc_lock:
        if _gc_holds == 0:
            _gc_was_on = gc.isenabled()
            gc.disable()
        _gc_holds += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holds -= 1
            if _gc_holds == 0 and _gc_was_on:
                gc.enable()


def build_words(stream: Stream, fuzzy: list[str], own: dict[Code, str],
                name: dict[Code, str], weight: dict[Code, int]) -> Words:
    """The word part, from what the exact part was built of (read only: safe in a thread).

    The stream comes in ascending position order, so a key's first position is where it
    is first met, and the keys are first met in the fuzzy order.
    """
    words = Words()
    with gc_paused():
        by_key, keys_of, by_word, first_of = (
            words.by_key, words.keys_of, words.by_word, words.first_of)
        for key, code, at in zip(*stream, strict=True):
            refs = by_key.get(key)
            if refs is None:
                by_key[key] = {code: at}
                first_of[key] = at
            elif code not in refs:
                refs[code] = at
            else:
                continue
            mine = keys_of.get(code)
            if mine is None:
                keys_of[code] = {key}
            else:
                mine.add(key)
            for word in key.split():
                holders = by_word.get(word)
                if holders is None:
                    by_word[word] = {code}
                else:
                    holders.add(code)
        words.sorted_words = sorted(by_word)
        words.token_sets = list(map(token_set, fuzzy))
        words.first = list(map(first_of.__getitem__, fuzzy))
        own_by_word = words.own_by_word
        for code, key in own.items():
            for word in key.split():
                holders = own_by_word.get(word)
                if holders is None:
                    own_by_word[word] = {code}
                else:
                    holders.add(code)
        words.own_sorted = sorted(own_by_word)
        get = weight.get
        words.rank["club"] = sorted([(-get(c, 0), t, c) for c, t in name.items() if c < PLAYER])
        words.rank["player"] = sorted([(-get(c, 0), t, c) for c, t in name.items()
                                       if c >= PLAYER])
    return words


class ByRef(Mapping[Ref, V]):
    """A read-only view of one of the index's per-entity values, keyed by (kind, id)."""

    def __init__(self, index: NameIndex, value: Callable[[Code], V]) -> None:
        self.index, self.value = index, value

    def __getitem__(self, ref: Ref) -> V:
        code = code_of(ref)
        if code not in self.index._name:
            raise KeyError(ref)
        return self.value(code)

    def __iter__(self) -> Iterator[Ref]:
        return map(ref_of, self.index._name)

    def __len__(self) -> int:
        return len(self.index._name)


class ByKey(Mapping[str, frozenset[Ref]]):
    """A read-only view: a folded name or alias to the entities it names, exactly."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index

    def __getitem__(self, key: str) -> frozenset[Ref]:
        codes = self.index._codes(key)
        if not codes:
            raise KeyError(key)
        return frozenset(map(ref_of, codes))

    def __iter__(self) -> Iterator[str]:
        return iter([*self.index._one, *self.index._many])

    def __len__(self) -> int:
        return len(self.index._one) + len(self.index._many)


class NameIndex:
    """In-memory index of every club and player name.

    At start the exact part (a name or alias to its entities, names, weights, the fuzzy
    matcher's keys) is built from the store's columns (on a large database, the snapshot
    of them the store keeps, brought up to date) with no per-name Python loop; the word
    part (`Words`) follows in a thread on a large database, and a lookup that needs it first
    waits for it. After a write only the clubs and players the write touched are updated
    (the store's name-change log), in both parts.
    """

    def __init__(self, background_from: int = BACKGROUND_FROM) -> None:
        self.version = -1
        self.seq = 0                                   # name-change log position applied
        self.background_from = background_from
        self.entities: Mapping[Ref, Named] = ByRef(self, self._named)
        self.weight: Mapping[Ref, int] = ByRef(self, lambda c: self._weight.get(c, 0))
        self.own_key: Mapping[Ref, str] = ByRef(self, lambda c: self._own[c])
        self.by_key: Mapping[str, frozenset[Ref]] = ByKey(self)
        self.generation = 0                            # counts the builds and updates applied
        self._lock: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None
        self._clear()

    def _clear(self) -> None:
        self._name: dict[Code, str] = {}
        self._country: dict[Code, str] = {}
        self._weight: dict[Code, int] = {}
        self._own: dict[Code, str] = {}
        self._one: dict[str, Code] = {}                # a key meaning one entity
        self._many: dict[str, list[Code]] = {}         # a key meaning several, sorted
        self._fuzzy: list[str] = []                    # every key, in the order a full read meets
        self._words: Words | None = Words()
        self._pending: Future[Words] | None = None

    @property
    def keys(self) -> list[str]:
        """Every key, in the order a full build meets them (fuzzy ties keep that order)."""
        return self._fuzzy

    @property
    def words_built(self) -> bool:
        return self._words is not None

    async def words_ready(self) -> None:
        """Wait, without blocking the loop, for the word part built in the background."""
        pending = self._pending
        if self._words is None and pending is not None:
            words = await asyncio.wrap_future(pending)
            if self._pending is pending:
                self._words, self._pending = words, None

    def _words_part(self) -> Words:
        """The word part; until the background build ends, a lookup waits for it."""
        if self._words is None:
            assert self._pending is not None
            self._words, self._pending = self._pending.result(), None
        return self._words

    async def refresh(self, store: Store) -> None:
        """Catch up with the store: only what changed, or everything when that is unknown.

        One refresh at a time: at start the chat adapter, the warm-up and the first question
        all ask for the index, and each would otherwise build it whole."""
        if self.version == store.data_version and self._name:
            return
        async with self._refreshing():
            if self.version == store.data_version and self._name:
                return   # another refresh caught up meanwhile
            version = store.data_version
            # every read comes first: a question answered meanwhile sees the old index, whole
            changes = await store.name_changes(self.seq) if self._name else None
            if changes is None:
                columns = await store.whole_name_columns()
                self._clear()
                self._build(columns)
                self.seq = columns.seq      # read before the rows: a later change is replayed
            elif changes.clubs or changes.players:
                await self.words_ready()
                columns = await store.name_columns(changes.clubs, changes.players)
                self._update(columns, changes.clubs, changes.players)
                self.seq = changes.seq
            self.version = version

    def _refreshing(self) -> asyncio.Lock:
        """The refresh lock of the running loop (an index may outlive one loop: tests)."""
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock[0] is not loop:
            self._lock = (loop, asyncio.Lock())
        return self._lock[1]

    def _entities(self, c: NameColumns) -> Stream:
        """Take in the columns' entities; the stream of their keys, in position order."""
        player_codes = list(map(PLAYER.__add__, c.player_ids))
        self._name.update(zip(c.club_ids, c.club_names, strict=True))
        self._name.update(zip(player_codes, c.player_names, strict=True))
        self._country.update(zip(c.club_ids, c.club_countries, strict=True))
        self._own.update(zip(c.club_ids, c.club_keys, strict=True))
        self._own.update(zip(player_codes, c.player_keys, strict=True))
        self._weight.update(c.club_weights)
        self._weight.update(zip(map(PLAYER.__add__, c.player_weights),
                                c.player_weights.values(), strict=True))
        keys = c.club_keys + c.alias_keys + c.player_keys + c.palias_keys
        codes = (c.club_ids + c.alias_clubs + player_codes
                 + list(map(PLAYER.__add__, c.palias_players)))
        at = (c.club_ids + list(map(PHASE.__add__, c.alias_rowids))
              + list(map((2 * PHASE).__add__, c.player_ids))
              + list(map((3 * PHASE).__add__, c.palias_rowids)))
        name = self._name
        if "" in keys or not name.keys() >= set(codes):   # no key, or an alias of nobody
            keep = [bool(k) and code in name for k, code in zip(keys, codes, strict=True)]
            keys, codes, at = (list(compress(col, keep)) for col in (keys, codes, at))
        return keys, codes, at

    def _build(self, c: NameColumns) -> None:
        """A full build: dictionaries made from whole columns, no Python loop per name."""
        self.generation += 1
        with gc_paused():
            stream = self._entities(c)
            keys, codes, _ = stream
            self._one = dict(zip(keys, codes, strict=True))   # key -> code (the last, if shared)
            if len(self._one) != len(keys):        # a key met twice: of one entity, or several
                counts = Counter(keys)
                twice = {k for k, n in counts.items() if n > 1}
                for key, code in compress(zip(keys, codes, strict=True),
                                          map(twice.__contains__, keys)):
                    held = self._many.setdefault(key, [])
                    if code not in held:
                        held.append(code)
                for key in [k for k, held in self._many.items() if len(held) == 1]:
                    del self._many[key]
                for key, held in self._many.items():
                    held.sort()
                    del self._one[key]
            self._fuzzy = list(dict.fromkeys(keys))
        args = (stream, self._fuzzy, self._own, self._name, self._weight)
        if len(keys) < self.background_from:
            self._words = build_words(*args)
            return
        self._words = None
        self._pending = pending = Future()

        def run() -> None:
            try:
                pending.set_result(build_words(*args))
            except BaseException as err:   # handed to whoever waits for it
                pending.set_exception(err)
        threading.Thread(target=run, name="name-index-words", daemon=True).start()

    def _update(self, c: NameColumns, clubs: Iterable[int], players: Iterable[int]) -> None:
        """Replace these clubs and players (read back if they still exist), in both parts."""
        self.generation += 1
        words = self._words_part()
        touched: set[str] = set()
        for code in [*clubs, *map(PLAYER.__add__, players)]:
            if code not in self._name:
                continue
            words.forget(code, touched)
            title, own = self._name.pop(code), self._own.pop(code)
            rank = words.rank[kind_of(code)]
            del rank[bisect_left(rank, (-self._weight.pop(code, 0), title, code))]
            words.forget_own(code, own)
            self._country.pop(code, None)
        read = set(c.club_ids) | set(map(PLAYER.__add__, c.player_ids))
        for key, code, at in zip(*self._entities(c), strict=True):
            words.add(key, code, at, touched)
        for code in read:
            insort(words.rank[kind_of(code)], (-self._weight.get(code, 0), self._name[code], code))
            words.add_own(code, self._own[code])
        for key in touched:        # every old place first: an old and a new one may be equal
            old = words.first_of.pop(key, None)
            if old is not None:
                i = bisect_left(words.first, old)
                del words.first[i], self._fuzzy[i], words.token_sets[i]
        for key in touched:
            self._rekey(words, key)

    def _rekey(self, words: Words, key: str) -> None:
        """After a change: this key's entities and its place in the fuzzy order, afresh."""
        refs = words.by_key.get(key)
        self._one.pop(key, None)
        self._many.pop(key, None)
        if not refs:
            return
        if len(refs) == 1:
            self._one[key] = next(iter(refs))
        else:
            self._many[key] = sorted(refs)
        at = min(refs.values())
        i = bisect_left(words.first, at)
        words.first.insert(i, at)
        words.token_sets.insert(i, token_set(key))
        self._fuzzy.insert(i, key)
        words.first_of[key] = at

    def players(self) -> tuple[list[str], list[str]]:
        """Every player's name and folded name (the stored key), in the entities' order."""
        codes = [c for c in self._name if c >= PLAYER]
        return list(map(self._name.__getitem__, codes)), list(map(self._own.__getitem__, codes))

    def _codes(self, key: str) -> list[Code]:
        held = self._many.get(key)
        if held is not None:
            return held
        one = self._one.get(key)
        return [] if one is None else [one]

    def _named(self, code: Code) -> Named:
        kind, ident = ref_of(code)
        return Named(kind, ident, self._name[code], self._country.get(code))

    def refs_by_key(self) -> dict[str, set[Ref]]:
        """Every key with the entities it names (tests compare it with a fresh fold)."""
        out = {k: {ref_of(c)} for k, c in self._one.items()}
        out.update((k, set(map(ref_of, held))) for k, held in self._many.items())
        return out

    def state(self) -> tuple:
        """Everything the index holds, as plain values: equal for two indexes of one data."""
        words = self._words_part()
        return (dict(self.entities), dict(self.weight), dict(self.own_key), self._one,
                self._many, list(self._fuzzy), words.by_key, words.keys_of, words.by_word,
                words.sorted_words, words.first, words.own_by_word, words.own_sorted,
                words.token_sets,
                words.rank)

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
        exact = self._of_kind(self._codes(key), kinds)
        if len(exact) == 1:
            return self._named(exact[0])
        if exact:
            return self._pick_or_ask(exact, text, label)
        words = self._words_part()
        common: set[Code] | None = None
        for word in dict.fromkeys(key.split()):   # each distinct word once; stop at no match
            found = self._word_matches(words, word, kinds)
            common = found if common is None else common & found
            if not common:
                break
        if common:
            return self._pick_or_ask(sorted(common), text, label)
        # Token-set similarity ranks the suggestions; only a close edit distance (a typo) resolves.
        scored = self.fuzzy_scores(key)
        best: dict[Code, float] = {}
        close: dict[Code, float] = {}
        for alias_key, score, _ in scored:
            for code in self._of_kind(self._codes(alias_key), kinds):
                best[code] = max(best.get(code, 0), score)
                close[code] = max(close.get(code, 0), fuzz.ratio(key, alias_key))
        ranked = sorted(best, key=lambda c: (-best[c], -self._weight.get(c, 0)))
        typos = [c for c in close if close[c] >= FUZZY_ACCEPT]
        if len(typos) == 1:
            return self._named(typos[0])
        top = best[ranked[0]] if ranked else 0
        suggestions = tuple(
            self._named(c).label for c in ranked[:5]
            if best[c] >= max(FUZZY_SUGGEST, top - SUGGEST_SPREAD)
        )
        raise UnknownName(f"I don't know a {label} called “{text}”.", suggestions=suggestions,
                          data={"name": text, "kinds": list(kinds)})

    def fuzzy_scores(self, key: str) -> list[tuple[str, float, int]]:
        """The 20 keys of best token-set similarity to `key` (at least FUZZY_SUGGEST; ties in
        the keys' order), as `process.extract` over every key gives them, a tenth the cost.

        Token-set similarity of two keys that share no word is the plain similarity of their
        sorted words, so a plain-ratio pass over the kept sorted words (a cheap scorer) finds
        every such key that can reach the cutoff; the keys sharing a word come from the word
        part. Only those are scored by token set."""
        words = self._words_part()
        near = process.extract(token_set(key), words.token_sets, scorer=fuzz.ratio, limit=None,
                               score_cutoff=FUZZY_SUGGEST - 1)   # a margin for rounding
        found = {self._fuzzy[i] for _, _, i in near}
        for word in set(key.split()):
            for code in words.by_word.get(word, ()):
                found.update(k for k in words.keys_of[code] if word in k.split())
        ordered = sorted(found, key=words.first_of.__getitem__)
        return process.extract(key, ordered, scorer=fuzz.token_set_ratio, limit=20,
                               score_cutoff=FUZZY_SUGGEST)   # below it: never suggested

    def _word_matches(self, words: Words, word: str, kinds: tuple[str, ...]) -> set[Code]:
        codes = words.by_word.get(word, set())
        if not codes and len(word) >= 3:
            codes = words.with_prefix(word)
        return set(self._of_kind(codes, kinds))

    def _pick_or_ask(self, codes: list[Code], text: str, label: str) -> Named:
        ranked = sorted(codes, key=lambda c: -self._weight.get(c, 0))
        if len(ranked) == 1 or (self._weight.get(ranked[0], 0)
                                >= DOMINANCE * max(self._weight.get(ranked[1], 0), 1)):
            return self._named(ranked[0])
        raise UnknownName(
            f"“{text}” could mean more than one {label}.",
            suggestions=tuple(self._named(c).label for c in ranked[:5]),
            data={"name": text, "ambiguous": True},
        )

    @staticmethod
    def _of_kind(codes: Iterable[Code], kinds: tuple[str, ...]) -> list[Code]:
        return sorted(c for c in codes if kind_of(c) in kinds)

    def complete(
        self, prefix: str, kinds: tuple[str, ...] = ("club",), limit: int = 25
    ) -> list[str]:
        """Names for autocomplete: word-prefix matches first, most prominent first."""
        key = fold(prefix)
        words = self._words_part()
        lists = [words.rank[k] for k in ("club", "player") if k in kinds]
        ranking: Iterable[tuple[int, str, Code]] = (
            lists[0] if len(lists) == 1 else heapq.merge(*lists))
        if not key:
            return [title for _, title, _ in islice(ranking, limit)]
        found: set[Code] | None = None
        for part in key.split():
            got = words.own_prefix(part)
            found = got if found is None else found & got
            if not found:
                return []
        assert found is not None
        found = {c for c in found if kind_of(c) in kinds}
        if len(found) < SORT_BELOW:
            ranked = sorted((-self._weight.get(c, 0), self._name[c], c) for c in found)
            return [title for _, title, _ in ranked[:limit]]
        return [title for _, title, c in islice((r for r in ranking if r[2] in found), limit)]


def token_set(key: str) -> str:
    """A key's distinct words, sorted: what token-set similarity compares."""
    return " ".join(sorted(set(key.split())))


def clip(text: str, limit: int = 40) -> str:
    """A user's text shortened for an echo in a message: never the whole of a huge input."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
