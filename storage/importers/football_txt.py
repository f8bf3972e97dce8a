"""Line grammar of Football.TXT (openfootball): dates, rounds, match lines, scorer lines.

Two dialects meet here. Current files: `» Round of 16`, date lines `Tue Feb/18 2020` (year
only when it changes), match lines `21.00  Liverpool FC (ENG) v Real Madrid (ESP)  2-5 (2-2)`.
Older history files: bare headers `Quarter-finals - 1st Leg`, dates `[Tue Apr/17]`, match
lines `20.45  Bayern München  2-1  Real Madrid  @ Allianz Arena, München` (no countries)
followed by scorer lines `[Ribéry 17' Gómez 90'; Özil 53']`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from storage.importers.common import GoalRecord, LineError

MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}

DATE_LINE = re.compile(
    r"^\s*\[?(?:(?P<wd>Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?\s+)?(?P<mon>[A-Z][a-z]{2})/(?P<day>\d{1,2})"
    r"(?:\s+(?P<year>\d{4}))?\]?\s*$")
SCORE = (r"(?:(?P<pen>\d+-\d+)\s+pen\.\s+)?(?P<main>\d+-\d+)(?P<aet>\s+a\.e\.t\.)?"
         r"(?:\s*\((?P<p1>\d+-\d+)?\s*(?:,\s*(?P<p2>\d+-\d+)?\s*)?\))?")
CURRENT_MATCH = re.compile(
    r"^\s*(?:(?P<time>\d{1,2}\.\d{2})\s+)?(?P<home>\S.*?)\s+\((?P<hc>[A-Z]{3})\)\s+v\s+"
    r"(?P<away>\S.*?)\s+\((?P<ac>[A-Z]{3})\)\s*(?P<rest>.*)$")
HISTORY_MATCH = re.compile(
    r"^\s*(?:(?P<time>\d{1,2}\.\d{2})\s+)?(?P<home>\S.*?)\s+(?:" + SCORE + r"|v|-)\s+"
    r"(?P<away>[^@#\[\s][^@#\[]*?)\s*(?:@\s*(?P<venue>[^#\[]+?))?\s*(?P<mark>\[[^\]]*\]|#.*)?$")
SCORE_ONLY = re.compile(r"^" + SCORE + r"\s*(?:@\s*(?P<venue>[^#\[]+?))?\s*(?P<mark>\[.*|#.*)?$")
SCORER_LINE = re.compile(r"^\s*\[(?P<body>.*)\]\s*$")
SCORER = re.compile(
    r"(?P<name>[^\d,;()\[\]]+?)\s+(?P<mins>\d+(?:\+\d+)?'(?:\s*\((?:pen|o\.g)\.\))?"
    r"(?:\s*,\s*\d+(?:\+\d+)?'(?:\s*\((?:pen|o\.g)\.\))?)*)")
MINUTE = re.compile(r"(\d+)(?:\+(\d+))?'\s*(?:\((pen|o\.g)\.\))?")

ROUND_WORDS = [  # (pattern on the folded header, round code)
    (r"^prelim\w* semi", "PR-SF"), (r"^prelim\w* final", "PR-F"),
    (r"^round of 32|^sechzehntel", "R32"), (r"^round of 16|^achtel", "R16"),
    (r"^quarter", "QF"), (r"^semi", "SF"), (r"^final$", "F"),
]


@dataclass(frozen=True, slots=True)
class Header:
    round: str
    stage: str
    leg: str | None


def parse_header(text: str, qualifying_file: bool) -> Header | None:
    """A round header ('» Group A', 'Semi-finals - 1st Leg') -> round, stage, leg."""
    t = re.sub(r"^\(\d+\)\s*", "", text.split("#")[0].strip().lstrip("»").strip()).lower()
    leg = "1" if "1st leg" in t else "2" if "2nd leg" in t else None
    t = re.sub(r"\s*[,-]?\s*(1st|2nd) leg", "", t).strip()
    t = re.sub(r"^finals, ", "", t)
    knockout = "qualifying" if qualifying_file else "knockout"
    if m := re.match(r"^(?:group|gruppe)\s+([a-l])$", t):
        return Header(f"G-{m[1].upper()}", "group", "single")
    if t.startswith("group"):
        return Header("G", "group", "single")  # 'Group, Matchday 1': the letter is not given
    if t.startswith("league"):
        return Header("LP", "league", "single")
    if m := re.match(r"^(?:qual\w*\.? )?round (\d)$|^(\d)\. round$", t):
        return Header(f"Q{m[1] or m[2]}", "qualifying", leg)
    if t.startswith(("playoff", "play-off")):
        if qualifying_file or "round" in t:
            return Header("PO", "qualifying", leg)
        return Header("KPO", "knockout", leg)
    for pattern, code in ROUND_WORDS:
        if re.search(pattern, t):
            stage = "qualifying" if code.startswith("PR") else knockout
            return Header(code, stage, "single" if code.startswith("PR") else leg)
    return None


def infer_date(m: re.Match[str], season: int, last: date | None = None) -> date:
    """The date of a date line: Sep-Dec in the start year, Jan-May in the next, Jun-Aug by
    weekday (the 2019-20 season ran into August 2020) or, without one, after the previous
    date (a June final follows May). A stated year always wins."""
    month, day = MONTHS.get(m["mon"], 0), int(m["day"])
    if not month:
        raise LineError(f"unknown month {m['mon']!r}")
    if m["year"]:
        year = int(m["year"])
    elif month >= 9:
        year = season
    elif month <= 5:
        year = season + 1
    else:
        fits = [y for y in (season, season + 1) if _weekday(y, month, day) == m["wd"]]
        if len(fits) == 1:
            year = fits[0]
        else:
            year = season + 1 if last and last.year == season + 1 else season
    try:
        return date(year, month, day)
    except ValueError:
        raise LineError(f"no such date {m['mon']}/{m['day']} {year}") from None


@dataclass
class Cursor:
    """Where a Football.TXT file's reading stands: its season, the last date line (the year
    of the next one follows it) and the kick-off time later match lines share."""

    season: int | None
    last: date | None = None
    day: str | None = None
    time: str | None = None


def read_common(line: str, cur: Cursor, no_season: str) -> bool:
    """Blank and comment lines, a title line (it may give the season) and a date line, the
    same in every dialect: True when `line` was one of them (`cur` moves on)."""
    if not line.strip() or line.lstrip().startswith("#"):
        return True
    if line.startswith("="):
        if sm := re.search(r"(\d{4})/(\d{2})", line):
            cur.season = int(sm[1])
        return True
    if cur.season is None:
        raise LineError(no_season)
    if dm := DATE_LINE.match(line):
        cur.last = infer_date(dm, cur.season, cur.last)
        cur.day, cur.time = cur.last.isoformat(), None
        return True
    return False


def _weekday(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).strftime("%a")
    except ValueError:
        return None


def _pair(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    a, b = text.split("-")
    return int(a), int(b)


def parse_score(m: re.Match[str]) -> dict[str, tuple[int, int] | None]:
    """ft/ht/aet/pen of a matched SCORE: with a.e.t. the brackets hold (90 min, half time)."""
    main, p1, p2 = _pair(m["main"]), _pair(m["p1"]), _pair(m["p2"])
    if m["aet"] or m["pen"]:
        return {"aet": main, "ft": p1, "ht": p2, "pen": _pair(m["pen"])}
    return {"ft": main, "ht": p1, "aet": None, "pen": None}


def parse_scorers(body: str) -> list[GoalRecord]:
    """'Salah 36', 45+1' Mané 56'; Džeko 81' Perotti 85' (pen.)' -> goals, home part first."""
    parts = body.split(";")
    if len(parts) > 2:
        raise LineError(f"scorer line has {len(parts) - 1} ';' (expected at most one)")
    goals: list[GoalRecord] = []
    for side, part in zip(("home", "away"), parts, strict=False):
        part = part.strip()
        if part in ("", "-"):
            continue
        pos = 0
        for sm in SCORER.finditer(part):
            if part[pos:sm.start()].strip(" ,"):
                raise LineError(f"cannot read scorers near {part[pos:sm.start()]!r}")
            pos = sm.end()
            name = " ".join(sm["name"].split())
            for mm in MINUTE.finditer(sm["mins"]):
                goals.append(GoalRecord(side, name, int(mm[1]), int(mm[2]) if mm[2] else None,
                                        penalty=mm[3] == "pen", own_goal=mm[3] == "o.g"))
        if part[pos:].strip(" ,"):
            raise LineError(f"cannot read scorers near {part[pos:]!r}")
    return goals
