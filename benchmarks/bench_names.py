"""The name index: start-up, resolver lookups and autocomplete, per database scale.

Per database: start-up (the store opened and the name index built, as at the bot's start),
the index build alone (and, when the word and fuzzy part is built in the background, when
that part was ready), resolver lookup p50/p99 by kind of input (an exact name, an alias, a
word of a name, a typo that only the fuzzy match resolves, a name we do not know), and
autocomplete p50/p99 (an empty prefix, one to three letters, two words).

`--dump OUT.json` also writes every answer (resolved name, or the error's text and
suggestions; the autocomplete lists) for a fixed, data-derived list of inputs, so that two
versions of bot/names.py can be compared: the dumps must be identical.

Targets (issues 14 and 9): index built in < 200 ms at 50x-clubs, start-up < 1 s on the full
database, autocomplete within a few ms (Discord allows 3 s).

Run: .venv/bin/python benchmarks/bench_names.py [--dir DIR] [--only today,50x-clubs,full]
         [--runs 200] [--dump OUT.json]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import time
from pathlib import Path

from benchmarks.bench_commands import database, percentiles
from bot.errors import UnknownName
from bot.names import NameIndex
from storage import Store, fold

PREFIXES = ("", "l", "li", "liv", "re", "real m", "ba", "a", "man u", "zz")


def typo(name: str, rng: random.Random) -> str:
    """One letter dropped from the longest word: a typo the fuzzy match must resolve."""
    words = name.split()
    i = max(range(len(words)), key=lambda j: len(words[j]))
    word = words[i]
    if len(word) < 5:
        return name + "x"
    cut = rng.randrange(1, len(word) - 1)
    words[i] = word[:cut] + word[cut + 1:]
    return " ".join(words)


async def inputs(store: Store, count: int) -> dict[str, list[str]]:
    """Inputs of each kind, drawn from the database with a fixed seed."""
    rng = random.Random(14)
    clubs = sorted(c.name for c in await store.clubs())
    aliases = sorted({a for a, _ in await store.club_aliases()} - set(clubs))
    players = sorted(p.name for p in await store.players())
    fixed = ["Liverpool", "Real Madrid", "Bayern", "Real", "Madrid", "Manchester",
             "Livrpool", "Bayrn Munich", "Real Madird", "Barca", "Inter", "Milan", "Salah",
             "Ronaldo", "Mane", "Zzyzx United", "Juventus Turin", "Atletico", "PSG", "RMA"]

    def sample(names: list[str]) -> list[str]:
        return rng.sample(names, min(count, len(names))) if names else []
    named = sample(clubs) + sample(players)
    return {
        "exact": sample(clubs) + sample(players),
        "alias": sample(aliases) or sample(clubs),
        "word": [rng.choice(n.split()) for n in named if n.split()][:count],
        "typo": [typo(n, rng) for n in sample([c for c in clubs if len(c) >= 8])],
        "unknown": [f"Qx{rng.randrange(10**6)} Wanderers" for _ in range(max(count // 10, 5))],
        "fixed": fixed,
    }


def answer(index: NameIndex, text: str, kinds: tuple[str, ...]) -> object:
    try:
        found = index.resolve(text, kinds)
    except UnknownName as err:
        return {"error": str(err), "suggestions": list(err.suggestions)}
    return [found.kind, found.id, found.label]


def timed(fn: object, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def timed_complete(index: NameIndex, prefixes: tuple[str, ...], runs: int
                   ) -> tuple[float, float]:
    """Autocomplete p50/p99 (ms) over every prefix, clubs only, as Discord asks."""
    times = []
    for prefix in prefixes:
        for _ in range(runs):
            start = time.perf_counter()
            index.complete(prefix, ("club",), 25)
            times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


async def start_up(path: Path) -> tuple[float, float, float | None]:
    """(open + index ms, index ms, ms until the background part was ready, if any).

    The indexes of earlier runs are collected first: a real start has no such garbage, and
    the collector walking it would land in this one's build."""
    gc.collect()
    start = time.perf_counter()
    store = await Store.open(path)
    opened = time.perf_counter()
    index = NameIndex()
    await index.refresh(store)
    built = time.perf_counter()
    ready = None
    if not index.words_built:
        await index.words_ready()
        ready = (time.perf_counter() - start) * 1000
    await store.close()
    return (built - start) * 1000, (built - opened) * 1000, ready


async def measure(path: Path, label: str, runs: int, dump: dict[str, object]) -> None:
    starts = [await start_up(path) for _ in range(5)]
    total = statistics.median(s[0] for s in starts)
    build = statistics.median(s[1] for s in starts)
    readies = [s[2] for s in starts if s[2] is not None]
    ready = f", word/fuzzy part ready at {statistics.median(readies):.0f} ms" if readies else ""
    print(f"\n## {label}: {path.name}: start-up (open + name index) {total:.0f} ms, "
          f"index build {build:.0f} ms{ready} (targets: build < 200 ms, start-up < 1 s)")
    store = await Store.open(path)
    index = NameIndex()
    await index.refresh(store)
    await index.words_ready()
    cases = await inputs(store, 100)
    print(f"{'lookup':10} {'n':>4} {'p50 ms':>8} {'p99 ms':>8}")
    for kind, texts in cases.items():
        times = []
        for text in texts:
            for kinds in (("club",), ("club", "player")):
                times.append(timed(lambda t=text, k=kinds: answer(index, t, k), 3)[0])
                dump[f"{label} resolve {kinds} {text}"] = answer(index, text, kinds)
        p50, p99 = percentiles(times)
        print(f"{kind:10} {len(texts):4} {p50:8.3f} {p99:8.3f}")
    print(f"{'complete':10} {'':4} {'p50 ms':>8} {'p99 ms':>8}")
    for prefix in (*PREFIXES, *(fold(t)[:4] for t in cases["fixed"][:5])):
        for kinds in (("club",), ("player",), ("club", "player")):
            dump[f"{label} complete {kinds} {prefix!r}"] = index.complete(prefix, kinds, 25)
        p50, p99 = timed(lambda p=prefix: index.complete(p, ("club",), 25), runs)
        print(f"{prefix!r:10} {'':4} {p50:8.3f} {p99:8.3f}")
    await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("benchmarks/.data"))
    parser.add_argument("--only", default="today,50x-clubs,full")
    parser.add_argument("--runs", type=int, default=200, help="runs per autocomplete prefix")
    parser.add_argument("--dump", type=Path, help="write every answer here, to compare")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    dump: dict[str, object] = {}
    for name in args.only.split(","):
        asyncio.run(measure(database(args.dir, name), name, args.runs, dump))
    if args.dump:
        args.dump.write_text(json.dumps(dump, indent=1, sort_keys=True))
        print(f"{len(dump)} answers written to {args.dump}")


if __name__ == "__main__":
    main()
