"""openfootball Football.TXT files: cl/el/conf (+q) and the older `_history_6d3ffae` files.

Competition from the file name: cl* -> UCL, el* -> UEL, conf* -> UECL; `clq`, `elq`, `confq`,
`cl_quali`, `cl_round1..3` and `cl_playoffs` are qualifying. Rounds: Q1-Q3, PO (qualifying
play-off), PR-SF / PR-F (preliminary round semi-final and final), G-A..G-L (or G when a file
gives no group letter), LP (league phase), KPO (knockout round play-off), R32, R16, QF, SF, F.
Legs: a header's '1st Leg'/'2nd Leg' when given; otherwise the matches of a knockout pairing
are ordered by date (one match: 'single'). Kick-off times are Central European local times
(the files say so): stored in UTC via Europe/Paris. Finals and the Lisbon mini-tournament
(2019-20 QF, SF and final, August 2020) are neutral. The files give no venues for the
COVID-era relocated games (2020-21), so those cannot be detected from this data. History
files carry no countries: their clubs resolve against known clubs (see resolve.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from storage.importers.common import (
    ClubRef,
    LineError,
    MatchRecord,
    kickoff_utc,
    pair_key,
    pair_legs,
)
from storage.importers.football_txt import (
    CURRENT_MATCH,
    HISTORY_MATCH,
    SCORER_LINE,
    Cursor,
    Header,
    parse_header,
    parse_score,
    parse_scorers,
    read_common,
)

TIMEZONE = "Europe/Paris"
FILE_NAME = re.compile(r"^(cl|el|conf)(q)?(?:_(\w+))?\.txt$")
COMPETITION = {"cl": "UCL", "el": "UEL", "conf": "UECL"}
QUALIFYING_PARTS = ("quali", "round1", "round2", "round3", "playoffs")


def is_match_file(path: Path) -> bool:
    return bool(FILE_NAME.match(path.name)) and "squads" not in path.parts


def parse(text: str, path: Path) -> list[MatchRecord]:
    """The file's matches; raises LineError with the line number."""
    m = FILE_NAME.match(path.name)
    if not m:
        raise LineError(f"not a Football.TXT match file name: {path.name}", 1)
    code = COMPETITION[m[1]]
    qualifying = bool(m[2]) or (m[3] or "").startswith(QUALIFYING_PARTS)
    season = _season_from_path(path)
    header: Header | None = None
    cur = Cursor(season)
    records: list[MatchRecord] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        try:
            if read_common(line, cur, "no season: expected a title line like '= ... 2020/21'"):
                continue
            if sm := SCORER_LINE.match(line):
                if not records or records[-1].goals is not None:
                    raise LineError("scorer line without a match before it")
                records[-1].goals = _checked(parse_scorers(sm["body"]), records[-1])
                continue
            if line.startswith("»") or not line[0].isspace():
                if "|" in line:  # 'Group A | clubs', 'Matchday 1 | dates': summaries only
                    continue
                header = parse_header(line, qualifying)
                if header is None:
                    raise LineError(f"unknown round header {line.strip()!r}")
                continue
            if header is None or cur.day is None or cur.season is None:
                raise LineError("match line before any round header or date")
            rec, cur.time = _match(line, number, code, cur.season, header, cur.day, cur.time)
            records.append(rec)
        except LineError as e:
            raise LineError(e.problem, number) from None
    _pair_legs(records)
    return records


def _season_from_path(path: Path) -> int | None:
    m = re.fullmatch(r"(\d{4})-\d{2}", path.parent.name)
    return int(m[1]) if m else None


def _match(line: str, number: int, code: str, season: int, header: Header, day: str,
           time: str | None) -> tuple[MatchRecord, str | None]:
    """One match line; also returns its kick-off time, which later lines without one share."""
    if m := CURRENT_MATCH.match(line):
        home, away = ClubRef(m["home"], m["hc"]), ClubRef(m["away"], m["ac"])
        rest = m["rest"].strip()
        venue = mark = None
        score = None
        if rest and not rest.startswith("["):
            sm = re.match(r"^" + _SCORE_REST, rest)
            if not sm:
                raise LineError(f"cannot read score {rest!r}")
            score, venue, mark = parse_score(sm), sm["venue"], sm["mark"]
        elif rest:
            mark = rest
    elif m := HISTORY_MATCH.match(line):
        home, away = ClubRef(m["home"], None), ClubRef(m["away"].strip(), None)
        score = parse_score(m) if m["main"] else None
        venue, mark = m["venue"], m["mark"]
    else:
        raise LineError(f"cannot read match line {line.strip()!r}")
    time = m["time"] or time
    lisbon = code == "UCL" and season == 2019 and header.round in ("QF", "SF", "F") \
        and day >= "2020-08-12"
    neutral = header.round == "F" or lisbon
    word = (mark or "").strip("[]# ").lower()
    status = "played" if score else word if word in ("cancelled", "postponed") else "scheduled"
    rec = MatchRecord(
        line=number, competition=code, season=season, stage=header.stage,
        round=header.round, leg=header.leg, date=day, home=home, away=away,
        kickoff_utc=kickoff_utc(day, time, TIMEZONE) if time else None, neutral=neutral,
        venue=venue.strip() if venue else None, venue_is_ground=not neutral and not mark,
        status=status, note="awarded" if word == "awarded" else None, **(score or {}))
    return rec, time


_SCORE_REST = (r"(?:(?P<pen>\d+-\d+)\s+pen\.\s+)?(?P<main>\d+-\d+)(?P<aet>\s+a\.e\.t\.)?"
               r"(?:\s*\((?P<p1>\d+-\d+)?\s*(?:,\s*(?P<p2>\d+-\d+)?\s*)?\))?"
               r"\s*(?:@\s*(?P<venue>[^#\[]+?))?\s*(?P<mark>\[.*|#.*)?$")


def _checked(goals: list, rec: MatchRecord) -> list:
    """Scorers must not outnumber the final score (extra time included)."""
    final = rec.aet or rec.ft
    if final:
        for i, side in enumerate(("home", "away")):
            if sum(g.side == side for g in goals) > final[i]:
                raise LineError(f"more {side} scorers than {side} goals ({final[i]})")
    return goals


def _pair_legs(records: list[MatchRecord]) -> None:
    """Legs of knockout pairings that the headers did not number: ordered by date."""
    unnumbered = [rec for rec in records if rec.leg is None]
    for legs in pair_legs(unnumbered, key=lambda r: pair_key(r.round, r.home.name, r.away.name),
                          when=lambda r: r.date):
        if len(legs) == 1:
            legs[0].leg = "single"
        elif len(legs) == 2:
            legs[0].leg, legs[1].leg = "1", "2"
        else:
            raise LineError(f"{len(legs)} matches between the same clubs in one round",
                            legs[2].line)
