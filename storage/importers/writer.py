"""Writes parsed match records: clubs resolved, matches upserted, goals replaced, ties rebuilt.

Called inside the file's transaction, after the whole file has parsed. Players are kept one
per distinct name per club: a name that already scored or appeared for the same club is the
same player, otherwise a new player is created (no further identity resolution).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from storage.importers.common import COMPETITIONS, GoalRecord, ImportSummary, MatchRecord
from storage.importers.resolve import ClubResolver
from storage.matches import NewGoal, NewMatch
from storage.names import fold

log = logging.getLogger(__name__)

PLAYER_CLUBS = """
SELECT p.key, CASE WHEN g.own_goal = 0 THEN g.team_id
                   WHEN g.team_id = m.home_id THEN m.away_id ELSE m.home_id END, p.id
FROM goals g JOIN players p ON p.id = g.player_id JOIN matches m ON m.id = g.match_id
UNION SELECT p.key, g.team_id, p.id FROM goals g JOIN players p ON p.id = g.assist_player_id
UNION SELECT p.key, a.team_id, p.id FROM appearances a JOIN players p ON p.id = a.player_id
ORDER BY 3
"""


class Writer:
    """Per-file state: resolved clubs, seasons, players; counts into the summary."""

    def __init__(self, store, summary: ImportSummary, path: Path, source: str,  # noqa: ANN001
                 fill_only: bool = False, clubs: ClubResolver | None = None) -> None:
        self.store = store
        self.fill_only = fill_only  # a supplementary source: fills gaps, never overrides
        self.summary = summary
        self.path = path
        self.source = source
        # a resolver already loaded (one per import run, kept in step with the database by
        # the caller), or a new one that load() fills
        self._loaded = clubs is not None
        self.clubs = clubs if clubs is not None else ClubResolver(store)
        self._created = self.clubs.created
        self.seasons: dict[tuple[str, int], int] = {}
        self.season_clubs: dict[int, set[int]] = {}
        self.players: dict[tuple[str, int], int] = {}
        self.hints: dict[int, int] = {}
        # (season, home, away) -> [id, date, status] of its stored matches, in date order
        self.known: dict[tuple[int, int, int], list[list]] = defaultdict(list)

    async def load(self) -> Writer:
        if self._loaded:
            self.clubs.new_file()
        else:
            await self.clubs.load()
        for key, club_id, player_id in await self.store.db.execute_fetchall(PLAYER_CLUBS):
            self.players.setdefault((key, club_id), player_id)
        return self

    async def season(self, code: str, start_year: int) -> int:
        if (code, start_year) not in self.seasons:
            name, modern = COMPETITIONS.get(code, (code, None))
            comp = await self.store.ensure_competition(code, name, modern)
            season_id = await self.store.ensure_season(comp, start_year)
            self.seasons[(code, start_year)] = season_id
            rows = await self.store.db.execute_fetchall(
                "SELECT id, home_id, away_id, date, status FROM matches WHERE season_id = ? "
                "ORDER BY date, id", (season_id,))
            self.season_clubs[season_id] = {c for r in rows for c in r[1:3]}
            for match_id, home, away, day, status in rows:
                self.known[(season_id, home, away)].append([match_id, day, status])
        return self.seasons[(code, start_year)]

    async def club(self, rec: MatchRecord, season_id: int, which: str) -> int | None:
        ref = rec.home if which == "home" else rec.away
        club_id = await self.clubs.resolve(ref, frozenset(self.season_clubs[season_id]))
        if club_id is None:
            self.summary.skipped.append(
                f"{self.path}:{rec.line}: unknown club {ref.name!r} (no country in the file; "
                "add it to storage/importers/club_aliases.csv)")
        return club_id

    async def find(self, season_id: int, home: int, away: int, day: str) -> tuple | None:
        """(id, date, status) by natural key, allowing the date to differ by one day."""
        d = date.fromisoformat(day)
        rows = await self.store.db.execute_fetchall(
            "SELECT id, date, status FROM matches WHERE season_id = ? AND home_id = ? "
            "AND away_id = ? AND date BETWEEN ? AND ? "
            "ORDER BY abs(julianday(date) - julianday(?)) LIMIT 1",
            (season_id, home, away, (d - timedelta(days=1)).isoformat(),
             (d + timedelta(days=1)).isoformat(), day))
        return tuple(rows[0]) if rows else None

    def _known(self, season_id: int, home: int, away: int, day: str) -> list | None:
        """What find() reads, from the season's matches read once by season() and kept in
        step by write() (a query per record was half of champs.csv's import); [id, date,
        status], the nearest date within a day, the earlier of two as near."""
        d = date.fromisoformat(day)
        best: tuple[int, list] | None = None
        for entry in self.known.get((season_id, home, away), ()):
            gap = abs((date.fromisoformat(entry[1]) - d).days)
            if gap <= 1 and (best is None or (gap, entry[1]) < (best[0], best[1][1])):
                best = (gap, entry)
        return best[1] if best else None

    async def write(self, rec: MatchRecord) -> int | None:
        """Store one match (and its goals); returns its id, or None when skipped."""
        season_id = await self.season(rec.competition, rec.season)
        home = await self.club(rec, season_id, "home")
        away = await self.club(rec, season_id, "away")
        if home is None or away is None:
            return None
        if home == away:
            self.summary.skipped.append(f"{self.path}:{rec.line}: both sides are one club")
            return None
        self.season_clubs[season_id] |= {home, away}
        found = self._known(season_id, home, away, rec.date)
        if found is None and rec.neutral and (found := self._known(
                season_id, away, home, rec.date)):
            rec, home, away = _swapped(rec), away, home  # sources differ on a final's sides
        if found and rec.ft is None and rec.status == "scheduled" and found[2] == "played":
            self.summary.matches_unchanged += 1  # a fixture line never erases a result
            return found[0]
        if found and self.fill_only:
            return await self.fill(rec, found[0], home)
        new = NewMatch(
            season_id=season_id, stage=rec.stage, round=rec.round, leg=rec.leg or "single",
            date=found[1] if found else rec.date, home_id=home, away_id=away,
            source=self.source, kickoff_utc=rec.kickoff_utc, neutral=rec.neutral,
            venue=rec.venue, status=rec.status, ht=rec.ht, ft=rec.ft, aet=rec.aet,
            pen=rec.pen, note=rec.note)
        match_id, what = await self.store.upsert_match(new, found[0] if found else None)
        if found:
            found[2] = new.status           # its key (season, sides, date) is kept
        else:
            self.known[(season_id, home, away)].append([match_id, new.date, new.status])
        if what == "added":
            self.summary.matches_added += 1
        elif what == "updated":
            self.summary.matches_updated += 1
        else:
            self.summary.matches_unchanged += 1
        if rec.venue and rec.venue_is_ground and not rec.neutral:
            await self.store.set_club_ground(home, rec.venue)
        if rec.goals is not None:
            await self.goals(rec.goals, match_id, home, away)
        if rec.tie_winner is not None:
            winner = await self.clubs.resolve(rec.tie_winner, frozenset({home, away}))
            if winner in (home, away):
                self.hints[match_id] = winner
        return match_id

    async def fill(self, rec: MatchRecord, match_id: int, home: int) -> int:
        """Add what a supplementary source knows (venue, kick-off, half-time, scorers) to a
        stored match without touching its result: the older history files drop a.e.t. and
        shoot-out details that the current files and champs.csv give."""
        m = await self.store.match(match_id)
        assert m is not None
        ht = (m.ht_home, m.ht_away) if m.ht_home is not None else rec.ht
        new = NewMatch(
            season_id=(await self.season(rec.competition, rec.season)), stage=m.stage,
            round=m.round, leg=m.leg, date=m.date, home_id=m.home_id, away_id=m.away_id,
            source=self.source, kickoff_utc=m.kickoff_utc or rec.kickoff_utc,
            neutral=m.neutral, venue=m.venue or rec.venue, status=m.status, ht=ht,
            ft=_pair(m.ft_home, m.ft_away), aet=_pair(m.aet_home, m.aet_away),
            pen=_pair(m.pen_home, m.pen_away), note=m.note)
        _id, what = await self.store.upsert_match(new, match_id)
        if what == "updated":
            self.summary.matches_updated += 1
        else:
            self.summary.matches_unchanged += 1
        if rec.venue and rec.venue_is_ground and not m.neutral:
            await self.store.set_club_ground(home, rec.venue)
        if rec.goals is not None:
            await self.goals(rec.goals, match_id, m.home_id, m.away_id)
        return match_id

    async def player(self, name: str, club_id: int) -> int:
        key = (fold(name), club_id)
        if key not in self.players:
            self.players[key] = await self.store.insert_player(name)
            self.summary.players_added += 1
        return self.players[key]

    async def goals(self, goals: list[GoalRecord], match_id: int, home: int, away: int) -> None:
        """Replace the match's goals; an own goal's scorer belongs to the other club."""
        new = []
        for g in goals:
            credited = home if g.side == "home" else away
            own_club = (away if credited == home else home) if g.own_goal else credited
            player = await self.player(g.player, own_club) if g.player else None
            assist = await self.player(g.assist, credited) if g.assist else None
            new.append(NewGoal(credited, player, g.minute, g.stoppage, g.penalty, g.own_goal,
                               assist))
        if await self.store.replace_goals(match_id, new):
            self.summary.goals_added += len(new)

    async def finish(self) -> None:
        """Re-derive the ties of every season this file touched."""
        self.summary.clubs_added += self.clubs.created - self._created
        if self.seasons:
            await self.store.rebuild_ties(self.seasons.values(), tie_winners=self.hints)


def _pair(a: int | None, b: int | None) -> tuple[int, int] | None:
    return (a, b) if a is not None and b is not None else None


def _swapped(rec: MatchRecord) -> MatchRecord:
    """The same neutral match with the sides the other way round."""
    def flip(p: tuple[int, int] | None) -> tuple[int, int] | None:
        return (p[1], p[0]) if p else None

    goals = None if rec.goals is None else [
        replace(g, side="away" if g.side == "home" else "home") for g in rec.goals]
    return replace(rec, home=rec.away, away=rec.home, ht=flip(rec.ht), ft=flip(rec.ft),
                   aet=flip(rec.aet), pen=flip(rec.pen), goals=goals)
