"""Full garbage collections when nobody is waiting, not in the middle of a question.

The derived cache (storage/derived.py) holds up to some 400,000 matches; a full collection
walks every one of them (60-130 ms at 50x today's history). CPython starts one once the
objects that survived two collections grew by a quarter, which on a large database is after
a few derivations: that is, while a question is being answered. While the bot runs, the
automatic full collection is made rare (a backstop for a bot that is never idle) and this
one runs by CPython's own rule, but only after QUIET seconds without a question. The young
generations still run as usual: they are cheap.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging

from bot.warm_up import InFlight

log = logging.getLogger(__name__)

QUIET = 1.0               # seconds without a question before a full collection may run
CHECK_EVERY = 1.0         # seconds between two looks
DUE_AFTER = 10            # young-generation collections since the last full one (CPython's)
GROWTH = 1.25             # ... and the oldest generation grew by a quarter (CPython's rule)
BACKSTOP = 1000           # the automatic full collection: after this many, busy or not


class IdleCollector:
    """`start()` it when the bot starts answering, `stop()` it before the bot ends."""

    def __init__(self, in_flight: InFlight, quiet: float = QUIET,
                 check_every: float = CHECK_EVERY) -> None:
        self.in_flight = in_flight
        self.quiet, self.check_every = quiet, check_every
        self.collections = 0                 # full collections this collector ran
        self.task: asyncio.Task[None] | None = None
        self._thresholds: tuple[int, int, int] | None = None
        self._after_last = len(gc.get_objects(generation=2))
        self._looked_at = -1

    def start(self) -> None:
        if self.task is not None:
            return
        self._thresholds = young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, BACKSTOP)
        self.task = asyncio.create_task(self._run(), name="idle-gc")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def due(self) -> bool:
        count = gc.get_count()[2]
        if count < DUE_AFTER or count == self._looked_at:
            return False
        self._looked_at = count     # counting the generation is O(n): once per change
        return len(gc.get_objects(generation=2)) > GROWTH * self._after_last

    async def _run(self) -> None:
        while True:
            await self.in_flight.idle(self.quiet)
            if self.due():
                gc.collect()
                self.collections += 1
                self._after_last = len(gc.get_objects(generation=2))
                log.debug("full collection while idle (%d objects kept)", self._after_last)
            await asyncio.sleep(self.check_every)
