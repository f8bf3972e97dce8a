"""Latency of the league commands on a full database (every file under ../shared/data
imported): p50/p99 per command through the core, each against the bare SQL behind its main
query, plus the bot's start-up (store open + name index) and its memory (RSS) after the runs.

Targets (issue 9): every command p99 < 10 ms, facts p99 < 50 ms, RSS < 150 MB, start-up < 1 s.
Each command is timed twice: cold (the results cache emptied before every call, as after a
write that did not touch the clubs asked about) and first (the derived cache emptied too:
the first answer after a start, or after a write touching those clubs).

Run: .venv/bin/python -m benchmarks.bench_leagues DB [--runs 50] [--only LABEL…]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sqlite3
import statistics
import time
from datetime import UTC, date, datetime

from bot.core import Core
from storage import Store
from storage.league_seasons import SEASON_CLUB_TOTALS
from storage.league_table import SEASON_RESULTS

CASES: list[tuple[str, str, date | None]] = [
    ("table final", "table eng1 1988-89", None),
    ("table as_of", "table eng1 1988-89", date(1989, 5, 26)),
    ("table latest", "table premier league", None),
    ("position", "position Liverpool", date(1990, 4, 1)),
    ("h2h league", "h2h Liverpool v Everton competition:league", None),
    ("h2h premier league", "h2h Liverpool v Everton competition:premier league", None),
    ("streak league", "streak Liverpool competition:league", None),
    ("facts PL fixture", "facts Liverpool v Chelsea", date(2026, 5, 1)),
    ("seasons club", "seasons Liverpool chart:no", None),
    ("seasons club as_of", "seasons Liverpool chart:no", date(1990, 4, 1)),
    ("seasons club + chart", "seasons Everton", None),
    ("season records eng1", "seasons eng1", None),
    ("season records PL", "most points in a premier league season", None),
    ("season records as_of", "seasons eng2", date(2000, 1, 1)),
]
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def bare_table_sql(path: str, runs: int) -> float:
    """p50 ms of the season-results query behind `table` on a plain sqlite3 connection."""
    db = sqlite3.connect(path)
    sid = db.execute("SELECT s.id FROM seasons s JOIN competitions c ON c.id = s.competition_id "
                     "WHERE c.code = 'ENG1' AND s.start_year = 1988").fetchone()[0]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        db.execute(SEASON_RESULTS, (sid,)).fetchall()
        times.append((time.perf_counter() - t) * 1000)
    db.close()
    return statistics.median(times)


def bare_seasons_sql(path: str, runs: int) -> float:
    """p50 ms of the one aggregation behind every eng1 season (`seasons`, first answer)."""
    db = sqlite3.connect(path)
    cid = db.execute("SELECT id FROM competitions WHERE code = 'ENG1'").fetchone()[0]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        db.execute(SEASON_CLUB_TOTALS, (cid,)).fetchall()
        times.append((time.perf_counter() - t) * 1000)
    db.close()
    return statistics.median(times)


async def main(path: str, runs: int, only: list[str] | None = None) -> None:
    t = time.perf_counter()
    store = await Store.open(path)
    core = Core(store, now=lambda: NOW)
    await core.names.refresh(store)
    start = (time.perf_counter() - t) * 1000
    print(f"start-up (open + name index): {start:.0f} ms")
    print(f"{'':20} {'cold p50':>9} {'p99':>8}   {'first p50':>9} {'p99':>8}  (ms)")
    for label, text, as_of in CASES:
        if only and not any(o in label for o in only):
            continue
        figures = []
        for first in (False, True):
            times = []
            await core.ask(text, as_of=as_of)   # the derived cache filled, for `cold`
            for _ in range(runs):
                store.forget_results()
                if first:
                    store.forget_derived()
                t = time.perf_counter()
                reply = await core.ask(text, as_of=as_of)
                times.append((time.perf_counter() - t) * 1000)
            assert reply.kind == "answer", (text, reply.title)
            figures += [statistics.median(times), pct(times, 0.99)]
        print(f"{label:20} {figures[0]:9.2f} {figures[1]:8.2f}   {figures[2]:9.2f} "
              f"{figures[3]:8.2f}")
    print(f"bare SQL behind table (one season's league matches): "
          f"{bare_table_sql(path, runs):.2f} ms p50")
    print(f"bare SQL behind seasons (every eng1 season, one aggregation): "
          f"{bare_seasons_sql(path, min(runs, 10)):.2f} ms p50")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS: {rss:.0f} MB")
    await store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--only", nargs="+", help="the cases whose label contains one of these")
    args = parser.parse_args()
    asyncio.run(main(args.db, args.runs, args.only))
