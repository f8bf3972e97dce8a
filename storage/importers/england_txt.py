"""openfootball England Football.TXT: league files (`1-premierleague.txt` .. `5-nationalleague.txt`)
and the cups (`facup.txt`, `eflcup.txt`).

Both dialects of the repo: `» Matchday 1` / `Matchday 1` / `» 26. Round` headers, date lines
`Fri Aug/16 2024` or `[Sat Aug/3]`, match lines `20.00  Liverpool FC  v Brentford FC  2-0 (1-0)`
or `Chorley FC  0-0  Bromley FC`. The files carry no countries: the competition gives ENG.
League matches are stage 'league', round 'L'; a `== Playoffs` / `== Finals` section or a
`Semifinals` / `Final` header in a league file are its play-offs (stage knockout, the final
neutral). Cups: `Round N` -> RN, `Round of 16` -> R5 (FA Cup) / R4 (EFL Cup), QF, SF, F; a
second match of the same pair in a round is a replay, except the two-legged EFL Cup
semi-finals; the FA Cup semi-finals and both finals are neutral (Wembley). Kick-off times
are UK local time. A match without a score is a scheduled fixture (a later import with the
score completes it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from storage.importers.common import ClubRef, LineError, MatchRecord, kickoff_utc
from storage.importers.football_txt import HISTORY_MATCH, SCORE, Cursor, parse_score, read_common

TIMEZONE = "Europe/London"
FILE_NAME = re.compile(r"^(?:([1-5])-\w+|(facup|eflcup))\.txt$")
CUP_CODES = {"facup": "FACUP", "eflcup": "LEAGUECUP"}
V_MATCH = re.compile(
    r"^\s*(?:(?P<time>\d{1,2}[.:]\d{2})\s+)?(?P<home>\S.*?)\s+v\s+(?P<away>\S.*?)"
    r"(?:\s+" + SCORE + r")?\s*(?:@\s*(?P<venue>[^#\[]+?))?\s*(?P<mark>\[[^\]]*\]|#.*)?\s*$")
# EFL Cup ties level after 90 minutes go straight to penalties: `4-2 pen. (1-1, 0-0)` is the
# shoot-out, then the 90-minute and half-time scores (no main score, no a.e.t.).
SHOOTOUT = re.compile(r"\s+(?P<pen>\d+)-(?P<pen2>\d+)\s+pen\.\s+\((?P<ft>\d+)-(?P<ft2>\d+)"
                      r"(?:,\s*(?P<ht>\d+)-(?P<ht2>\d+))?\)\s*$")
KNOCKOUT_WORDS = (("quarter", "QF"), ("semi", "SF"), ("final", "F"), ("eliminat", "R1"))


def is_match_file(path: Path) -> bool:
    return bool(FILE_NAME.match(path.name)) and re.fullmatch(r"\d{4}-\d{2}", path.parent.name) \
        is not None


def parse(text: str, path: Path) -> list[MatchRecord]:
    """The file's matches; raises LineError with the line number."""
    m = FILE_NAME.match(path.name)
    if not m:
        raise LineError(f"not an openfootball England file name: {path.name}", 1)
    code = f"ENG{m[1]}" if m[1] else CUP_CODES[m[2]]
    is_cup = not m[1]
    season = int(path.parent.name[:4]) if re.fullmatch(r"\d{4}-\d{2}", path.parent.name) \
        else None
    stage, rnd = ("knockout", "R1") if is_cup else ("league", "L")
    cur = Cursor(season)
    records: list[MatchRecord] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        try:
            if line.startswith("=="):
                if not is_cup and not re.search(r"regular", line, re.I):
                    stage, rnd = "knockout", "PO"
                continue
            if read_common(line, cur, "no season: expected a folder like 2024-25 or a title "
                                      "line"):
                continue
            if not line[0].isspace():
                stage, rnd = _header(line, is_cup, code, stage)
                continue
            if cur.day is None or cur.season is None:
                raise LineError("match line before any date")
            rec, cur.time = _match(line, number, code, cur.season, stage, rnd, cur.day,
                                   cur.time)
            records.append(rec)
        except LineError as e:
            raise LineError(e.problem, number) from None
    _legs(records, code)
    return records


def _header(line: str, is_cup: bool, code: str, stage: str) -> tuple[str, str]:
    t = line.lstrip("»").strip().lower()
    if "|" in t:
        t = t.split("|")[0].strip()
    if re.search(r"matchday \d+|^\d+\. round$", t) and not is_cup:
        if stage == "knockout" and "regular" not in t:
            return "knockout", "PO"   # play-offs by matchday: rounds from the pairs below
        return "league", "L"
    if is_cup:
        if m := re.fullmatch(r"round (\d)", t):
            return "knockout", f"R{m[1]}"
        if t == "round of 16":
            return "knockout", "R5" if code == "FACUP" else "R4"
    for word, rnd in KNOCKOUT_WORDS:
        if word in t.split(",")[-1]:
            return "knockout", rnd
    raise LineError(f"unknown round header {line.strip()!r}")


def _match(line: str, number: int, code: str, season: int, stage: str, rnd: str, day: str,
           time: str | None) -> tuple[MatchRecord, str | None]:
    shootout = SHOOTOUT.search(line)
    if shootout:
        line = line[:shootout.start()]
    m = V_MATCH.match(line) or HISTORY_MATCH.match(line)
    if not m:
        raise LineError(f"cannot read match line {line.strip()!r}")
    score = parse_score(m) if m["main"] else _shootout(shootout) if shootout else None
    time = m["time"] or time
    word = (m["mark"] or "").strip("[]# ").lower()
    status = "played" if score else word if word in ("cancelled", "postponed") else "scheduled"
    neutral = rnd == "F" or (code == "FACUP" and rnd == "SF")
    venue = m["venue"].strip() if m["venue"] else None
    rec = MatchRecord(
        line=number, competition=code, season=season, stage=stage, round=rnd,
        leg="single" if stage == "league" else None, date=day,
        home=ClubRef(m["home"].strip(), "ENG"), away=ClubRef(m["away"].strip(), "ENG"),
        kickoff_utc=kickoff_utc(day, time, TIMEZONE) if time else None,
        neutral=neutral, venue=venue, status=status,
        note="awarded" if word == "awarded" else None, **(score or {}))
    return rec, time


def _shootout(m: re.Match[str]) -> dict[str, tuple[int, int] | None]:
    ht = (int(m["ht"]), int(m["ht2"])) if m["ht"] else None
    return {"ft": (int(m["ft"]), int(m["ft2"])), "ht": ht, "aet": None,
            "pen": (int(m["pen"]), int(m["pen2"]))}


def _legs(records: list[MatchRecord], code: str) -> None:
    """Knockout meetings of one pair in one round: two legs (EFL Cup semi-finals, league
    play-off semi-finals) or a first match and its replays."""
    ties: dict[tuple, list[MatchRecord]] = defaultdict(list)
    for rec in records:
        if rec.leg is None:
            ties[(rec.stage, rec.round, frozenset((rec.home.name, rec.away.name)))].append(rec)
    for (_stage, rnd, _pair), legs in ties.items():
        legs.sort(key=lambda r: r.date)
        if rnd == "PO":
            for rec in legs:
                rec.round, rec.neutral = ("SF", False) if len(legs) == 2 else ("F", True)
            rnd = legs[0].round
        two_legged = rnd == "SF" and (code == "LEAGUECUP" or code.startswith("ENG")
                                      and code not in CUP_CODES.values())
        if two_legged and len(legs) == 2:
            legs[0].leg, legs[1].leg = "1", "2"
            continue
        legs[0].leg = "single"
        for rec in legs[1:]:
            rec.leg = "replay"
