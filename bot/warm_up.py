"""Warm-up at start: the questions most likely asked first, answered in the background.

After a start the derived cache (storage/derived.py) is empty, so the first question about a
club reads its whole history in scope (150-600 ms at 50x today's history). The warm-up asks,
while nobody else is asking, the common questions about the clubs of the coming fixtures
(the next WARM_UP_DAYS days, soonest first), then of the clubs channels follow, then, with
neither, of the clubs with the most matches in the last year stored. What they derive stays
until a write touches those clubs.

It steps aside for questions: it starts a step only when no question is being answered
and none was for QUIET seconds (`InFlight`), and a question that arrives during a step
cancels it; the step runs again once the bot is idle (what it derived before the cancel is
kept). A question then waits at most for the one SQL statement or Python stretch of the
step in progress (the longest, a club's streak runs over its whole history: ~0.2 s at 50x
today's history; see benchmarks/bench_warmup.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.commands import Command
from storage.warm_up import busiest_clubs, coming_fixtures, subscribed_clubs

if TYPE_CHECKING:
    from bot.core import Core

log = logging.getLogger(__name__)

WARM_UP_DAYS = 3          # fixtures this many days ahead
WARM_UP_CLUBS = 16        # clubs warmed at most (MATCHFACTS_WARM_UP_CLUBS; 0: no warm-up)
PER_FIXTURE = (("facts", {}), ("h2h", {}))
PER_CLUB = (("streak", {}), ("form", {}), ("record", {"kind": "ties"}), ("honours", {}))
SUBJECT = {"streak": "subject"}   # the club's parameter, where it is not `team`
QUIET = 0.5               # seconds without a question before a step starts (they come in runs)


class InFlight:
    """How many questions the core is answering; background work waits for none."""

    def __init__(self) -> None:
        self.count = 0
        self.last = float("-inf")      # time.monotonic() when the last question ended
        self._idle = asyncio.Event()
        self._idle.set()
        self._arrived = asyncio.Event()

    @contextlib.contextmanager
    def asking(self) -> Iterator[None]:
        self.count += 1
        self._idle.clear()
        self._arrived.set()
        try:
            yield
        finally:
            self.count -= 1
            if not self.count:
                self.last = time.monotonic()
                self._arrived.clear()
                self._idle.set()

    async def idle(self, quiet: float = 0.0) -> None:
        """Until no question is being answered, and none was for `quiet` seconds."""
        while True:
            await self._idle.wait()
            wait = self.last + quiet - time.monotonic()
            if wait <= 0 and not self.count:
                return
            await asyncio.sleep(max(wait, 0.0))

    async def arrival(self) -> None:
        await self._arrived.wait()


@dataclass
class WarmUp:
    """One warm-up: `start()` it after the bot starts, `stop()` it before the store closes."""

    core: Core
    clubs: int = WARM_UP_CLUBS
    days: int = WARM_UP_DAYS
    quiet: float = QUIET
    answered: list[Command] = field(default_factory=list)   # steps done, in order
    yielded: int = 0                                        # steps cancelled by a question
    task: asyncio.Task[None] | None = None
    current: asyncio.Task[object] | None = None             # the step in progress

    def start(self) -> None:
        if self.clubs > 0 and self.task is None:
            self.task = asyncio.create_task(self._run(), name="warm-up")

    async def stop(self) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

    async def finished(self) -> None:
        """Wait for the whole warm-up (benchmarks, tests)."""
        if self.task is not None:
            await asyncio.shield(self.task)

    async def commands(self) -> list[Command]:
        """The questions, in the order asked: each fixture's, then each club's."""
        store, today = self.core.store, self.core.now().date()
        fixtures = await coming_fixtures(store, today, self.days, self.clubs)
        order = [c for pair in fixtures for c in pair]
        order += await subscribed_clubs(store, self.clubs)
        if not order:
            order = await busiest_clubs(store, self.clubs)
        await self.core.names.refresh(self.core.store)
        club_ids = list(dict.fromkeys(order))[:self.clubs]
        entities = self.core.names.entities
        names = {c: entities[("club", c)].name for c in club_ids if ("club", c) in entities}
        out = []
        for home, away in fixtures:
            if home in names and away in names:     # both among the clubs warmed
                out += [self._command(name, {"team": names[home], "opponent": names[away],
                                             **args}) for name, args in PER_FIXTURE]
        for club in club_ids:
            if club in names:
                out += [self._command(name, {SUBJECT.get(name, "team"): names[club], **args})
                        for name, args in PER_CLUB]
        return [c for c in out if c is not None]

    def _command(self, name: str, args: dict[str, str]) -> Command | None:
        spec = self.core.spec(name)
        return None if spec is None else Command(spec.full_name, args)

    async def _run(self) -> None:
        try:
            await self.core.in_flight.idle()
            for command in await self.commands():
                await self._step(command)
        except asyncio.CancelledError:
            raise
        except Exception:    # the store closing under it, a failing read: questions derive it
            log.warning("warm-up stopped", exc_info=True)
        else:
            log.debug("warm-up done: %d questions answered in the background (%d yielded)",
                      len(self.answered), self.yielded)

    async def _step(self, command: Command) -> None:
        """Answer one question while no other is asked; start it again after a question
        came in the middle of it."""
        while True:
            await self.core.in_flight.idle(self.quiet)
            step = self.current = asyncio.create_task(self.core.answer(command))
            arrival = asyncio.create_task(self.core.in_flight.arrival())
            try:
                await asyncio.wait((step, arrival), return_when=asyncio.FIRST_COMPLETED)
            finally:
                arrival.cancel()
                if not step.done():
                    step.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await step
            if not step.cancelled():
                step.result()
                self.answered.append(command)
                await asyncio.sleep(0)   # a question that just came starts first
                return
            self.yielded += 1
