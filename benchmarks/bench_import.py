"""Time the full import of the shared real data into a fresh database; print time and size.

Run: .venv/bin/python benchmarks/bench_import.py [--keep DB]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from storage import Store
from storage.importers import import_files

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCES = [
    ("engsoccerdata", SHARED / "engsoccerdata" / "champs.csv"),
    ("openfootball", SHARED / "openfootball-champions-league"),
]


async def run(db_path: Path) -> None:
    store = await Store.open(db_path)
    start = time.perf_counter()
    for kind, path in SOURCES:
        summary = await import_files(store, kind, [path])
        print(f"{kind:14} {summary.summary()}")
        for line in summary.skipped[:20]:
            print("   skipped:", line)
    elapsed = time.perf_counter() - start
    counts = {t: (await store.fetchone(f"SELECT COUNT(*) FROM {t}"))[0]  # noqa: S608
              for t in ("clubs", "matches", "goals", "players", "ties")}
    await store.close()
    size = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*"))
    print(f"import time {elapsed:.2f} s, database {size / 1e6:.2f} MB, {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    args = parser.parse_args()
    if args.keep:
        args.keep.unlink(missing_ok=True)
        asyncio.run(run(args.keep))
        return
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(Path(tmp) / "bench.db"))


if __name__ == "__main__":
    main()
