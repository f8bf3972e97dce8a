"""Bulk writing of large match files (domestic leagues and cups): a few statements per file.

England's 208,028 league matches cannot go through one upsert per match (three round trips
each); here the file's clubs and seasons are resolved once, the stored matches of its
competitions read in one query, and inserts and updates sent with `executemany`.

One match per real match across sources: a record is the stored match of the same season and
clubs within a day of its date; in a league (each pair meets once at each ground a season)
also the only stored meeting of that pair when the file has only one, whatever its date (a
rescheduled game). A result that another source already gave is kept: a second source only
fills what is missing (kick-off, venue, half-time), so importing the overlap twice, in any
order, changes nothing. A fixture never erases a result; a result completes a fixture.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from datetime import date
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import aiosqlite

from storage.bulk_insert import insert_matches
from storage.importers.common import COMPETITIONS, ImportSummary, MatchRecord
from storage.importers.resolve import ClubResolver

log = logging.getLogger(__name__)

COLUMNS = ("season_id", "stage", "round", "leg", "date", "kickoff_utc", "home_id", "away_id",
           "neutral", "venue", "status", "ht_home", "ht_away", "ft_home", "ft_away",
           "aet_home", "aet_away", "pen_home", "pen_away", "note", "source")
FILL = ("kickoff_utc", "venue", "ht_home", "ht_away")      # a second source may add these
KEEP_IF_EMPTY = {"kickoff_utc", "venue", "ht_home", "ht_away", "note"}
SCORES = ("ft_home", "ft_away", "aet_home", "aet_away", "pen_home", "pen_away")


async def _update_matches(db: aiosqlite.Connection,
                         updates: list[tuple[tuple[str, ...], tuple]]) -> None:
    """The updates in their order, one `executemany` per run of updates to the same columns
    (openfootball England's 17,893 updates were as many round trips to the database)."""
    for columns, run in groupby(updates, key=itemgetter(0)):
        sets = ", ".join(f"{k} = ?" for k in columns)
        await db.executemany(f"UPDATE matches SET {sets} WHERE id = ?",
                             [values for _columns, values in run])


NO_PAIR = (None, None)    # a score not given: both of its columns empty


class BulkWriter:
    def __init__(self, store, summary: ImportSummary, path: Path,  # noqa: ANN001 - Store
                 source: str, clubs: ClubResolver | None = None) -> None:
        self.store = store
        self.summary = summary
        self.path = path
        self.source = source
        self.clubs = clubs   # one strict resolver for a whole import run (loaded once)

    async def write_all(self, records: list[MatchRecord]) -> None:
        """Store the file's matches. Inside the file's transaction."""
        db = self.store.db
        clubs = self.clubs or await ClubResolver(self.store, strict=True).load()
        created = clubs.created
        ids: dict[tuple[str, str | None], int | None] = {}
        for rec in records:
            for ref in (rec.home, rec.away):
                key = (ref.name, ref.country)
                if key not in ids:
                    ids[key] = await clubs.resolve(ref)
        seasons: dict[tuple[str, int], int] = {}
        for rec in records:
            key = (rec.competition, rec.season)
            if key not in seasons:
                name, modern = COMPETITIONS.get(rec.competition, (rec.competition, None))
                comp = await self.store.ensure_competition(rec.competition, name, modern)
                seasons[key] = await self.store.ensure_season(comp, rec.season)
        # a record matches only a stored match of its own season: read the file's seasons
        # (one season for an openfootball file, not the competition's whole history)
        stored: dict[tuple[int, int, int], list[list]] = defaultdict(list)
        season_ids = sorted(set(seasons.values()))
        for start in range(0, len(season_ids), 500):
            chunk = season_ids[start:start + 500]
            for row in await db.execute_fetchall(
                    f"SELECT id, {', '.join(COLUMNS)} FROM matches WHERE season_id IN "
                    f"({', '.join('?' * len(chunk))})", chunk):
                stored[(row[1], row[7], row[8])].append(list(row))
        # each record's season and clubs, looked up once (England: 208,028 records)
        keyed = [(rec, seasons[(rec.competition, rec.season)],
                  ids[(rec.home.name, rec.home.country)], ids[(rec.away.name, rec.away.country)])
                 for rec in records]
        in_file = Counter((sid, home, away) for rec, sid, home, away in keyed
                          if rec.stage == "league")
        inserts: list[tuple] = []
        updates: list[tuple[tuple[str, ...], tuple]] = []   # (columns, values + id), in order
        source = self.source
        for rec, sid, home, away in keyed:
            if home is None or away is None or home == away:
                self.summary.skipped.append(f"{self.path}:{rec.line}: clubs not placed")
                continue
            values = (sid, rec.stage, rec.round, rec.leg or "single", rec.date, rec.kickoff_utc,
                      home, away, int(rec.neutral), rec.venue, rec.status, *(rec.ht or NO_PAIR),
                      *(rec.ft or NO_PAIR), *(rec.aet or NO_PAIR), *(rec.pen or NO_PAIR),
                      rec.note, source)
            key = (sid, home, away)
            # most records meet no stored match at all (a first import): no search then
            found = self._find(stored, sid, home, away, rec, in_file) if key in stored else None
            if found is None:
                inserts.append(values)
                stored[key].append([None, *values])
                continue
            change = self._change(found, values)
            if change:
                updates.append((tuple(change), (*change.values(), found[0])))
                self.summary.matches_updated += 1
            else:
                self.summary.matches_unchanged += 1
        await _update_matches(db, updates)
        if inserts:
            await insert_matches(db, COLUMNS, inserts)
        self.summary.matches_added += len(inserts)
        self.summary.clubs_added += clubs.created - created
        leagues = {r.competition for r in records if r.stage == "league"}
        cups = [sid for (code, _y), sid in seasons.items() if code not in leagues]
        if cups:
            await self.store.rebuild_ties(cups)

    @staticmethod
    def _find(stored: dict, sid: int, home: int, away: int, rec: MatchRecord,
              in_file: Counter) -> list | None:
        cands = stored.get((sid, home, away), [])
        if not cands:
            return None
        day = date.fromisoformat(rec.date)
        near = [(abs((date.fromisoformat(c[5]) - day).days), c) for c in cands]
        best = min(near, key=lambda x: x[0])
        if best[0] <= 1:
            return best[1]
        if rec.stage == "league" and len(cands) == 1 and in_file[(sid, home, away)] == 1:
            return cands[0]
        return None

    def _change(self, row: list, values: tuple) -> dict[str, object]:
        """The columns to update on a stored match (empty: unchanged)."""
        old = dict(zip(COLUMNS, row[1:], strict=True))
        new = dict(zip(COLUMNS, values, strict=True))
        if row[0] is None:  # the same match twice in one file: keep the first
            return {}
        other_source = old["source"] != self.source
        if new["status"] != "played" and old["status"] == "played":
            return {}       # a fixture line never erases a result
        if other_source and old["status"] == "played":
            if any(old[k] != new[k] for k in SCORES if new[k] is not None):
                log.info("%s: %s v %s on %s: keeping the stored result from %s",
                         self.path.name, old["home_id"], old["away_id"], old["date"],
                         old["source"])
            return {k: new[k] for k in FILL if old[k] is None and new[k] is not None}
        return {k: v for k, v in new.items() if old[k] != v and k != "source"
                and not (v is None and k in KEEP_IF_EMPTY)}

