"""Chart rendering time per chart kind, and the answer time with and without a chart.

Rendering: each chart is drawn `--runs` times straight through `adapters.charts.render`
(the PNG cache bypassed, so every run draws), after one warm-up that imports matplotlib and
loads its fonts (what the bots do at start). Target (issue 11): p99 < 150 ms. Wall time
and the drawing thread's CPU time are both printed: on a shared machine the difference is
time spent waiting for a core, and the load average is printed with them.

Answers: the same commands through the core, warm, with `chart:no` and with the chart
(the core builds only the chart's data, never a picture: matplotlib is not even imported
until an adapter renders), so the answer time without a chart is unchanged.

Run: .venv/bin/python -m benchmarks.bench_charts [--dir benchmarks/.data] [--runs 100]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.bench_commands import SHARED, database, percentiles
from bot.core import Core
from storage import Store
from storage.importers import import_files

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
CASES = [
    ("h2h timeline", "h2h Liverpool v Real Madrid"),
    ("h2h timeline, 26+ meetings", "h2h Real Madrid v Bayern"),
    ("form strip n:10", "form Barcelona n:10"),
    ("streak, every kind", "streak Bayern"),
    ("streak, player", "streak Salah competition:cl"),
    ("preview card", "facts Liverpool v Real Madrid"),
]
LEAGUE_CASES = [("league position, 38 dates", "position Liverpool as_of:1989-07-01"),
                ("finishing positions, 122", "seasons Liverpool")]


async def league_database(folder: Path) -> Path:
    """The English league history (england.csv + openfootball-england), built once."""
    path = folder / "leagues.db"
    if not path.exists():
        start = time.perf_counter()
        store = await Store.open(path)
        await import_files(store, "engsoccerdata", [SHARED / "engsoccerdata" / "england.csv"])
        await import_files(store, "openfootball", [SHARED / "openfootball-england"])
        await store.close()
        print(f"built {path} in {time.perf_counter() - start:.1f} s")
    return path


async def answers(core: Core, text: str, runs: int) -> tuple[float, float, float, float]:
    """(p50, p99) ms of the answer with chart:no, then with the chart (data only)."""
    out = []
    for suffix in (" chart:no", ""):
        await core.ask(text + suffix)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            await core.ask(text + suffix)
            times.append((time.perf_counter() - start) * 1000)
        out += percentiles(times)
    return out[0], out[1], out[2], out[3]


async def run(path: Path, leagues: Path, runs: int) -> None:
    charts = {}
    print(f"{'answer':28} {'no chart p50/p99 ms':>20} {'with chart p50/p99 ms':>22}")
    for db, cases in ((path, CASES), (leagues, LEAGUE_CASES)):
        store = await Store.open(db)
        core = Core(store, now=lambda: NOW)
        for label, text in cases:
            reply = await core.ask(text)
            assert reply.chart is not None, (text, reply.title)
            charts[label] = reply.chart
            a50, a99, b50, b99 = await answers(core, text, runs)
            print(f"{label:28} {a50:9.2f} / {a99:7.2f} {b50:11.2f} / {b99:7.2f}")
        await store.close()
    print(f"matplotlib imported by the core's answers: {'matplotlib' in sys.modules}")

    from adapters import charts as render_module

    start = time.perf_counter()
    render_module.warm()
    print(f"\nwarm-up (import matplotlib, fonts): {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"{'chart':28} {'render p50 ms':>14} {'p99 ms':>8} {'CPU p50/p99 ms':>16} "
          f"{'PNG KiB':>8}")
    for label, chart in charts.items():
        times, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.thread_time()
            data = render_module.render(chart)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
        p50, p99 = percentiles(times)
        c50, c99 = percentiles(cpu)
        print(f"{label:28} {p50:14.1f} {p99:8.1f} {c50:8.1f} / {c99:5.1f} "
              f"{len(data) / 1024:8.1f}")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs "
          "(wall time above CPU time is time spent waiting for a core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("benchmarks/.data"))
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    today = database(args.dir, "today")
    asyncio.run(run(today, asyncio.run(league_database(args.dir)), args.runs))


if __name__ == "__main__":
    main()
