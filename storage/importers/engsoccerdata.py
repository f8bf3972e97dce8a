"""engsoccerdata `champs.csv`: every European Cup / Champions League match, 1955-56 on.

Round codes (competition UCL):

| file                     | round   | stage      | notes                                     |
|--------------------------|---------|------------|-------------------------------------------|
| prelim, PrelimF          | PR      | qualifying | preliminary round (1966-67 to 1996-97)     |
| Q-1, Q-2, Q-3, Q-PO      | Q1-Q3, PO | qualifying | qualifying rounds, play-off round       |
| Round1, 1 (1973), Round2 | R1, R2  | knockout   | first and second rounds of the old cup    |
| GroupA..GroupH           | G-A..G-H| group      | group stage (1991-92 on)                  |
| GroupA-prelim..          | G-A..   | group      | first group stage, 1999-2000 to 2002-03   |
| GroupA-inter..           | G2-A..  | group      | second group stage, 1999-2000 to 2002-03  |
| R16, QF, SF, final       | R16, QF, SF, F | knockout |                                    |

Legs: '1', '2', 'replay'; groups, finals and the single 1993-94 semi-finals are 'single'; the
drawn 1974 final ('initial') is 'single' and its replay 'replay'. Finals and replays (played
at neutral grounds) are neutral. `FT` is the 90-minute score, `aet` the score after extra
time; `pens` mixes shoot-out scores with words (`away goals`, `coin toss`, `walkover`) that
go to the match note. Tie winners are computed from the scores; the file's `tiewinner` is
passed on only as the hint for ties the scores leave level.
"""

from __future__ import annotations

import csv
import io
import re

from rapidfuzz import fuzz

from storage.importers.common import (
    ClubRef,
    LineError,
    MatchRecord,
    parse_date,
    parse_score,
)

HEADER = ["Date", "Season", "round", "leg", "home", "visitor", "FT", "HT", "aet", "pens"]
SIMPLE_ROUNDS = {
    "prelim": ("PR", "qualifying"), "PrelimF": ("PR", "qualifying"),
    "Q-1": ("Q1", "qualifying"), "Q-2": ("Q2", "qualifying"), "Q-3": ("Q3", "qualifying"),
    "Q-PO": ("PO", "qualifying"), "Round1": ("R1", "knockout"), "1": ("R1", "knockout"),
    "Round2": ("R2", "knockout"), "R16": ("R16", "knockout"), "QF": ("QF", "knockout"),
    "SF": ("SF", "knockout"), "final": ("F", "knockout"),
}
LEGS = {"1": "1", "2": "2", "replay": "replay", "groups": "single", "NA": "single",
        "initial": "single"}
WORDS = {"away goals", "coin toss", "walkover"}
# The file names two clubs alike: 'Kobenhavn' is KB (to 1981) and FC København (from 1992).
SAME_NAME_LATER = {"Kobenhavn": (1992, "FC København"), "KB Kobenhavn": (1992, "FC København")}


def _club(name: str, country: str, season: int) -> ClubRef:
    name = name.strip()
    if name in SAME_NAME_LATER and season >= SAME_NAME_LATER[name][0]:
        name = SAME_NAME_LATER[name][1]
    return ClubRef(name, country.strip() or None)


def looks_like(header: list[str]) -> bool:
    return header[: len(HEADER)] == HEADER


def round_code(text: str) -> tuple[str, str]:
    if text in SIMPLE_ROUNDS:
        return SIMPLE_ROUNDS[text]
    if m := re.fullmatch(r"Group([A-H])(-prelim|-inter)?", text):
        return ("G2-" if m[2] == "-inter" else "G-") + m[1], "group"
    raise LineError(f"unknown round {text!r}")


def parse(text: str) -> list[MatchRecord]:
    """All rows of the file as match records; raises LineError (with .line) on a bad row."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not looks_like(list(reader.fieldnames)):
        raise LineError("not an engsoccerdata champs.csv header", 1)
    records = []
    for row in reader:
        try:
            records.append(_record(row, reader.line_num))
        except LineError as e:
            raise LineError(e.problem, reader.line_num) from None
        except (KeyError, AttributeError):
            raise LineError("row has too few columns", reader.line_num) from None
    return records


def _record(row: dict[str, str], line: int) -> MatchRecord:
    rnd, stage = round_code(row["round"].strip())
    leg = LEGS.get(row["leg"].strip())
    if leg is None:
        raise LineError(f"unknown leg {row['leg']!r}")
    if not re.fullmatch(r"\d{4}", row["Season"].strip()):
        raise LineError(f"bad season {row['Season']!r}")
    season = int(row["Season"])
    home = _club(row["home"], row["hcountry"], season)
    away = _club(row["visitor"], row["vcountry"], season)
    if not home.country or not away.country:
        raise LineError("missing country code")
    ft = parse_score(row["FT"])
    if ft is None:
        raise LineError("missing FT score")
    pens = row["pens"].strip()
    note = pens if pens in WORDS else None
    pen = None if note or pens == "NA" else parse_score(pens)
    winner = _club(row.get("tiewinner") or "", "", season).name
    return MatchRecord(
        line=line, competition="UCL", season=season, stage=stage, round=rnd,
        leg=leg, date=parse_date(row["Date"]), home=home, away=away,
        neutral=rnd == "F" or leg == "replay", ht=parse_score(row["HT"]), ft=ft,
        aet=parse_score(row["aet"]), pen=pen, note=note,
        tie_winner=_winner(winner, home, away) if leg in ("1", "2", "replay") else None)


def _winner(name: str, home: ClubRef, away: ClubRef) -> ClubRef | None:
    """The file's tie winner as one of the two sides ('Vorwarts Berlin' is 'ASK Vorwarts
    Berlin'); None when it names neither clearly."""
    if name in ("", "NA"):
        return None
    if name in (home.name, away.name):
        return home if name == home.name else away
    h, a = fuzz.WRatio(name, home.name), fuzz.WRatio(name, away.name)
    if max(h, a) >= 85 and abs(h - a) >= 10:
        return home if h > a else away
    return None
