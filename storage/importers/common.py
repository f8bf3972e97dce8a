"""Shared pieces of the importers: errors, the summary, parsed records, score parsing."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

T = TypeVar("T")
Progress = Callable[[int], object]
OnFile = Callable[[Path, "ImportSummary"], Awaitable[None]]
"""Called with the number of records just handled (a tqdm bar's `update` fits)."""


class BadImportFile(Exception):
    """A file the importer cannot read; nothing of it was written."""

    def __init__(self, path: Path | str, line: int, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        super().__init__(f"{self.path}:{line}: {problem}")


class LineError(ValueError):
    """A parse problem; the caller adds the file (and the line, when the parser could not)."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


@dataclass
class ImportSummary:
    """What an import did, counted over all its files."""

    files: int = 0
    matches_added: int = 0
    matches_updated: int = 0
    matches_unchanged: int = 0
    goals_added: int = 0
    appearances_added: int = 0
    clubs_added: int = 0
    players_added: int = 0
    skipped: list[str] = field(default_factory=list)

    def add(self, other: ImportSummary) -> None:
        """Fold one committed file's counts into the total."""
        for name in ("files", "matches_added", "matches_updated", "matches_unchanged",
                     "goals_added", "appearances_added", "clubs_added", "players_added"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped += other.skipped

    def summary(self) -> str:
        """One line for a log or a CLI."""
        text = (
            f"{_count(self.files, 'file')}: {_count(self.matches_added, 'match', 'matches')} "
            f"added, {self.matches_updated} updated, {self.matches_unchanged} unchanged; "
            f"{_count(self.goals_added, 'goal')}, "
            f"{_count(self.appearances_added, 'appearance')}, "
            f"{_count(self.clubs_added, 'new club')}, {_count(self.players_added, 'new player')}"
        )
        return text + (f"; {len(self.skipped)} skipped" if self.skipped else "")


@dataclass(frozen=True, slots=True)
class ClubRef:
    """A club as a file names it; `country` is None when the file gives none."""

    name: str
    country: str | None


@dataclass(frozen=True, slots=True)
class GoalRecord:
    side: str                  # 'home' | 'away': the side credited with the goal
    player: str | None
    minute: int | None
    stoppage: int | None = None
    penalty: bool = False
    own_goal: bool = False
    assist: str | None = None


@dataclass(slots=True)
class MatchRecord:
    """One parsed match, before clubs are resolved: what every importer produces."""

    line: int
    competition: str
    season: int                # start year
    stage: str
    round: str
    leg: str | None            # None: pair the knockout legs by date after parsing
    date: str
    home: ClubRef
    away: ClubRef
    kickoff_utc: str | None = None
    neutral: bool = False
    venue: str | None = None
    venue_is_ground: bool = False  # the venue may be stored as the home club's ground
    status: str = "played"
    ht: tuple[int, int] | None = None
    ft: tuple[int, int] | None = None
    aet: tuple[int, int] | None = None
    pen: tuple[int, int] | None = None
    note: str | None = None
    goals: list[GoalRecord] | None = None  # None: the file says nothing about goals
    tie_winner: ClubRef | None = None      # a source's word, used only for level ties


COMPETITIONS: dict[str, tuple[str, int | None]] = {
    "UCL": ("European Cup / Champions League", 1992),
    "UEL": ("UEFA Cup / Europa League", 2009),
    "UECL": ("Conference League", 2021),
}

COUNTRY_ALIASES = {"MCO": "FRA"}  # Monaco plays in the French league; engsoccerdata says FRA

_SCORE = re.compile(r"^\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*$")


def pair_key(round_: str, home: object, away: object) -> tuple:
    """What makes two matches legs of one tie: the same round between the same two clubs."""
    return (round_, frozenset((home, away)))


def pair_legs(items: Iterable[T], key: Callable[[T], object],
              when: Callable[[T], str]) -> list[list[T]]:
    """Matches grouped by `key` (see pair_key), each group in date order: a group of two is
    a tie's first and second leg, a group of one a single match. Shared by the importers
    and the live feed so that both pair legs alike."""
    groups: dict[object, list[T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return [sorted(g, key=when) for g in groups.values()]


def country_code(code: str) -> str:
    code = code.strip().upper()
    return COUNTRY_ALIASES.get(code, code)


def parse_score(text: str | None) -> tuple[int, int] | None:
    """'2-1' -> (2, 1); '' / 'NA' -> None; anything else raises LineError."""
    if text is None or text.strip() in ("", "NA"):
        return None
    m = _SCORE.match(text)
    if not m:
        raise LineError(f"bad score {text.strip()!r} (expected like 2-1)")
    return int(m[1]), int(m[2])


def parse_season(text: str) -> int:
    """'2020-21' or '2020/21' -> 2020."""
    m = re.fullmatch(r"\s*(\d{4})[-/](\d{2})\s*", text)
    if not m or (int(m[1]) + 1) % 100 != int(m[2]):
        raise LineError(f"bad season {text.strip()!r} (expected like 2020-21)")
    return int(m[1])


def parse_date(text: str) -> str:
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise LineError(f"bad date {text.strip()!r} (expected YYYY-MM-DD)") from None


def kickoff_utc(day: str, hhmm: str, tz: str) -> str:
    """Local date and 'HH:MM' (or 'HH.MM') in IANA zone `tz` -> ISO 8601 UTC."""
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise LineError(f"unknown timezone {tz!r}") from None
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", hhmm.strip())
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise LineError(f"bad kick-off time {hhmm!r} (expected HH:MM)")
    local = datetime.fromisoformat(f"{day}T{int(m[1]):02d}:{m[2]}").replace(tzinfo=zone)
    return local.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_minute(text: str) -> tuple[int, int | None]:
    """"45+2" -> (45, 2); "90" -> (90, None)."""
    m = re.fullmatch(r"\s*(\d{1,3})(?:\s*\+\s*(\d{1,2}))?\s*'?\s*", text)
    if not m:
        raise LineError(f"bad minute {text!r} (expected like 45+2)")
    return int(m[1]), int(m[2]) if m[2] else None


def season_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


KINDS = ("engsoccerdata", "openfootball", "csv")


def expand(kind: str, paths: list[Path]) -> list[Path]:
    """Files to import: folders walked recursively in sorted order (older history files after
    the current ones, CSV matches before goals before appearances); named files as given."""
    from storage.importers import csvfile, england_txt, openfootball

    out: list[Path] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        found = sorted(p for p in path.rglob("*") if p.is_file())
        if kind == "openfootball":
            out += [p for p in found
                    if openfootball.is_match_file(p) or england_txt.is_match_file(p)]
        else:
            out += [p for p in found if p.suffix.lower() == ".csv"]
    if kind == "csv":
        rank = {"matches": 0, "goals": 1, "appearances": 2}

        def order(p: Path) -> int:
            try:
                with p.open(encoding="utf-8-sig") as f:
                    return rank.get(csvfile.detect(f.readline().strip().split(",")) or "", 3)
            except OSError:
                return 3
        out.sort(key=order)  # stable: the sorted path order holds within each kind
    return out


async def import_files(store, kind: str, paths: list[Path],  # noqa: ANN001 - Store
                       progress: Progress | None = None,
                       on_file: OnFile | None = None) -> ImportSummary:
    """Import files of one kind; each file is one transaction, parsed in full before writing.

    Raises BadImportFile for a malformed file: nothing of that file is written (files before
    it stay imported). `on_file(path, summary)` runs inside each file's transaction, so a
    caller's own record of the import (the admin audit log) commits with it or not at all.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r} (expected one of {', '.join(KINDS)})")
    total = ImportSummary()
    try:
        await _import_each(store, kind, paths, total, progress, on_file)
    finally:
        if total.files:
            await store.after_import()   # planner statistics; the name index rebuilds
    return total


async def _import_each(store, kind: str, paths: list[Path],  # noqa: ANN001 - Store
                       total: ImportSummary, progress: Progress | None,
                       on_file: OnFile | None) -> None:
    from storage.importers import (
        csvfile,
        csvwrite,
        domestic_csv,
        england_txt,
        engsoccerdata,
        openfootball,
    )
    from storage.importers.bulk import BulkWriter
    from storage.importers.curated import season_names
    from storage.importers.resolve import ClubResolver
    from storage.importers.writer import Writer

    # one strict resolver for the run's bulk files and one for its other files, each loaded
    # once (every club and alias) and kept while the change logs say nothing else was
    # written since its last file: any other write (or a file rolled back) reloads it
    shared: tuple[ClubResolver, tuple[int, int]] | None = None
    other: tuple[ClubResolver, tuple[int, int]] | None = None
    for n, path in enumerate(expand(kind, [Path(p) for p in paths])):
        if n:
            await store.let_writers_in()   # a waiting admin write goes before the next file
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise BadImportFile(path, 0, f"cannot read the file: {e}") from None
        try:
            if kind == "engsoccerdata" and not engsoccerdata.looks_like(_header(text)):
                parsed: tuple[str, list] = ("bulk", domestic_csv.parse(text, path))
            elif kind == "engsoccerdata":
                parsed = ("matches", engsoccerdata.parse(text))
            elif kind == "openfootball" and england_txt.is_match_file(path):
                parsed = ("bulk", england_txt.parse(text, path))
            elif kind == "openfootball":
                parsed = ("matches", openfootball.parse(text, path))
            else:
                parsed = csvfile.read(text)
        except LineError as e:
            raise BadImportFile(path, e.line or 0, e.problem) from None
        one = ImportSummary(files=1)
        what, rows = parsed
        if what in ("bulk", "matches"):
            season_names(rows)   # a name that meant another club in another era (Aldershot)
        if what == "bulk":
            async with store.transaction():
                if shared is None or shared[1] != await _log_position(store):
                    shared = (await ClubResolver(store, strict=True).load(), ())
                clubs, shared = shared[0], None      # kept only if this file commits
                await BulkWriter(store, one, path, source=f"{kind}:{path.name}",
                                 clubs=clubs).write_all(rows)
                if on_file is not None:
                    await on_file(path, one)
                position = await _log_position(store)
            shared = (clubs, position)
            total.add(one)
            if progress is not None:
                progress(len(rows))
            continue
        async with store.transaction():
            supplement = what == "matches" and all(r.home.country is None for r in rows)
            if other is None or other[1] != await _log_position(store):
                other = (await ClubResolver(store).load(), ())
            clubs, other = other[0], None            # kept only if this file commits
            writer = await Writer(store, one, path, source=f"{kind}:{path.name}",
                                  fill_only=supplement, clubs=clubs).load()
            try:
                if what == "matches":
                    for rec in rows:
                        await writer.write(rec)
                elif what == "goals":
                    await csvwrite.write_goals(writer, rows)
                else:
                    await csvwrite.write_appearances(writer, rows)
                await writer.finish()
                if on_file is not None:
                    await on_file(path, one)
            except LineError as e:
                raise BadImportFile(path, e.line or 0, e.problem) from None
            position = await _log_position(store)
        other = (clubs, position)
        total.add(one)
        if progress is not None:
            progress(len(parsed[1]))


async def _log_position(store) -> tuple[int, int]:  # noqa: ANN001 - Store
    """Where the change logs stand: any write of a club, alias or match moves it."""
    return await store.data_change_seq(), await store.name_change_seq()


def _header(text: str) -> list[str]:
    """The first CSV row's cells (for telling engsoccerdata's files apart)."""
    import csv
    import io

    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return next(csv.reader(io.StringIO(first)), [])


def _count(n: int, word: str, plural_form: str | None = None) -> str:
    """'1 file', '2 files': the summary's nouns agree with their numbers."""
    return f"{n} {word if n == 1 else plural_form or word + 's'}"
