"""engsoccerdata domestic files: league CSVs (england.csv, spain.csv, ...) and the English cups.

Recognised by the header and the file name (the stem names the country: `england.csv`,
`scotland.csv`; `facup.csv` and `leaguecup.csv` are the cups). Columns are read by name, as
they differ a little between countries. League rows become stage 'league', round 'L', in the
competition of the country and division (england division 3N -> ENG3N; spain tier 1 ->
ESP1). Cup rows: `round` 1..6 -> R1..R6, s/Semi-final -> SF, f/Final -> F; `tie` initial ->
single match, replay* -> replay, leg1/leg2 -> legs; `aet` yes means FT is the score after
extra time (the 90-minute score is not given); shoot-out from hp/vp; `neutral` yes.
Rows with a `nonmatch` (bye, walkover, void) record no match played and are skipped.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from storage.importers.common import ClubRef, LineError, MatchRecord, parse_date

LEAGUE_NEEDS = {"Date", "Season", "home", "visitor", "hgoal", "vgoal", "tier"}
CUP_NEEDS = {"Date", "Season", "home", "visitor", "hgoal", "vgoal", "round", "tie"}
# file stem -> (country, competition code prefix)
COUNTRIES = {
    "england": ("ENG", "ENG"), "spain": ("ESP", "ESP"), "italy": ("ITA", "ITA"),
    "germany": ("GER", "GER"), "france": ("FRA", "FRA"), "scotland": ("SCO", "SCO"),
    "holland": ("NED", "NED"), "netherlands": ("NED", "NED"), "portugal": ("POR", "POR"),
}
CUPS = {"facup": "FACUP", "leaguecup": "LEAGUECUP"}
DIVISION_SUFFIX = {"3N": "N", "3S": "S", "2North": "N", "2South": "S"}
_YEAR = re.compile(r"\d{4}")
CUP_ROUNDS = {"s": "SF", "semi": "SF", "semi-final": "SF", "f": "F", "final": "F",
              "quarter-final": "QF", "3pp": "3P", "prelim": "PR"}


def kind_of(header: list[str], path: Path) -> str | None:
    """'league' | 'cup' | None for a file that is neither."""
    cols, stem = set(header), path.stem.lower()
    if stem in CUPS and cols >= CUP_NEEDS:
        return "cup"
    if stem in COUNTRIES and cols >= LEAGUE_NEEDS:
        return "league"
    return None


def parse(text: str, path: Path) -> list[MatchRecord]:
    """The file's matches. Rows are read as `csv.DictReader` reads them (a short row's missing
    cells None; blank lines skipped), without its Python-level step per row (a fifth of
    England's parse)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, [])
    kind = kind_of(header, path)
    if kind is None:
        raise LineError(f"not an engsoccerdata league or cup file: {path.name} (expected "
                        f"{', '.join(f'{s}.csv' for s in [*COUNTRIES, *CUPS])} with their "
                        "header)", 1)
    row_to = _league_row if kind == "league" else _cup_row
    stem = path.stem.lower()
    clubs: dict[str, ClubRef] = {}
    records = []
    width = len(header)
    for values in reader:
        if not values:
            continue
        row: dict[str, str] = dict(zip(header, values, strict=False))  # extra cells: unread
        if len(values) < width:
            row.update(dict.fromkeys(header[len(values):]))   # type: ignore[arg-type]
        try:
            rec = row_to(row, reader.line_num, stem, clubs)
        except LineError as e:
            raise LineError(e.problem, reader.line_num) from None
        except (KeyError, AttributeError, TypeError):
            raise LineError("row has too few columns", reader.line_num) from None
        if rec is not None:
            records.append(rec)
    return records


def _club(name: str, country: str, clubs: dict[str, ClubRef]) -> ClubRef:
    name = name.strip()
    if not name:
        raise LineError("missing club name")
    ref = clubs.get(name)
    if ref is None:
        ref = clubs[name] = ClubRef(name, country)
    return ref


def _goals(row: dict[str, str]) -> tuple[int, int]:
    h, v = row["hgoal"].strip(), row["vgoal"].strip()
    if not (h.isdigit() and v.isdigit()):
        raise LineError(f"bad score {h!r}-{v!r}")
    return int(h), int(v)


def _season(row: dict[str, str]) -> int:
    text = row["Season"].strip()
    if not _YEAR.fullmatch(text):
        raise LineError(f"bad season {text!r}")
    return int(text)


def _league_row(row: dict[str, str], line: int, stem: str,
                clubs: dict[str, ClubRef]) -> MatchRecord:
    country, prefix = COUNTRIES[stem]
    tier = row["tier"].strip()
    if not tier.isdigit():
        raise LineError(f"bad tier {tier!r}")
    division = (row.get("division") or "").strip()
    code = prefix + tier + DIVISION_SUFFIX.get(division, "")
    group = (row.get("group") or "NA").strip()
    rnd = (row.get("round") or "league").strip()
    notes = (row.get("notes") or "NA").strip()
    return MatchRecord(
        line=line, competition=code, season=_season(row), stage="league",
        round="L" if rnd in ("league", "NA", "") else f"{rnd}-{group}"[:20],
        leg="single", date=parse_date(row["Date"]),
        home=_club(row["home"], country, clubs), away=_club(row["visitor"], country, clubs),
        ft=_goals(row), note=None if notes in ("NA", "") else notes)


def _cup_row(row: dict[str, str], line: int, stem: str,
             clubs: dict[str, ClubRef]) -> MatchRecord | None:
    if (row.get("nonmatch") or "NA").strip() not in ("NA", ""):
        return None
    raw = row["round"].strip()
    rnd = f"R{raw}" if raw.isdigit() else CUP_ROUNDS.get(raw.lower())
    if rnd is None:
        raise LineError(f"unknown round {raw!r}")
    tie = row["tie"].strip().lower()
    leg = (row.get("leg") or "0").strip()
    if tie.startswith("replay"):
        leg_code = "replay"
    elif tie in ("leg1", "leg2"):
        leg_code = tie[-1]
    elif leg in ("1", "2"):
        leg_code = leg
    else:
        leg_code = "single"
    score = _goals(row)
    aet = (row.get("aet") or "NA").strip().lower() == "yes"
    pen = None
    hp, vp = (row.get("hp") or "").strip(), (row.get("vp") or "").strip()
    if hp.isdigit() and vp.isdigit():
        pen = (int(hp), int(vp))
    elif m := re.match(r"\s*(\d+)-(\d+)", row.get("pens") or ""):
        pen = (int(m[1]), int(m[2]))
    neutral = (row.get("neutral") or "NA").strip().lower() == "yes" or (
        rnd == "F" and stem == "leaguecup")
    venue = (row.get("Venue") or "NA").strip()
    real_venue = venue not in ("NA", "") and not venue.startswith("League Cup")
    notes = (row.get("notes") or "NA").strip()
    return MatchRecord(
        line=line, competition=CUPS[stem], season=_season(row), stage="knockout", round=rnd,
        leg=leg_code, date=parse_date(row["Date"]),
        home=_club(row["home"], "ENG", clubs), away=_club(row["visitor"], "ENG", clubs),
        neutral=neutral, venue=venue if real_venue else None,
        venue_is_ground=False,  # an 1880s cup venue is no club's ground today
        ft=None if aet else score, aet=score if aet else None, pen=pen,
        note=None if notes in ("NA", "") else notes[:200])
