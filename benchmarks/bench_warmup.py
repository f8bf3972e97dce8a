"""The warm-up at start (bot/warm_up.py): first answers about the likely first clubs, with
and without it, and how long a question waits when it comes in the middle of it.

Per database, the clock is set two days before stored fixtures (the 2026-05-30 final, and
on `full` the last league round) so the warm-up has fixtures to warm. For each question the
warm-up asks (the fixtures' `facts` and `h2h`, each club's `streak`, `form`, `record
kind:ties`, `honours`), the first answer after a start is timed:

- without: the derived cache emptied before each question (each is the first about it);
- with: after the warm-up finished, as a user sees it (nothing emptied), then with the
  results cache emptied before each (only what the derived cache keeps, as after match
  day's first write);

then the warm-up's own time (wall, from start to done, and its count of steps), and a
question (`h2h Liverpool v Real Madrid`, an unrelated pair's when they are the fixture's)
asked at random moments during the warm-up (without its quiet wait, so that a step is in
progress) against the same question when idle (each with the results cache emptied):
p50/p99/max ms, and how often the warm-up stepped aside.

Run: .venv/bin/python -m benchmarks.bench_warmup [--only today,50x,50x-clubs,full]
         [--runs 20] [--detail]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.bench_commands import database, percentiles
from bot.commands import Command
from bot.core import Core
from bot.warm_up import WarmUp
from storage import Store

NOW = {"full": datetime(2026, 5, 22, 12, tzinfo=UTC)}
DEFAULT_NOW = datetime(2026, 5, 28, 12, tzinfo=UTC)
PROBE = "h2h Liverpool v Real Madrid"


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


async def first_answers(core: Core, commands: list[Command], forget_derived: bool
                        ) -> list[float]:
    times = []
    for command in commands:
        core.store.forget_results()
        if forget_derived:
            core.store.forget_derived()
        start = time.perf_counter()
        await core.dispatch(command)
        times.append((time.perf_counter() - start) * 1000)
    return times


def line(label: str, times: list[float]) -> str:
    p50, p99 = percentiles(times)
    return f"{label:44} p50 {p50:8.1f}  p99 {p99:8.1f}  total {sum(times):9.0f} ms"


async def measure(path: Path, label: str, runs: int, detail: bool) -> None:
    now = NOW.get(label, DEFAULT_NOW)
    store = await Store.open(path)
    core = Core(store, now=lambda: now)
    await core.names.refresh(store)
    await core.names.words_ready()
    commands = await WarmUp(core).commands()
    clubs = {c.args.get("subject") or c.args.get("team") for c in commands}
    print(f"\n## {label}: {path.name}, now {now:%Y-%m-%d}: {len(commands)} questions about "
          f"{len(clubs)} clubs ({load()})")
    without = await first_answers(core, commands, True)
    print(line("first answers, no warm-up", without))
    store.forget_derived()
    store.forget_results()
    warm_up = WarmUp(core, quiet=0)      # timed from its start: no wait for a quiet spell
    start = time.perf_counter()
    warm_up.start()
    await warm_up.finished()
    took = (time.perf_counter() - start) * 1000
    print(f"{'warm-up':44} {took:9.0f} ms wall for {len(warm_up.answered)} questions "
          f"({load()})")
    seen = []
    for command in commands:
        begin = time.perf_counter()
        await core.dispatch(command)
        seen.append((time.perf_counter() - begin) * 1000)
    print(line("first answers after it (as a user sees them)", seen))
    empty = await first_answers(core, commands, False)
    print(line("first answers after it (results cache empty)", empty))
    if detail:
        for command, a, b, c in zip(commands, without, seen, empty, strict=True):
            text = " ".join([command.name, *(f"{k}:{v}" for k, v in command.args.items())])
            print(f"  {text[:60]:60} {a:8.1f} {b:8.1f} {c:8.1f} ms")
    probe = PROBE if not clubs & {"Liverpool", "Real Madrid"} else "h2h Bayern v Barcelona"
    await probe_during(core, probe, took, runs)
    await store.close()


async def probe_during(core: Core, probe: str, took: float, runs: int) -> None:
    """The probe question at random moments of fresh warm-ups, against it when idle."""
    rng = random.Random(14)
    store = core.store
    idle = []
    for _ in range(runs):
        store.forget_results()
        start = time.perf_counter()
        await core.ask(probe)
        idle.append((time.perf_counter() - start) * 1000)
    during, yielded = [], 0
    for _ in range(runs):
        store.forget_derived()
        store.forget_results()
        await core.ask(probe)            # the probe's own entries: what idle had too
        warm_up = WarmUp(core, quiet=0)    # no quiet wait: a step is in progress
        warm_up.start()
        await asyncio.sleep(rng.uniform(0, min(took, 3000)) / 1000)
        store.forget_results()
        start = time.perf_counter()
        await core.ask(probe)
        during.append((time.perf_counter() - start) * 1000)
        yielded += warm_up.yielded
        await warm_up.stop()
    print(line(f"'{probe}' idle", idle))
    print(line(f"'{probe}' during the warm-up", during)
          + f"  max {max(during):.0f} ms (stepped aside {yielded} times in {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("benchmarks/.data"))
    parser.add_argument("--only", default="today,50x,50x-clubs,full")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--detail", action="store_true",
                        help="each question: without, after (as seen), after (results empty)")
    args = parser.parse_args()
    for name in args.only.split(","):
        asyncio.run(measure(database(args.dir, name), name, args.runs, args.detail))


if __name__ == "__main__":
    main()
