"""Latency of every facts command through the core (text in, reply out), warm and cold, against
the bare SQL behind it, on today's history and on 10x and 50x databases.

Databases (built once into --dir, reused after): `today` is the real European history
(champs.csv + every openfootball file) through the importers; `10x` and `50x` repeat it in
later seasons, `50x-clubs` repeats it under invented clubs (benchmarks/scale.py); `full` is
every league and cup file too (not built unless asked for: --only full).

Per command: warm p50/p99 (results cache full); cold p50/p99 (results cache emptied before
each call: the case after any write of football data that did not touch the clubs asked
about, whose derived timelines and runs storage/derived.py keeps); rebuild p50/p99 (the
derived cache emptied too: the first answer after a start, or after a write touching those
clubs) with its bare SQL; the bare SQL of one cold run replayed on a plain sqlite3
connection, the ratio cold p50 / bare, and what the SQL read: rows returned, rows stepped
by full table scans and virtual-machine steps per row returned (SQLite's own counters, from
sqlite_stmt), and any full scan of a large table in the query plans.
After a write: a write touching the first club the answer reads (a no-op update of its latest
match, which the change log records like a result) drops its derived entries; they are made
again in the background (storage/derived.py `rederive`). Reported: how long that takes after
the commit (p50), and the next answer's p50/p99 once it is done.
Also the name index: start-up (open + build), when its background word part was ready, and
autocomplete p50/p99.

Targets (issue 14): cold p99 < 10 ms per command (facts < 50 ms), cold <= 5x bare SQL (judged
when the cold answer runs at least 0.5 ms of SQL: a cached answer runs almost none), no query
reading more than a few times the rows it returns; name index built in < 200 ms.

Run: .venv/bin/python benchmarks/bench_commands.py [--dir DIR] [--runs 50]
         [--only today,10x,50x,50x-clubs] [--case h2h]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from benchmarks import scale
from bot.core import Core
from bot.names import NameIndex
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
# on the full real database (every league and cup too) also the domestic questions
DOMESTIC_CASES: list[tuple[str, str, date | None]] = [
    ("league h2h", "h2h Liverpool v Everton competition:league", None),
    ("cup h2h", "h2h Arsenal v Tottenham competition:facup", None),
    ("league streak", "streak Liverpool competition:league", None),
    ("league streak kind", "streak Arsenal kind:unbeaten competition:eng1", None),
    ("league record", "record Manchester United kind:home competition:league", None),
    ("league form", "form Everton competition:league n:10", None),
    ("cup honours", "honours Arsenal competition:facup", None),
    ("facts league clubs", "facts Liverpool v Everton", None),
    ("table final", "table eng1 1988-89", None),
    ("table as_of", "table eng1 1988-89", date(1989, 5, 26)),
    ("table h2h rule", "table esp1 2006-07", None),
    ("table latest", "table premier league", None),
    ("position", "position Liverpool", date(1990, 4, 1)),
    ("seasons club", "seasons Liverpool chart:no", None),
    ("seasons club as_of", "seasons Liverpool chart:no", date(1990, 4, 1)),
    ("seasons h2h rule", "seasons Real Madrid chart:no", None),
    ("seasons + chart", "seasons Everton", None),
    ("records eng1", "seasons eng1", None),
    ("records PL words", "most points in a premier league season", None),
    ("records as_of", "seasons eng2", date(2000, 1, 1)),
]
SCALES = {"today": (1, 1), "10x": (10, 1), "50x": (50, 1), "50x-clubs": (1, 50), "full": (1, 1)}
FULL = [("engsoccerdata", SHARED / "engsoccerdata"),
        ("openfootball", SHARED / "openfootball-champions-league"),
        ("openfootball", SHARED / "openfootball-england")]
BIG_TABLES = ("matches", "goals", "appearances", "ties", "clubs", "players")
Query = tuple[str, tuple[Any, ...]]


async def build_today(path: Path) -> None:
    store = await Store.open(path)
    await import_files(store, "engsoccerdata", [SHARED / "engsoccerdata" / "champs.csv"])
    await import_files(store, "openfootball", [SHARED / "openfootball-champions-league"])
    await store.close()


async def build_full(path: Path) -> None:
    """Every file in ../shared/data through the importers: the full real database."""
    store = await Store.open(path)
    for kind, source in FULL:
        await import_files(store, kind, [source])
    await store.close()


def database(folder: Path, name: str) -> Path:
    """The database of one scale, built if missing."""
    path = folder / f"{name}.db"
    if path.exists():
        return path
    start = time.perf_counter()
    if name == "today":
        asyncio.run(build_today(path))
    elif name == "full":
        asyncio.run(build_full(path))
    else:
        history, clubs = SCALES[name]
        scale.build(database(folder, "today"), path, history, clubs)
    print(f"built {path} in {time.perf_counter() - start:.1f} s")
    return path


def record_sql(store: Store) -> tuple[list[Query], Callable[[], None]]:
    """Record the connection's reads (to replay them bare); returns (seen, stop)."""
    seen: list[Query] = []
    db = store.db
    original = db.execute_fetchall

    async def recording(sql: str, params: Any = ()) -> Any:
        seen.append((sql, tuple(params or ())))
        return await original(sql, params)

    db.execute_fetchall = recording  # type: ignore[method-assign]

    def stop() -> None:
        db.execute_fetchall = original  # type: ignore[method-assign]
    return seen, stop


def bare(path: Path, queries: list[Query], runs: int) -> float:
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


def reads(path: Path, queries: list[Query]) -> tuple[int, int, float, list[str]]:
    """(rows returned, full-scan rows, worst VM steps per returned row, full scans of big
    tables in the plans), from one run of each query on a fresh connection."""
    conn = sqlite3.connect(path)
    returned = scanned = 0
    worst = 0.0
    scans: list[str] = []
    for sql, params in queries:
        rows = len(conn.execute(sql, params).fetchall())
        returned += rows
        stat = conn.execute("SELECT nscan, nstep FROM sqlite_stmt WHERE sql = ?",
                            (sql,)).fetchone()
        if stat:
            scanned += stat[0]
            worst = max(worst, stat[1] / max(rows, 1))
        for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params):
            words = row[3].split()
            if words[:1] == ["SCAN"] and _table(sql, words[1]) in BIG_TABLES \
                    and "COVERING" not in row[3]:
                scans.append(f"{_table(sql, words[1])}: {row[3]}")
    conn.close()
    return returned, scanned, worst, sorted(set(scans))


def _table(sql: str, alias: str) -> str:
    """The table an alias in a plan stands for ('m' → 'matches')."""
    words = sql.replace(",", " ").replace("(", " ").split()
    for i, w in enumerate(words[1:], 1):
        if w == alias and words[i - 1].lower() in BIG_TABLES:
            return words[i - 1].lower()
    return alias


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]


async def name_index(path: Path, store: Store) -> str:
    """Start-up (open + name index, median of 5), when the word part was ready, and
    autocomplete p50/p99 over a few prefixes: benchmarks/bench_names.py has the detail."""
    from benchmarks.bench_names import PREFIXES, start_up, timed_complete
    starts = [await start_up(path) for _ in range(5)]
    total, build = (statistics.median(s[i] for s in starts) for i in (0, 1))
    readies = [s[2] for s in starts if s[2] is not None]
    ready = f", word part ready at {statistics.median(readies):.0f} ms" if readies else ""
    index = NameIndex()
    await index.refresh(store)
    await index.words_ready()
    c50, c99 = timed_complete(index, PREFIXES, 20)
    return (f"start-up (open + name index) {total:.0f} ms, index build {build:.0f} ms{ready}; "
            f"autocomplete p50 {c50:.2f} / p99 {c99:.2f} ms (targets: build < 200 ms, "
            "start-up < 1 s, autocomplete a few ms)")


async def timed(store: Store, core: Core, text: str, as_of: date | None, runs: int,
                forget: Callable[[], object]) -> tuple[list[float], list[Query]]:
    """Times (ms) of `runs` answers, each after `forget()`, and the queries of the first."""
    times: list[float] = []
    seen: list[Query] = []
    for i in range(runs):
        forget()
        if i == 0:
            seen, stop = record_sql(store)
        start = time.perf_counter()
        await core.ask(text, as_of=as_of)
        times.append((time.perf_counter() - start) * 1000)
        if i == 0:
            stop()
    return times, [q for q in seen if not q[0].lstrip().upper().startswith("PRAGMA")]


async def after_writes(store: Store, core: Core, text: str, as_of: date | None,
                       runs: int) -> tuple[float, float, float]:
    """(p50 ms from a write's commit to its dropped entries made again, then the next
    answer's p50 and p99)."""
    store.forget_derived()
    await core.ask(text, as_of=as_of)
    cache = getattr(store, "_derived_store", None)    # none when the answer derives nothing
    clubs = sorted({ref for kind, ref in cache.by_tag if kind == "club"}) if cache else []
    if not clubs:
        return float("nan"), float("nan"), float("nan")
    ready, answers = [], []
    for _ in range(runs):
        start = time.perf_counter()
        async with store.transaction() as db:
            await db.execute("UPDATE matches SET venue = venue WHERE id = (SELECT MAX(id) "
                             "FROM matches WHERE home_id = ?)", (clubs[0],))
        await store.rederived()
        ready.append((time.perf_counter() - start) * 1000)
        store.forget_results()
        start = time.perf_counter()
        await core.ask(text, as_of=as_of)
        answers.append((time.perf_counter() - start) * 1000)
    return percentiles(ready)[0], *percentiles(answers)


async def measure(path: Path, label: str, runs: int, only_case: str | None) -> list[str]:
    store = await Store.open(path)
    core = Core(store, now=lambda: datetime(2026, 11, 21, 12, tzinfo=UTC))
    index = await name_index(path, store)
    await core.ask("help")
    lines = [f"\n## {label}: {path.name}: {index}",
             f"{'command':18} {'warm p50':>8} {'p99':>6} {'cold p50':>8} {'p99':>6} "
             f"{'SQL':>6} {'ratio':>5} {'q':>3} {'rows':>6} {'scan':>6} {'st/row':>6} "
             f"{'rebuild':>8} {'p99':>7} {'SQL':>7} {'w→ready':>7} {'next':>6} {'p99':>6}"
             "  target"]
    print(lines[0], lines[1], sep="\n", flush=True)
    notes = []
    for name, text, as_of in CASES + (DOMESTIC_CASES if label == "full" else []):
        if only_case and not name.startswith(only_case):
            continue
        reply = await core.ask(text, as_of=as_of)
        if reply.is_error:
            lines.append(f"{name:18} error: {reply.title}")
            print(lines[-1])
            continue
        rebuild_times, rebuild_sql = await timed(
            store, core, text, as_of, max(5, runs // 5),
            lambda: (store.forget_results(), store.forget_derived()))
        cold_times, cold_sql = await timed(store, core, text, as_of, runs, store.forget_results)
        warm_times = []
        for _ in range(runs):
            start = time.perf_counter()
            await core.ask(text, as_of=as_of)
            warm_times.append((time.perf_counter() - start) * 1000)
        ready, next50, next99 = await after_writes(store, core, text, as_of, max(5, runs // 5))
        queries = cold_sql
        sql = bare(path, queries, max(10, runs // 2))
        rebuild_bare = bare(path, rebuild_sql, 5)
        returned, scanned, steps, scans = reads(path, queries)
        (w50, w99), (c50, c99) = percentiles(warm_times), percentiles(cold_times)
        r50, r99 = percentiles(rebuild_times)
        ratio = c50 / sql if sql else float("inf")
        limit = 50 if name.startswith("facts") else 10
        # the ratio says something only when the answer needs SQL worth measuring
        ok = "ok" if c99 < limit and (ratio <= 5 or sql < 0.5) and not scans else "MISS"
        lines.append(f"{name:18} {w50:8.2f} {w99:6.2f} {c50:8.2f} {c99:6.2f} {sql:6.2f} "
                     f"{ratio:5.1f} {len(queries):3} {returned:6} {scanned:6} {steps:6.0f} "
                     f"{r50:8.1f} {r99:7.1f} {rebuild_bare:7.1f} {ready:7.1f} {next50:6.2f} "
                     f"{next99:6.2f}  p99<{limit} {ok}")
        print(lines[-1], flush=True)
        notes += [f"   {name}: full scan {s}" for s in scans]
    await store.close()
    for note in notes:
        print(note)
    return lines + notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("benchmarks/.data"),
                        help="where the databases are built and kept (default benchmarks/.data)")
    parser.add_argument("--runs", type=int, default=50, help="runs per measure (default 50)")
    parser.add_argument("--only", default="today,10x,50x,50x-clubs",
                        help="scales to measure, e.g. today,50x (default all)")
    parser.add_argument("--case", help="only the commands whose label starts with this")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    for name in args.only.split(","):
        measure_path = database(args.dir, name)
        asyncio.run(measure(measure_path, name, args.runs, args.case))


if __name__ == "__main__":
    main()
