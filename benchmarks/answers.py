"""Dump the full reply (text and data) of many commands on a database, to compare two versions.

Speed work must change no answer: run this with the old and the new code on the same database
and diff the two files.

Run: .venv/bin/python benchmarks/answers.py DB OUT.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

from bot.core import Core
from storage import Store

CLUBS = ("Liverpool", "Real Madrid", "Bayern", "Barcelona", "AC Milan", "Juventus", "Ajax",
         "Celtic", "Atalanta", "Porto", "Benfica", "Manchester United")
AS_OFS: tuple[date | None, ...] = (None, date(2021, 4, 10), date(2005, 5, 1))
TEMPLATES = (
    "streak {a}", "streak {a} kind:scoring competition:cl stage:knockout",
    "streak {a} kind:unbeaten venue:home", "streak {a} kind:winning since:2000",
    "streak {a} kind:clean competition:ec stage:group", "record {a} kind:ties",
    "record {a} kind:home competition:cl", "record {a} kind:away", "record {a}",
    "record {a} kind:ties first_leg:lost", "honours {a}", "honours {a} competition:cl",
    "form {a}", "form {a} n:10 competition:cl", "form {a} n:50 stage:qualifying",
    "fixtures {a}", "needs {a}", "h2h {a} v {b}", "h2h {a} v {b} venue:away",
    "tie {a} v {b}", "facts {a} v {b}", "honours {a} v {b}",
)
PLAYERS = ("Salah", "Ronaldo", "Messi", "Benzema", "Lewandowski", "Mbappe")
EXTRA = ("honours", "fixtures", "how have Real done after winning the first leg by 2",
         "streak {p} competition:cl", "streak {p} kind:assists", "player {p}",
         "player {p} stage:knockout", "player {p} on:2018-04-24")


# --domestic (a database with the leagues and cups imported): the league questions too
ENGLISH = ("Liverpool", "Everton", "Arsenal", "Manchester United", "Tottenham", "Aston Villa")
DOMESTIC = ("h2h {a} v {b} competition:league", "h2h {a} v {b} competition:facup",
            "streak {a} competition:league", "streak {a} kind:unbeaten competition:eng1",
            "record {a} kind:home competition:league", "record {a} kind:away competition:eng1",
            "form {a} competition:league n:10", "honours {a} competition:facup",
            "facts {a} v {b}")


def commands(domestic: bool = False) -> list[str]:
    out = []
    if domestic:
        for i, a in enumerate(ENGLISH):
            b = ENGLISH[(i + 1) % len(ENGLISH)]
            out += [t.format(a=a, b=b) for t in DOMESTIC]
    for i, a in enumerate(CLUBS):
        b = CLUBS[(i + 1) % len(CLUBS)]
        out += [t.format(a=a, b=b) for t in TEMPLATES]
    for p in PLAYERS:
        out += [t.format(p=p) for t in EXTRA]
    return list(dict.fromkeys(out))


async def dump(db: Path, domestic: bool = False) -> dict[str, object]:
    store = await Store.open(db)
    core = Core(store, now=lambda: datetime(2026, 11, 21, 12, tzinfo=UTC))
    out: dict[str, object] = {}
    for as_of in AS_OFS:
        for text in commands(domestic):
            reply = await core.ask(text, as_of=as_of)
            out[f"{text} @ {as_of}"] = asdict(reply)
    await store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--domestic", action="store_true", help="the league questions too")
    args = parser.parse_args()
    answers = asyncio.run(dump(args.db, args.domestic))
    args.out.write_text(json.dumps(answers, indent=1, sort_keys=True, default=str))
    print(f"{len(answers)} answers written to {args.out}")


if __name__ == "__main__":
    main()
