"""The structured records (`match_data`) of the matches an answer lists, derived once with
the list they come from.

An answer over a long history lists thousands of matches in its data (at 50x history
`record Real Madrid kind:ties` lists 7,150 ties, 14,300 legs), and building those records
was most of a cold answer. They depend only on the matches, so they are kept in the derived
cache next to the list (same tags, storage/derived.py) and an answer picks the ones it shows.
The records are shared by the answers that list them: read-only.

`with_parts` keeps more of the same kind beside them: the words, tallies and chart marks an
answer builds per listed match (an h2h at 50x lists 650 meetings), derived once per list.
Words that name a competition depend on the catalogue too: their key carries
`bot.text.labels_key`, and they are made with the catalogue of the question that first asked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any, TypeVar

from bot.context import Context
from bot.text import match_data
from storage.derived import Tag
from storage.rows import Match

T = TypeVar("T")
P = TypeVar("P")
Records = dict[int, dict[str, object]]
RECORD_WEIGHT = 4   # a record (a dict of 14 values) weighs about four cached match rows


async def with_records(ctx: Context, tags: Iterable[Tag], key: Hashable,
                       source: Callable[[], Awaitable[T]],
                       matches_of: Callable[[T], Iterable[Match]],
                       tags_of: Callable[[tuple[T, Records]], Iterable[Tag]] | None = None
                       ) -> tuple[T, Records]:
    """(source(), the record of every match in it by id), derived together: the source is
    read inside the same derivation, so the records can never be older than the list."""
    async def make() -> tuple[T, Records]:
        value = await source()
        return value, {m.id: match_data(m) for m in matches_of(value)}

    return await ctx.store.derived(tags, ("records", key), make, tags_of=tags_of,
                                   weight_of=lambda v: 1 + RECORD_WEIGHT * len(v[1]))


async def timeline_records(ctx: Context, club_id: int, competitions: tuple[str, ...],
                           stages: tuple[str, ...], since_year: int | None
                           ) -> tuple[list[Match], Records]:
    """A club's timeline in a scope (as of the command's date) with its matches' records."""
    return await with_records(
        ctx, [("club", club_id)],
        ("timeline", club_id, competitions, stages, since_year, ctx.before),
        lambda: ctx.store.timeline(club_id, competitions, stages, since_year, ctx.before),
        _same)


async def with_parts(ctx: Context, tags: Iterable[Tag], key: Hashable,
                     source: Callable[[], Awaitable[T]],
                     matches_of: Callable[[T], Iterable[Match]],
                     parts_of: Callable[[T], P], weight: int = RECORD_WEIGHT
                     ) -> tuple[T, Records, P]:
    """`with_records` and `parts_of(source())` derived together (one entry, same tags);
    `weight` per listed match besides its record."""
    async def make() -> tuple[T, Records, P]:
        value = await source()
        records = {m.id: match_data(m) for m in matches_of(value)}
        return value, records, parts_of(value)

    return await ctx.store.derived(tags, ("parts", key), make,
                                   weight_of=lambda v: 1 + (RECORD_WEIGHT + weight) * len(v[1]))


def _same(matches: list[Match]) -> list[Match]:
    return matches


def pick(records: Records, matches: Iterable[Match]) -> list[Any]:
    """The records of these matches, in their order."""
    return [records[m.id] for m in matches]
