"""Derived reads (timelines, runs, ties, meetings, finals) kept across writes that do not touch
them.

The results cache (storage/facts_queries.py) starts afresh on every committed write of
football data; on match day that is every few minutes, so every answer would be cold. Entries
here are tagged instead with what they were derived from — a club's matches, ties, goals and
appearances, a player's goals and appearances, the finals, the list of clubs — and the
database logs, by trigger, what each write touched (`data_changes`, migrations 0009 and 0012,
storage/derived_schema.py). After a write only the entries of the clubs it touched go;
a write that changes a club's or a season's identity (a rename, a deletion) empties it all.
Only data from matches, ties, goals, appearances, players, clubs, seasons and competitions
may be cached here: nothing else is logged.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

Tag = tuple[str, int]        # ('club', id), ('player', id), ('finals', 0), ('clubs', 0)
CHANGE_LOG_LIMIT = 20_000    # more changes than this since the last look: start afresh
WEIGHT_LIMIT = 400_000       # rows (matches, ties) held before the least recently used go
REDERIVE_WITHIN = 30 * 60    # seconds: an entry used this recently is derived again after a
REDERIVE_LIMIT = 64          # write dropped it (at most this many per write), in the background

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Recipe:
    """How an entry was made, to make it again after a write dropped it."""

    tags: tuple[Tag, ...]
    make: Callable[[], Awaitable[Any]]
    tags_of: Callable[[Any], Iterable[Tag]] | None
    weight_of: Callable[[Any], int] | None
    used: float                  # time.monotonic() of the last use
    members_of: Callable[[Any], Iterable[int]] | None = None


class DerivedCache:
    """Tagged entries, dropped by tag; the least recently used go past a weight limit."""

    def __init__(self, weight_limit: int = WEIGHT_LIMIT) -> None:
        self.entries: OrderedDict[Hashable, tuple[frozenset[Tag], Any, int]] = OrderedDict()
        self.by_tag: dict[Tag, set[Hashable]] = {}
        self.weight = 0
        self.weight_limit = weight_limit
        self.version: int | None = None   # the store's data_version when last synced
        self.seq: int | None = None       # the change log position when last synced
        self.recipes: dict[Hashable, Recipe] = {}
        self.dropped: dict[Hashable, Recipe] = {}   # recently used, dropped by a write
        # entries that are a set of clubs (a league's): a write touching any other club
        # may add to it, so it drops them
        self.members: dict[Hashable, frozenset[int]] = {}

    def get(self, key: Hashable) -> tuple[bool, Any]:
        entry = self.entries.get(key)
        if entry is None:
            return False, None
        self.entries.move_to_end(key)
        if (recipe := self.recipes.get(key)) is not None:
            recipe.used = time.monotonic()
        return True, entry[1]

    def put(self, key: Hashable, tags: Iterable[Tag], value: Any,
            weight: int | None = None, recipe: Recipe | None = None,
            members: Iterable[int] | None = None) -> None:
        """Keep `value`; its weight is its length (rows) unless given. With `members` it is
        dropped by a write touching a club not among them, not by its members' writes."""
        self.discard(key)
        if recipe is not None:
            self.recipes[key] = recipe
        if members is not None:
            self.members[key] = frozenset(members)
        if weight is None:
            weight = 1 + (len(value) if hasattr(value, "__len__") else 0)
        entry_tags = frozenset(tags)
        self.entries[key] = (entry_tags, value, weight)
        for tag in entry_tags:
            self.by_tag.setdefault(tag, set()).add(key)
        self.weight += weight
        while self.weight > self.weight_limit and len(self.entries) > 1:
            self.discard(next(iter(self.entries)))

    def discard(self, key: Hashable) -> None:
        entry = self.entries.pop(key, None)
        if entry is None:
            return
        tags, _, weight = entry
        self.recipes.pop(key, None)
        self.members.pop(key, None)
        self.weight -= weight
        for tag in tags:
            keys = self.by_tag.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self.by_tag[tag]

    def drop(self, tags: Iterable[Tag]) -> None:
        """Forget every entry derived from any of these; the recently used are kept in
        `dropped`, to be derived again."""
        recent = time.monotonic() - REDERIVE_WITHIN
        tags = set(tags)
        clubs = {ref for kind, ref in tags if kind == "club"}
        outgrown = [key for key, members in self.members.items() if not clubs <= members]
        for key in [*(k for tag in tags for k in self.by_tag.get(tag, ())), *outgrown]:
            recipe = self.recipes.get(key)
            if recipe is not None and recipe.used >= recent:
                self.dropped[key] = recipe
            self.discard(key)

    def clear(self) -> None:
        self.entries.clear()
        self.by_tag.clear()
        self.recipes.clear()
        self.dropped.clear()
        self.members.clear()
        self.weight = 0

    def take_dropped(self, limit: int) -> list[tuple[Hashable, Recipe]]:
        """The most recently used dropped entries (the rest are forgotten)."""
        chosen = sorted(self.dropped.items(), key=lambda kv: -kv[1].used)[:limit]
        self.dropped.clear()
        return chosen


class DerivedQueries:
    """Mixed into Store (through FactsQueries): `derived()` reads through a DerivedCache kept in
    step with the change log whenever the store's data_version moves."""

    db: Any
    data_version: int
    _rederive_again: bool = False

    async def derived(self, tags: Iterable[Tag], key: Hashable,
                      make: Callable[[], Awaitable[Any]],
                      tags_of: Callable[[Any], Iterable[Tag]] | None = None,
                      weight_of: Callable[[Any], int] | None = None,
                      members_of: Callable[[Any], Iterable[int]] | None = None) -> Any:
        """`make()`, cached until a write touches one of `tags` (and of `tags_of(value)`, for
        what only the value names: the clubs of a player's matches). A value that is a set
        of clubs gives them as `members_of(value)`: it goes when a write touches any other
        club (one that may join the set), and stays through its members' writes. Inside an open
        transaction nothing is cached: what it reads may yet roll back."""
        if self.db.in_transaction:
            return await make()
        cache = await self._derived_cache()
        hit, value = cache.get(key)
        if hit:
            return value
        seq, changes = cache.seq, self.db.total_changes
        tags = tuple(tags)
        value = await make()
        # kept only if no write ran meanwhile: one that opened after `make` began could have
        # shown it rows that were then rolled back
        if cache.seq == seq and not self.db.in_transaction \
                and self.db.total_changes == changes:
            more = tags_of(value) if tags_of is not None else ()
            cache.put(key, [*tags, *more], value, weight_of(value) if weight_of else None,
                      Recipe(tags, make, tags_of, weight_of, time.monotonic(), members_of),
                      members_of(value) if members_of is not None else None)
        return value

    async def derived_peek(self, key: Hashable) -> tuple[bool, Any]:
        """(True, value) when `key` is derived and current, else (False, None); never reads
        it."""
        if self.db.in_transaction:
            return False, None
        return (await self._derived_cache()).get(key)

    def after_football_commit(self) -> None:
        """A write of football data landed: derive again, in the background, what it
        dropped of what was recently asked, so the next answer about those clubs is warm
        (on match day every result drops its two clubs' timelines and runs)."""
        cache: DerivedCache | None = getattr(self, "_derived_store", None)
        if cache is None or not cache.entries:
            return
        task: asyncio.Task[None] | None = getattr(self, "_rederive_task", None)
        if task is None or task.done():
            self._rederive_task = asyncio.get_running_loop().create_task(self._rederive())
        else:
            self._rederive_again = True

    async def rederive(self) -> None:
        """Derive again what writes dropped, one entry at a time, as a question would (an
        entry read while a write ran is not kept)."""
        while True:
            self._rederive_again = False
            cache = await self._derived_cache()
            for key, recipe in cache.take_dropped(REDERIVE_LIMIT):
                try:
                    await self.derived(recipe.tags, key, recipe.make, recipe.tags_of,
                                       recipe.weight_of, recipe.members_of)
                except Exception:   # the question, asked again, will say what is wrong
                    log.debug("derived entry %r not made again", key, exc_info=True)
            if not self._rederive_again:
                return

    async def _rederive(self) -> None:
        try:
            await self.rederive()
        except Exception:       # the store closing, a failing read: answers derive it then
            log.debug("derived entries not made again", exc_info=True)

    async def rederived(self) -> None:
        """Wait for the background derivation after the last write (tests, benchmarks)."""
        task: asyncio.Task[None] | None = getattr(self, "_rederive_task", None)
        if task is not None:
            await task

    async def stop_rederiving(self) -> None:
        """Before the connection closes."""
        task: asyncio.Task[None] | None = getattr(self, "_rederive_task", None)
        if task is not None and not task.done():
            task.cancel()
            with suppress(asyncio.CancelledError, Exception):
                await task

    def forget_derived(self) -> None:
        """Empty the derived cache (benchmarks: the first answer after a start)."""
        cache: DerivedCache | None = getattr(self, "_derived_store", None)
        if cache is not None:
            cache.clear()

    async def _derived_cache(self) -> DerivedCache:
        cache: DerivedCache | None = getattr(self, "_derived_store", None)
        if cache is None:
            cache = self._derived_store = DerivedCache()
        if cache.version != self.data_version:
            seq = await self.data_change_seq()
            if cache.seq is None or not await self._apply_changes(cache, seq):
                cache.clear()
            cache.seq, cache.version = seq, self.data_version
        return cache

    async def _apply_changes(self, cache: DerivedCache, seq: int) -> bool:
        """Drop what the logged changes since the cache's position touched; False when the
        log no longer reaches back that far (trimmed after an import) or holds too much."""
        assert cache.seq is not None
        if seq - cache.seq > CHANGE_LOG_LIMIT or seq < cache.seq:
            return False
        rows = await self.db.execute_fetchall(
            "SELECT DISTINCT kind, ref FROM data_changes WHERE seq > ?", (cache.seq,))
        count = await self.db.execute_fetchall(
            "SELECT COUNT(*) FROM data_changes WHERE seq > ?", (cache.seq,))
        if count[0][0] != seq - cache.seq or any(r[0] == "all" for r in rows):
            return False
        cache.drop((r[0], r[1]) for r in rows)
        return True

    async def data_change_seq(self) -> int:
        rows = await self.db.execute_fetchall(
            "SELECT seq FROM sqlite_sequence WHERE name = 'data_changes'")
        return rows[0][0] if rows else 0

    async def trim_data_changes(self) -> None:
        """Forget the change log after bulk writes; the derived cache starts afresh."""
        await self.stop_rederiving()
        self.forget_derived()
        await self.db.execute("DELETE FROM data_changes")
