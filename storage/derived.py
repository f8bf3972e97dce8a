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

from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterable
from contextlib import asynccontextmanager
from typing import Any

from storage.derived_schema import MATCHES_INSERTED

Tag = tuple[str, int]        # ('club', id), ('player', id), ('finals', 0), ('clubs', 0)
CHANGE_LOG_LIMIT = 20_000    # more changes than this since the last look: start afresh
WEIGHT_LIMIT = 400_000       # rows (matches, ties) held before the least recently used go


class DerivedCache:
    """Tagged entries, dropped by tag; the least recently used go past a weight limit."""

    def __init__(self, weight_limit: int = WEIGHT_LIMIT) -> None:
        self.entries: OrderedDict[Hashable, tuple[frozenset[Tag], Any, int]] = OrderedDict()
        self.by_tag: dict[Tag, set[Hashable]] = {}
        self.weight = 0
        self.weight_limit = weight_limit
        self.version: int | None = None   # the store's data_version when last synced
        self.seq: int | None = None       # the change log position when last synced

    def get(self, key: Hashable) -> tuple[bool, Any]:
        entry = self.entries.get(key)
        if entry is None:
            return False, None
        self.entries.move_to_end(key)
        return True, entry[1]

    def put(self, key: Hashable, tags: Iterable[Tag], value: Any,
            weight: int | None = None) -> None:
        """Keep `value`; its weight is its length (rows) unless given."""
        self.discard(key)
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
        self.weight -= weight
        for tag in tags:
            keys = self.by_tag.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self.by_tag[tag]

    def drop(self, tags: Iterable[Tag]) -> None:
        """Forget every entry derived from any of these."""
        for tag in set(tags):
            for key in list(self.by_tag.get(tag, ())):
                self.discard(key)

    def clear(self) -> None:
        self.entries.clear()
        self.by_tag.clear()
        self.weight = 0


class DerivedQueries:
    """Mixed into Store (through FactsQueries): `derived()` reads through a DerivedCache kept in
    step with the change log whenever the store's data_version moves."""

    db: Any
    data_version: int

    async def derived(self, tags: Iterable[Tag], key: Hashable,
                      make: Callable[[], Awaitable[Any]],
                      tags_of: Callable[[Any], Iterable[Tag]] | None = None,
                      weight_of: Callable[[Any], int] | None = None) -> Any:
        """`make()`, cached until a write touches one of `tags` (and of `tags_of(value)`, for
        what only the value names: the clubs of a player's matches). Inside an open
        transaction nothing is cached: what it reads may yet roll back."""
        if self.db.in_transaction:
            return await make()
        cache = await self._derived_cache()
        hit, value = cache.get(key)
        if hit:
            return value
        seq = cache.seq
        value = await make()
        if cache.seq == seq and not self.db.in_transaction:  # no write landed meanwhile
            more = tags_of(value) if tags_of is not None else ()
            cache.put(key, [*tags, *more], value, weight_of(value) if weight_of else None)
        return value

    @asynccontextmanager
    async def unlogged_inserts(self) -> AsyncIterator[None]:
        """Bulk inserts of matches, inside the caller's transaction, without a log entry per
        match (a fifth of a 200,000-match import): one entry for everything stands for them."""
        assert self.db.in_transaction, "inside a transaction only"
        await self.db.execute("DROP TRIGGER matches_changed_ins")
        try:
            yield
        finally:
            await self.db.execute(MATCHES_INSERTED)
        await self.db.execute("INSERT INTO data_changes (kind) VALUES ('all')")

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
        """Forget the change log after bulk writes (the derived cache then starts afresh)."""
        await self.db.execute("DELETE FROM data_changes")
