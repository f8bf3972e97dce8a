"""Our own CSV format (matches, goals, appearances), detected by the header row.

The format is specified in CSV_FORMAT.md beside this file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from storage.importers.common import (
    ClubRef,
    GoalRecord,
    LineError,
    MatchRecord,
    kickoff_utc,
    parse_date,
    parse_minute,
    parse_score,
    parse_season,
)

MATCHES = [
    "competition", "season", "stage", "round", "leg", "date", "kickoff", "timezone", "home",
    "home_country", "away", "away_country", "score", "ht", "aet", "pens", "venue", "neutral",
    "status",
]
GOALS = ["date", "home", "away", "team", "player", "minute", "type", "assist"]
APPEARANCES = ["date", "home", "away", "team", "player", "started", "on", "off"]
KINDS = {"matches": MATCHES, "goals": GOALS, "appearances": APPEARANCES}
STAGES = {"qualifying", "group", "league", "knockout"}
LEGS = {"1", "2", "single", "replay"}
STATUSES = {"played", "scheduled", "postponed", "cancelled"}
YES_NO = {"yes": True, "no": False, "": None}


@dataclass(frozen=True, slots=True)
class MatchKey:
    """A match named by a goals or appearances row: date and the two clubs (no country)."""

    line: int
    date: str
    home: ClubRef
    away: ClubRef
    team: ClubRef


@dataclass(frozen=True, slots=True)
class AppearanceRow:
    key: MatchKey
    player: str
    started: bool
    minute_on: int | None
    minute_off: int | None


def detect(header: list[str]) -> str | None:
    """'matches' | 'goals' | 'appearances' from the header row, or None."""
    cleaned = [h.strip().lower() for h in header]
    return next((kind for kind, cols in KINDS.items() if cleaned == cols), None)


def read(text: str) -> tuple[str, list]:
    """(kind, parsed rows); raises LineError with the line number."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    kind = detect(rows[0]) if rows else None
    if kind is None:
        raise LineError("unknown header: expected the matches, goals or appearances columns "
                        "(see CSV_FORMAT.md)", 1)
    parse = {"matches": _match, "goals": _goal, "appearances": _appearance}[kind]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(KINDS[kind]):
            raise LineError(f"{len(values)} columns, expected {len(KINDS[kind])}", number)
        row = {k: v.strip() for k, v in zip(KINDS[kind], values, strict=True)}
        try:
            out.append(parse(row, number))
        except LineError as e:
            raise LineError(e.problem, number) from None
    return kind, out


def _choice(value: str, allowed: set[str], what: str, default: str | None = None) -> str:
    value = value.lower() or (default or "")
    if value not in allowed:
        raise LineError(f"bad {what} {value!r} (expected one of {', '.join(sorted(allowed))})")
    return value


def _required(row: dict[str, str], *names: str) -> None:
    for name in names:
        if not row[name]:
            raise LineError(f"missing {name}")


def _match(row: dict[str, str], line: int) -> MatchRecord:
    _required(row, "competition", "season", "stage", "round", "leg", "date", "home", "away",
              "home_country", "away_country")
    day = parse_date(row["date"])
    ft = parse_score(row["score"])
    status = _choice(row["status"], STATUSES, "status", "played" if ft else "scheduled")
    if status == "played" and ft is None:
        raise LineError("status played needs a score")
    neutral = YES_NO.get(row["neutral"].lower(), "bad")
    if neutral == "bad":
        raise LineError(f"bad neutral {row['neutral']!r} (expected yes or no)")
    kickoff = kickoff_utc(day, row["kickoff"], row["timezone"] or "UTC") if row["kickoff"] \
        else None
    return MatchRecord(
        line=line, competition=row["competition"].upper(), season=parse_season(row["season"]),
        stage=_choice(row["stage"], STAGES, "stage"), round=row["round"].upper(),
        leg=_choice(row["leg"], LEGS, "leg"), date=day,
        home=ClubRef(row["home"], row["home_country"]),
        away=ClubRef(row["away"], row["away_country"]), kickoff_utc=kickoff,
        neutral=bool(neutral), venue=row["venue"] or None,
        venue_is_ground=bool(row["venue"]) and not neutral, status=status,
        ht=parse_score(row["ht"]), ft=ft, aet=parse_score(row["aet"]),
        pen=parse_score(row["pens"]))


def _key(row: dict[str, str], line: int) -> MatchKey:
    _required(row, "date", "home", "away", "team", "player")
    return MatchKey(line, parse_date(row["date"]), ClubRef(row["home"], None),
                    ClubRef(row["away"], None), ClubRef(row["team"], None))


def _goal(row: dict[str, str], line: int) -> tuple[MatchKey, GoalRecord]:
    key = _key(row, line)
    _required(row, "minute")
    minute, stoppage = parse_minute(row["minute"])
    kind = _choice(row["type"], {"", "pen", "og"}, "type")
    goal = GoalRecord("?", row["player"], minute, stoppage, penalty=kind == "pen",
                      own_goal=kind == "og", assist=row["assist"] or None)
    return key, goal


def _appearance(row: dict[str, str], line: int) -> AppearanceRow:
    key = _key(row, line)
    started = YES_NO.get(row["started"].lower())
    if started is None:
        raise LineError(f"bad started {row['started']!r} (expected yes or no)")
    on = parse_minute(row["on"])[0] if row["on"] else None
    off = parse_minute(row["off"])[0] if row["off"] else None
    return AppearanceRow(key, row["player"], started, on, off)
