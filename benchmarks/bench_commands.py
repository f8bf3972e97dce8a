"""Latency of every facts command through the core (text in, reply out) on the full history,
against the bare SQL behind it.

Builds the full history (champs.csv + every openfootball file) in a temporary database, then
for each command: p50 and p99 over many runs of `core.ask(text)`, and the time of the SQL the
command needs (recorded from one cold run, replayed on a plain sqlite3 connection). Ratio =
core p50 / bare SQL. Targets: p99 < 10 ms per command, facts p99 < 50 ms, ratio <= 5.

Run: .venv/bin/python benchmarks/bench_commands.py [--runs 200] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bot.core import Core
from storage import Store
from storage.importers import import_files

SHARED = next(p / "shared" / "data" for p in Path(__file__).resolve().parents
              if (p / "shared" / "data").is_dir())
# (label, command text, as-of date or None)
CASES: list[tuple[str, str, date | None]] = [
    ("h2h", "h2h Liverpool v Real Madrid", None),
    ("tie", "tie Liverpool v Real Madrid", date(2023, 3, 1)),
    ("streak team", "streak Real Madrid kind:scoring competition:cl stage:knockout", None),
    ("streak all kinds", "streak Bayern", None),
    ("streak player", "streak Salah competition:cl", None),
    ("record ties", "record Real Madrid kind:ties", None),
    ("record home", "record Liverpool kind:home competition:cl", None),
    ("player", "player Ronaldo", None),
    ("honours", "honours AC Milan", None),
    ("form", "form Barcelona n:10", None),
    ("fixtures", "fixtures Liverpool", None),
    ("needs", "needs Liverpool", date(2021, 4, 10)),
    ("question", "how have Real done after winning the first leg by 2", None),
    ("facts 2nd leg", "facts Liverpool v Real Madrid", date(2021, 4, 10)),
    ("facts 1st meet", "facts Atalanta v Bayern", date(2026, 3, 1)),
    ("facts no fixture", "facts Juventus v Ajax", None),
]


async def build(path: Path) -> None:
    store = await Store.open(path)
    await import_files(store, "engsoccerdata", [SHARED / "engsoccerdata" / "champs.csv"])
    await import_files(store, "openfootball", [SHARED / "openfootball-champions-league"])
    await store.close()


def record_sql(store: Store) -> list[tuple[str, tuple[Any, ...]]]:
    """Wrap the connection's reads so one run's SQL can be replayed bare."""
    seen: list[tuple[str, tuple[Any, ...]]] = []
    original = store.db.execute_fetchall

    async def recording(sql: str, params: Any = ()) -> Any:
        seen.append((sql, tuple(params or ())))
        return await original(sql, params)

    store.db.execute_fetchall = recording  # type: ignore[method-assign]
    return seen


def bare(path: Path, queries: list[tuple[str, tuple[Any, ...]]], runs: int) -> float:
    """Median time (ms) of running the queries on a plain sqlite3 connection."""
    conn = sqlite3.connect(path)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for sql, params in queries:
            conn.execute(sql, params).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return statistics.median(times)


async def measure(path: Path, runs: int) -> None:
    store = await Store.open(path)
    core = Core(store, now=lambda: datetime(2026, 11, 21, 12, tzinfo=UTC))
    await core.ask("help")
    print(f"{'command':18} {'p50 ms':>7} {'p99 ms':>7} {'cold ms':>8} {'SQL ms':>7} "
          f"{'ratio':>6} {'queries':>7}  target")
    for label, text, as_of in CASES:
        reply = await core.ask(text, as_of=as_of)
        if reply.is_error:
            print(f"{label:18} error: {reply.title}")
            continue
        store.data_version += 1          # a cold run: empty caches, record its SQL
        await core.names.refresh(store)
        seen = record_sql(store)
        start = time.perf_counter()
        await core.ask(text, as_of=as_of)
        cold = (time.perf_counter() - start) * 1000
        queries = [q for q in seen if not q[0].lstrip().upper().startswith("PRAGMA")]
        store.db.execute_fetchall = type(store.db).execute_fetchall.__get__(store.db)  # type: ignore[method-assign]
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            await core.ask(text, as_of=as_of)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p50, p99 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]
        sql = bare(path, queries, max(20, runs // 5))
        ratio = p50 / sql if sql else float("inf")
        limit = 50 if label.startswith("facts") else 10
        ok = "ok" if p99 < limit and ratio <= 5 else "MISS"
        print(f"{label:18} {p50:7.2f} {p99:7.2f} {cold:8.2f} {sql:7.2f} {ratio:6.2f} "
              f"{len(queries):7}  p99<{limit} {ok}")
    await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--db", type=Path, help="use this full-history database (built if new)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "history.db"
        if not path.exists():
            start = time.perf_counter()
            asyncio.run(build(path))
            print(f"built the full history in {time.perf_counter() - start:.1f} s")
        asyncio.run(measure(path, args.runs))


if __name__ == "__main__":
    main()
