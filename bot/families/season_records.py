"""A league's season records: the most points, wins and goals in one season, the fewest
defeats and goals conceded, and the longest unbeaten run within a season.

Points are compared only between seasons with the same points for a win (two until 1980-81
in England, three since), each with its points per match; the "fewest" records count
complete seasons only (a season in progress has not finished losing); the unbeaten run counts
league matches without a defeat in date order, within one season.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from bot.context import Context
from bot.errors import UserError
from bot.reply import Reply, Table
from bot.scope import CATALOG, era_label, resolve_competition, season_text
from bot.text import and_list, day, number, plural
from storage.league_seasons import Run, SeasonTable
from storage.league_table import Standing

HOLDERS_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Holder:
    club: str
    club_id: int
    season: int
    played: int
    detail: str = ""      # e.g. "2.63 a match", "16 Aug 2003 to 15 May 2004"


@dataclass(frozen=True, slots=True)
class Record:
    key: str              # most_points_3, most_wins, ...
    label: str            # "Most points (3 for a win)"
    value: int
    holders: tuple[Holder, ...]


def _ranked(rows: Sequence[tuple[SeasonTable, Standing]], field: str, most: bool,
            complete_only: bool = False) -> tuple[int, list[tuple[SeasonTable, Standing]]]:
    """The record value of a Standing field and every club-season holding it, oldest first
    (`rows` are every club-season with a match: one pass per record, 2,600 rows for eng1)."""
    if complete_only:
        rows = [(t, r) for t, r in rows if t.complete]
    if not rows:
        return 0, []
    get = attrgetter(field)
    values = [get(r) for _, r in rows]
    best = max(values) if most else min(values)
    return best, [row for row, v in zip(rows, values, strict=True) if v == best]


def _holder(t: SeasonTable, r: Standing, detail: str = "") -> Holder:
    return Holder(r.club, r.club_id, t.season, r.played, detail)


def season_records(tables: Sequence[SeasonTable], runs: Sequence[Run],
                   names: dict[int, str]) -> list[Record]:
    """Every record over these seasons (each as counted in its table)."""
    out = []
    rows = [(t, r) for t in tables for r in t.rows if r.played]
    for points in sorted({t.rules.win_points for t in tables}, reverse=True):
        same = [(t, r) for t, r in rows if t.rules.win_points == points]
        best, held = _ranked(same, "points", most=True)
        out.append(Record(f"most_points_{points}", f"Most points ({points} for a win)", best,
                          tuple(_holder(t, r, f"{r.points / r.played:.2f} a match")
                                for t, r in held)))
    for key, label, value, most, complete in (
            ("most_wins", "Most wins", "won", True, False),
            ("fewest_defeats", "Fewest defeats", "lost", False, True),
            ("most_goals_for", "Most goals scored", "goals_for", True, False),
            ("fewest_goals_against", "Fewest goals conceded", "goals_against", False, True)):
        best, held = _ranked(rows, value, most, complete)
        if held:
            out.append(Record(key, label, best, tuple(_holder(t, r) for t, r in held)))
    if runs:
        by_season = {t.season: t for t in tables}

        def played(run: Run) -> int:
            row = by_season[run.season].of(run.club_id) if run.season in by_season else None
            return row.played if row else 0

        longest = max(r.length for r in runs)
        held_runs = sorted((r for r in runs if r.length == longest),
                           key=lambda r: (r.season, r.first_date))
        out.append(Record("longest_unbeaten", "Longest unbeaten run in a season", longest,
                          tuple(Holder(names.get(r.club_id, "?"), r.club_id, r.season,
                                       played(r),
                                       f"{day(r.first_date)} to {day(r.last_date)}")
                                for r in held_runs)))
    return out


def _holders_text(record: Record) -> str:
    """'Preston North End 1888-89 (22 matches) and Arsenal 2003-04 (38 matches)'; season
    lengths differ, so the counts that depend on them say how many matches."""
    counts = record.key.startswith(("fewest", "most_points"))
    shown = [f"{h.club} {season_text(h.season)}" + (f" ({h.played} matches)" if counts else "")
             for h in record.holders[:HOLDERS_SHOWN]]
    more = len(record.holders) - HOLDERS_SHOWN
    return and_list(shown + ([f"{number(more)} more"] if more > 0 else []))


def _row(record: Record) -> tuple[str, ...]:
    first = record.holders[0]
    detail = first.detail or f"from {plural(first.played, 'match', 'matches')}"
    if first.detail and record.key.startswith("most_points"):
        detail = f"{first.played} matches, {first.detail}"
    held = ", ".join(f"{h.club} {season_text(h.season)}" for h in record.holders[:HOLDERS_SHOWN])
    more = len(record.holders) - HOLDERS_SHOWN
    return (record.label, str(record.value), held + (f" +{more}" if more > 0 else ""), detail)


async def league_records(ctx: Context, text: str) -> Reply:
    """The season records of the one league `text` names (an era name starts its seasons)."""
    found = resolve_competition(text)
    catalog = CATALOG.get()
    leagues = [c for c in found.codes if catalog.kind(c) == "league"]
    if not leagues:
        raise UserError(f"{found.phrase} is a cup: season records count league tables. Name "
                        "a league, e.g. `seasons eng1` or `seasons premier league`.")
    if len(leagues) > 1:
        raise UserError(f"“{text}” means several leagues; name one: "
                        + ", ".join(c.lower() for c in leagues) + ".")
    info = catalog.by_code[leagues[0].upper()]
    since = found.since_year
    tables = [t for t in await ctx.store.league_seasons(info.code, ctx.before)
              if since is None or t.season >= since]
    if not tables:
        raise UserError(f"There are no {found.phrase} seasons in our data"
                        + (f" before {day(ctx.as_of)}." if ctx.as_of else "."))
    runs = [r for r in await ctx.store.league_runs(info.code, ctx.before)
            if since is None or r.season >= since]
    names = {r.club_id: r.club for t in tables for r in t.rows}
    records = season_records(tables, runs, names)
    name = found.phrase if since is not None else era_label(info)
    span = f"{season_text(tables[0].season)} to {season_text(tables[-1].season)}"
    open_seasons = [t for t in tables if not t.complete]
    lines = [f"{name}: season records over {plural(len(tables), 'season')}, {span}"
             + (f" ({season_text(open_seasons[-1].season)} in progress)." if open_seasons
                else ".")]
    lines += [f"{r.label}: {r.value}, {_holders_text(r)}." for r in records]
    footnote = " · ".join((
        era_label(info) + (f", since {season_text(since)}" if since is not None else ""),
        "computed from the results in our data (points deductions are not in our data); "
        "points compared between seasons with the same points for a win; fewest defeats and "
        "goals conceded count complete seasons only; an unbeaten run counts league matches "
        "without a defeat within one season, in date order",
        f"as of {day(ctx.as_of)}" if ctx.as_of else "all matches in our data"))
    return Reply(
        title=f"{found.phrase if since is not None else info.name}: season records"
              + (f" as of {day(ctx.as_of)}" if ctx.as_of else ""),
        lines=tuple(lines),
        table=Table(("Record", "Value", "Held by", "Detail"), tuple(_row(r) for r in records)),
        footnote=footnote,
        data={"competition": info.code, "since": since, "seasons": len(tables),
              "as_of": ctx.as_of.isoformat() if ctx.as_of else None,
              "records": [{"record": r.key, "value": r.value,
                           "holders": [{"club": h.club, "club_id": h.club_id,
                                        "season": h.season, "played": h.played,
                                        "detail": h.detail} for h in r.holders]}
                          for r in records]},
    )
