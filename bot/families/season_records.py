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

from bot.context import Context
from bot.errors import UserError
from bot.reply import Reply, Table
from bot.scope import CATALOG, era_label, resolve_competition, season_text
from bot.text import and_list, day, number, plural
from storage.league_records import SeasonBests
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


def _leaders(bests: Sequence[SeasonBests], measure: str, most: bool
             ) -> tuple[int, list[tuple[SeasonBests, Standing]]]:
    """The record value of a measure over these seasons and every club-season holding it,
    oldest first (the best of each season's best)."""
    held = [b for b in bests if measure in b.best]
    if not held:
        return 0, []
    values = [b.best[measure].value for b in held]
    value = max(values) if most else min(values)
    return value, [(b, r) for b, v in zip(held, values, strict=True) if v == value
                   for r in b.best[measure].holders]


def _holder(b: SeasonBests, r: Standing, detail: str = "") -> Holder:
    return Holder(r.club, r.club_id, b.season, r.played, detail)


def season_records(bests: Sequence[SeasonBests]) -> list[Record]:
    """Every record over these seasons (each as counted in its table)."""
    out = []
    for points in sorted({b.win_points for b in bests}, reverse=True):
        best, held = _leaders([b for b in bests if b.win_points == points], "points", True)
        out.append(Record(f"most_points_{points}", f"Most points ({points} for a win)", best,
                          tuple(_holder(b, r, f"{r.points / r.played:.2f} a match")
                                for b, r in held)))
    complete = [b for b in bests if b.complete]
    for key, label, measure, most, seasons in (
            ("most_wins", "Most wins", "won", True, bests),
            ("fewest_defeats", "Fewest defeats", "lost", False, complete),
            ("most_goals_for", "Most goals scored", "goals_for", True, bests),
            ("fewest_goals_against", "Fewest goals conceded", "goals_against", False,
             complete)):
        best, held = _leaders(seasons, measure, most)
        if held:
            out.append(Record(key, label, best, tuple(_holder(b, r) for b, r in held)))
    with_runs = [b for b in bests if b.runs]
    if with_runs:
        longest = max(b.runs[0].run.length for b in with_runs)
        out.append(Record("longest_unbeaten", "Longest unbeaten run in a season", longest,
                          tuple(Holder(r.club, r.run.club_id, b.season, r.played,
                                       f"{day(r.run.first_date)} to {day(r.run.last_date)}")
                                for b in with_runs if b.runs[0].run.length == longest
                                for r in b.runs)))
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
    bests = [b for b in await ctx.store.league_season_bests(info.code, ctx.before)
              if since is None or b.season >= since]
    if not bests:
        raise UserError(f"There are no {found.phrase} seasons in our data"
                        + (f" before {day(ctx.as_of)}." if ctx.as_of else "."))
    records = season_records(bests)
    name = found.phrase if since is not None else era_label(info)
    span = f"{season_text(bests[0].season)} to {season_text(bests[-1].season)}"
    open_seasons = [b for b in bests if not b.complete]
    lines = [f"{name}: season records over {plural(len(bests), 'season')}, {span}"
             + (f" ({season_text(open_seasons[-1].season)} in progress)." if open_seasons
                else ".")]
    lines += [f"{r.label}: {r.value}, {_holders_text(r)}." for r in records]
    footnote = " · ".join((
        era_label(info) + (f", since {season_text(since)}" if since is not None else ""),
        "computed from the results in our data (points deductions are not in our data); "
        "points compared between seasons with the same points for a win; a club's season "
        "counts only if it played nine tenths of the season's most matches (a club expelled or "
        "withdrawn mid-season is left out); fewest defeats and goals conceded count complete "
        "seasons only; an unbeaten run counts league matches "
        "without a defeat within one season, in date order",
        f"as of {day(ctx.as_of)}" if ctx.as_of else "all matches in our data"))
    return Reply(
        title=f"{found.phrase if since is not None else info.name}: season records"
              + (f" as of {day(ctx.as_of)}" if ctx.as_of else ""),
        lines=tuple(lines),
        table=Table(("Record", "Value", "Held by", "Detail"), tuple(_row(r) for r in records)),
        footnote=footnote,
        data={"competition": info.code, "since": since, "seasons": len(bests),
              "as_of": ctx.as_of.isoformat() if ctx.as_of else None,
              "records": [{"record": r.key, "value": r.value,
                           "holders": [{"club": h.club, "club_id": h.club_id,
                                        "season": h.season, "played": h.played,
                                        "detail": h.detail} for h in r.holders]}
                          for r in records]},
    )
