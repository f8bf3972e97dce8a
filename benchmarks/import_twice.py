"""Import every file of the shared real data twice: the second import must change nothing.

Imports every engsoccerdata CSV (leagues, facup, leaguecup, champs.csv), the openfootball
Champions League folders and openfootball England into an empty database, records each table's
row count and a checksum of the football tables (matches, clubs, club aliases, ties), imports
everything again and compares. Then runs the one-club-per-club and one-match-per-match checks
of `benchmarks/club_checks.py` on the result. Exits 1 if a count or a checksum moved, or a
check found a case that no hand decision explains.

Run: .venv/bin/python -m benchmarks.import_twice [--keep DB]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import club_checks
from storage import Store
from storage.importers import import_files

SHARED = next((p / "shared" / "data" for p in Path(__file__).resolve().parents
               if (p / "shared" / "data").is_dir()), Path("../shared/data"))
SOURCES = [
    ("engsoccerdata", SHARED / "engsoccerdata"),
    ("openfootball", SHARED / "openfootball-champions-league"),
    ("openfootball", SHARED / "openfootball-england"),
]
CHECKSUMMED = ("matches", "clubs", "club_aliases", "ties")


async def counts(store: Store) -> dict[str, int]:
    """Row count of every table (SQLite's own tables left out)."""
    tables = [r[0] for r in await store.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {t: (await store.fetchone(f'SELECT COUNT(*) FROM "{t}"'))[0]  # noqa: S608
            for t in tables}


# Ties are derived: every import re-derives the ties of the seasons it read, so their ids are
# renumbered (nothing refers to a tie's id); their content must not change.
TIE_CONTENT = ("season_id, stage, round, first_leg_id, second_leg_id, replay_id, club_a, club_b, "
               "agg_a, agg_b, winner_id, decided_by")


async def checksum(store: Store, table: str) -> str:
    """SHA-256 of every row of a table (ties: without their id) in a stable order."""
    columns = TIE_CONTENT if table == "ties" else "*"
    digest = hashlib.sha256()
    for row in await store.fetchall(
            f'SELECT {columns} FROM "{table}" ORDER BY 1, 2, 3, 4'):  # noqa: S608
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()[:16]


async def import_everything(store: Store, label: str) -> float:
    began = time.perf_counter()
    for kind, path in SOURCES:
        summary = await import_files(store, kind, [path])
        print(f"{label} {kind:14} {path.name}: {summary.summary()}", flush=True)
        for line in summary.skipped:
            print(f"   skipped: {line}")
    return time.perf_counter() - began


async def snapshot(store: Store) -> tuple[dict[str, int], dict[str, str]]:
    return await counts(store), {t: await checksum(store, t) for t in CHECKSUMMED}


async def run(db_path: Path) -> int:
    store = await Store.open(db_path)
    try:
        first = await import_everything(store, "first ")
        counts1, sums1 = await snapshot(store)
        second = await import_everything(store, "second")
        counts2, sums2 = await snapshot(store)
    finally:
        await store.close()
    print(f"\nfirst import {first:.1f} s, second {second:.1f} s")
    print(f"{'table':24} {'first':>9} {'second':>9}")
    moved = []
    for table in counts1:
        # Logs of what a write touched (name_changes, audit rows) may grow on a re-import; the
        # football data may not.
        mark = "" if counts1[table] == counts2[table] else "  <- changed"
        if mark and table in CHECKSUMMED:
            moved.append(table)
        print(f"{table:24} {counts1[table]:>9,} {counts2[table]:>9,}{mark}")
    for table in CHECKSUMMED:
        same = sums1[table] == sums2[table]
        verdict = 'same' if same else 'DIFFERENT'
        print(f"checksum {table:15} {sums1[table]} {sums2[table]} {verdict}")
        if not same and table not in moved:
            moved.append(table)
    if moved:
        print("FAILED: the second import changed", ", ".join(moved))
        return 1
    print("the second import added and changed nothing\n")
    return 1 if club_checks.check(db_path) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    args = parser.parse_args()
    if args.keep:
        args.keep.unlink(missing_ok=True)
        sys.exit(asyncio.run(run(args.keep)))
    with tempfile.TemporaryDirectory() as tmp:
        sys.exit(asyncio.run(run(Path(tmp) / "twice.db")))


if __name__ == "__main__":
    main()
