"""Full garbage collections wait for an idle moment (bot/idle_gc.py)."""

from __future__ import annotations

import asyncio
import gc
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from bot.idle_gc import IdleCollector
from bot.warm_up import InFlight


@contextmanager
def full_collections() -> Iterator[list[float]]:
    """The times (time.monotonic()) at which full collections ran meanwhile."""
    seen: list[float] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            seen.append(time.monotonic())
    gc.callbacks.append(callback)
    try:
        yield seen
    finally:
        gc.callbacks.remove(callback)


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def long_lived(n: int) -> list[list[int]]:
    """n containers that survive: what derived entries are to the collector."""
    return [[i] for i in range(n)]


async def test_no_full_collection_runs_while_a_question_is_answered() -> None:
    in_flight = InFlight()
    collector = IdleCollector(in_flight, quiet=0.05, check_every=0.01)
    collector.start()
    kept = []
    try:
        with full_collections() as seen:
            with in_flight.asking():
                # twice the survivors there are: CPython's own rule would collect fully,
                # more than once, along the way
                for _ in range(8):
                    kept.append(long_lived(max(100_000, len(gc.get_objects()) // 4)))
                asked_until = time.monotonic()
            assert not [t for t in seen if t <= asked_until]
            await asyncio.sleep(0.3)              # idle: the due collection runs now
        assert collector.collections >= 1 and seen and min(seen) > asked_until
    finally:
        await collector.stop()
    del kept


async def test_without_it_a_full_collection_runs_in_the_middle_of_the_work() -> None:
    """The test above measures something: the same work, default thresholds."""
    kept = []
    with full_collections() as seen:
        for _ in range(8):
            kept.append(long_lived(max(100_000, len(gc.get_objects()) // 4)))
    assert seen
    del kept


async def test_cyclic_garbage_of_the_oldest_generation_is_freed_once_idle() -> None:
    in_flight = InFlight()
    collector = IdleCollector(in_flight, quiet=0.02, check_every=0.01)
    collector.start()
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        gc.collect(1)                             # both survive into the oldest generation
        del a, b                                  # ... where only a full collection finds them
        kept = long_lived(len(gc.get_objects()) // 2)   # the generation grew by half
        for _ in range(12):
            gc.collect(1)                         # young collections: the full one is due
        assert gone() is not None
        await asyncio.sleep(0.2)
        assert gone() is None and collector.collections >= 1
        del kept
    finally:
        await collector.stop()


async def test_stopping_gives_back_the_collectors_thresholds() -> None:
    before = gc.get_threshold()
    collector = IdleCollector(InFlight())
    collector.start()
    assert gc.get_threshold()[2] > before[2]
    await collector.stop()
    assert gc.get_threshold() == before
