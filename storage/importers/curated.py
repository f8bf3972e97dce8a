"""The curated club aliases (club_aliases.csv, shipped in the package): which spellings name
which club, and for a name that meant different clubs over time, in which seasons.

Columns: alias, country, canonical[, from_season, to_season]. An undated row says `alias` is
always `canonical`. Dated rows (start years, inclusive, either end open) split one name by
era: 'Aldershot' is Aldershot FC to 1991-92 and Aldershot Town from 1992-93. See CSV_FORMAT.md.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from storage.importers.common import ClubRef, MatchRecord, country_code
from storage.names import fold

# Read through importlib.resources, so an installed wheel finds it as well as a checkout.
CURATED = resources.files("storage.importers") / "club_aliases.csv"
_EXTRA = str.maketrans({"ð": "d", "Ð": "D", "þ": "th", "Þ": "Th"})


def name_key(name: str) -> str:
    """fold(), plus the Icelandic letters it drops ('Breiðablik' -> 'breidablik')."""
    return fold(name.translate(_EXTRA))


@dataclass(frozen=True, slots=True)
class Era:
    """One meaning of a dated alias: the seasons (start years, inclusive) it names `canonical`."""

    first: int | None      # None: from the beginning
    last: int | None       # None: to this day
    canonical: str

    def covers(self, season: int) -> bool:
        return (self.first is None or season >= self.first) and \
            (self.last is None or season <= self.last)


@cache
def _curated_rows() -> tuple[tuple[str, str, str, Era | None], ...]:
    """(alias, country, canonical, era or None) per row of the shipped CSV, checked."""
    rows = []
    with CURATED.open("r", encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            first, last = (_season_cell(row.get(k), n) for k in ("from_season", "to_season"))
            era = None if first is None and last is None else Era(first, last,
                                                                  row["canonical"].strip())
            rows.append((row["alias"].strip(), row["country"].strip().upper(),
                         row["canonical"].strip(), era))
    check_eras(rows)
    return tuple(rows)


def _season_cell(text: str | None, line: int) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4):
        raise ValueError(f"club_aliases.csv line {line}: season {text!r} is not a start year")
    return int(text)


def check_eras(rows: list[tuple[str, str, str, Era | None]]) -> None:
    """A dated alias has only dated rows, its eras do not overlap, and it is no club's
    canonical name (else resolving that club by its own name would hit the other era)."""
    eras: dict[tuple[str, str], list[Era]] = defaultdict(list)
    for alias, country, _canonical, era in rows:
        if era is not None:
            eras[(name_key(alias), country)].append(era)
    for alias, country, canonical, era in rows:
        key = (name_key(alias), country)
        if key in eras and era is None:
            raise ValueError(f"club_aliases.csv: {alias!r} ({country}) is dated in another row")
        if (name_key(canonical), country) in eras:
            raise ValueError(f"club_aliases.csv: {canonical!r} ({country}) is a dated alias")
    for (alias, country), spans in eras.items():
        spans.sort(key=lambda e: e.first or 0)
        for a, b in zip(spans, spans[1:], strict=False):
            if a.last is None or b.first is None or b.first <= a.last:
                raise ValueError(f"club_aliases.csv: eras of {alias!r} ({country}) overlap")


@cache
def curated_aliases() -> dict[tuple[str, str], tuple[str, str]]:
    """(folded alias, country) -> (canonical name, country), from the shipped CSV's undated
    rows; every canonical name (dated rows' too) stands for itself."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for alias, country, canonical, era in _curated_rows():
        if era is None:
            out[(name_key(alias), country)] = (canonical, country)
        out[(name_key(canonical), country)] = (canonical, country)
    return out


@cache
def dated_aliases() -> dict[tuple[str, str], tuple[Era, ...]]:
    """(folded alias, country) -> the eras of a name that meant different clubs over time."""
    out: dict[tuple[str, str], list[Era]] = defaultdict(list)
    for alias, country, _canonical, era in _curated_rows():
        if era is not None:
            out[(name_key(alias), country)].append(era)
    return {k: tuple(v) for k, v in out.items()}


def name_in_season(ref: ClubRef, season: int) -> ClubRef:
    """The ref with a dated alias replaced by its era's club ('Aldershot' in 2008 ->
    'Aldershot Town'); unchanged when the name is not dated or no era covers the season."""
    if not ref.country:
        return ref
    country = country_code(ref.country)
    for era in dated_aliases().get((name_key(ref.name), country), ()):
        if era.covers(season):
            return ClubRef(era.canonical, ref.country)
    return ref


def season_names(records: list[MatchRecord]) -> int:
    """Rewrite the dated aliases of parsed records (in place) to their era's clubs; returns
    how many club names changed. Cheap: one fold per distinct name."""
    dated = dated_aliases()
    hit: dict[tuple[str, str | None], bool] = {}
    changed = 0
    for rec in records:
        for side in ("home", "away", "tie_winner"):
            ref = getattr(rec, side)
            if ref is None or not ref.country:
                continue
            key = (ref.name, ref.country)
            if key not in hit:
                hit[key] = (name_key(ref.name), country_code(ref.country)) in dated
            if hit[key]:
                new = name_in_season(ref, rec.season)
                if new != ref:
                    setattr(rec, side, new)
                    changed += 1
    return changed


@cache
def canonical_aliases() -> dict[tuple[str, str], list[str]]:
    """(canonical, country) -> its undated curated aliases as written (short names for the
    bot); a dated alias is left out: it names another club in another era."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for alias, country, canonical, era in _curated_rows():
        if era is None:
            out[(canonical, country)].append(alias)
    return out
