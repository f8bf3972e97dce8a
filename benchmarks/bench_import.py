"""Time the full import of the shared real data into a fresh database; print time and size.

By default the European history (champs.csv and the openfootball Champions League files);
with --domestic every league and cup too (every engsoccerdata CSV and openfootball England:
the full real database). Target (issue 9): the full import under 30 s.

Beside each wall-clock time, the CPU time of the process (both of its threads: Python's and
SQLite's) and the load average: the machine is shared, and under load the wall clock measures
the others' work too, while the CPU time stays near the work's own.

Run: .venv/bin/python benchmarks/bench_import.py [--domestic] [--keep DB]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import tempfile
import time
from pathlib import Path

from storage import Store
from storage.importers import import_files

SHARED = next((p / "shared" / "data" for p in Path(__file__).resolve().parents
               if (p / "shared" / "data").is_dir()), Path("../shared/data"))
SOURCES = [
    ("engsoccerdata", SHARED / "engsoccerdata" / "champs.csv"),
    ("openfootball", SHARED / "openfootball-champions-league"),
]
DOMESTIC = [
    ("engsoccerdata", SHARED / "engsoccerdata"),          # champs.csv again: changes nothing
    ("openfootball", SHARED / "openfootball-england"),
]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


async def run(db_path: Path, domestic: bool = False) -> None:
    store = await Store.open(db_path)
    print(f"load average {_load()}", flush=True)
    start, cpu_start = time.perf_counter(), _cpu()
    for kind, path in SOURCES + (DOMESTIC if domestic else []):
        began, cpu = time.perf_counter(), _cpu()
        summary = await import_files(store, kind, [path])
        print(f"{kind:14} {path.name}: {time.perf_counter() - began:.1f} s "
              f"(CPU {_cpu() - cpu:.1f} s), {summary.summary()}", flush=True)
        for line in summary.skipped[:20]:
            print("   skipped:", line)
    elapsed, cpu_used = time.perf_counter() - start, _cpu() - cpu_start
    print(f"load average {_load()}")
    counts = {t: (await store.fetchone(f"SELECT COUNT(*) FROM {t}"))[0]  # noqa: S608
              for t in ("clubs", "matches", "goals", "players", "ties")}
    await store.close()
    size = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*"))
    print(f"import time {elapsed:.2f} s (CPU {cpu_used:.2f} s), "
          f"database {size / 1e6:.2f} MB, {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    parser.add_argument("--domestic", action="store_true",
                        help="also every domestic league and cup file (the full real database)")
    args = parser.parse_args()
    if args.keep:
        args.keep.unlink(missing_ok=True)
        asyncio.run(run(args.keep, args.domestic))
        return
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(Path(tmp) / "bench.db", args.domestic))


if __name__ == "__main__":
    main()
