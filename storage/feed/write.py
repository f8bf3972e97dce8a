"""Writing one competition's feed matches, inside the pass's transaction.

Teams: the feed's team id, once mapped, is our club; a new id is resolved by name (then short
name) and country through the importers' resolver, and refused when the country is unknown.
Matches: by the feed's match id, else by natural key (season, clubs, date within a day) so a
fixture the importers or an admin stored is completed, not doubled.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from storage.feed.competitions import AREA_CODES, FeedCompetition
from storage.feed.mapping import FeedMatch, FeedPerson, FeedTeam
from storage.feed.queries import ACTOR, SOURCE, FeedQueries
from storage.importers.common import ClubRef, ImportSummary, country_code
from storage.importers.writer import Writer
from storage.matches import NewGoal, NewMatch

log = logging.getLogger(__name__)

RESULT_RECENT = timedelta(days=2)   # a match completed longer after kick-off gets no post
COMPARED = ("date", "kickoff_utc", "status", "ft_home", "ft_away", "aet_home", "aet_away",
            "pen_home", "pen_away")


@dataclass
class CompetitionReport:
    """What one pass did to one competition."""

    feed_code: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    completed: list[int] = field(default_factory=list)   # our match ids newly played
    corrected: list[int] = field(default_factory=list)   # played matches whose score changed
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    live: bool = False                                    # a match is in play
    error: str | None = None
    deep: bool | None = None                              # goals/lineups in the plan

    def line(self) -> str:
        if self.error:
            return f"{self.feed_code}: not synced ({self.error})"
        text = (f"{self.feed_code}: {self.added} added, {self.updated} updated, "
                f"{self.unchanged} unchanged")
        if self.conflicts:
            text += f", {len(self.conflicts)} kept as an admin corrected them"
        return text + (f"; {len(self.skipped)} skipped" if self.skipped else "")


class FeedWriter:
    def __init__(self, store: Any, comp: FeedCompetition, report: CompetitionReport,
                 areas: dict[int, str], now: datetime) -> None:
        self.store = store
        self.comp = comp
        self.report = report
        self.areas = areas            # feed team id -> area code, from /teams
        self.now = now
        self.q = FeedQueries(store.db)
        self.writer = Writer(store, ImportSummary(), Path("football-data.org"), source=SOURCE)
        self.teams: dict[int, int] = {}
        self.matches: dict[int, int] = {}
        self.players: dict[int, int] = {}
        self.changes: list[int] = []

    async def load(self) -> FeedWriter:
        await self.store.ensure_competition(self.comp.code, self.comp.name,
                                            self.comp.modern_since)
        await self.writer.load()
        self.teams = await self.q.external_ids("team")
        self.matches = await self.q.external_ids("match")
        self.players = await self.q.external_ids("player")
        return self

    async def club(self, t: FeedTeam) -> int | None:
        if t.id in self.teams:
            return self.teams[t.id]
        area = self.areas.get(t.id)
        country = country_code(AREA_CODES.get(area, area)) if area else self.comp.country
        if not country or len(country) != 3:
            self.report.skipped.append(f"team {t.name!r} (id {t.id}): no country in the feed, "
                                       "so it cannot be matched to a club safely")
            return None
        resolver = self.writer.clubs
        club_id = None
        for name in (t.name, t.short_name):
            if name and (club_id := resolver.find(name, country)) is not None:
                break
        if club_id is not None:
            await resolver.remember(club_id, t.name)
        else:
            club_id = await resolver.resolve(ClubRef(t.name, country))
        if club_id is None:
            self.report.skipped.append(f"team {t.name!r} (id {t.id}) matches no club")
            return None
        await self.q.set_external_id("team", t.id, club_id)
        self.teams[t.id] = club_id
        return club_id

    async def write(self, fm: FeedMatch, leg: str) -> int | None:
        """Store one feed match; our id, or None when skipped."""
        home, away = await self.club(fm.home), await self.club(fm.away)
        if home is None or away is None:
            return None
        season_id = await self.writer.season(self.comp.code, fm.season)
        match_id = self.matches.get(fm.id)
        if match_id is not None and await self.store.match(match_id) is None:
            match_id = None           # deleted here since (an undone admin add)
        if match_id is None:
            found = await self.writer.find(season_id, home, away, fm.date)
            match_id = found[0] if found else None
        existing = await self.store.match(match_id) if match_id else None
        if fm.status is None:         # in play: nothing final to store yet
            self.report.live = True
            if existing is not None and existing.status == "played":
                log.warning("football-data.org: %s v %s went from FINISHED back to %s "
                            "(a score correction?); the stored result stands until it is "
                            "FINISHED again", fm.home.name, fm.away.name, fm.feed_status)
            if existing is not None:
                self.report.unchanged += 1
                await self._map_match(fm.id, existing.id)
                return existing.id
            status = "scheduled"
        else:
            status = fm.status
        new = NewMatch(
            season_id=season_id, stage=fm.stage, round=fm.round, leg=leg, date=fm.date,
            home_id=home, away_id=away, source=SOURCE, kickoff_utc=fm.kickoff_utc,
            neutral=fm.round == "F", status=status,
            ht=fm.ht if status == "played" else None, ft=fm.ft if status == "played" else None,
            aet=fm.aet if status == "played" else None,
            pen=fm.pen if status == "played" else None, note=fm.note)
        if existing is not None and await self.q.admin_locked(existing.id):
            await self._conflict(fm, new, existing.id)
            return existing.id
        before = await self.store.match_state(match_id) if match_id else None
        match_id, what = await self.store.upsert_match(new, match_id)
        await self._map_match(fm.id, match_id)
        changed = what != "same"
        if status == "played":
            changed |= await self._goals(fm, match_id, home, away)
            changed |= await self._appearances(fm, match_id, home, away)
        if what == "added":
            self.report.added += 1
        elif changed:
            self.report.updated += 1
        else:
            self.report.unchanged += 1
        if changed:
            self.changes.append(match_id)
            await self._result_marks(fm, match_id, before, status)
        return match_id

    async def _map_match(self, feed_id: int, match_id: int) -> None:
        if await self.q.set_external_id("match", feed_id, match_id):
            self.matches[feed_id] = match_id

    async def _result_marks(self, fm: FeedMatch, match_id: int,
                            before: dict[str, Any] | None, status: str) -> None:
        """A newly played match is due its result post; a played one re-scored, a correction."""
        was = (before or {}).get("match", {})
        stamp = self.now.isoformat(timespec="seconds")
        if status != "played":
            return
        if was.get("status") != "played":
            kickoff = datetime.fromisoformat(fm.kickoff_utc.replace("Z", "+00:00"))
            if self.now - kickoff <= RESULT_RECENT:
                await self.store.set_result_at(match_id, stamp)
                self.report.completed.append(match_id)
            return
        now_state = await self.store.match_state(match_id)
        assert now_state is not None
        keys = ("ft_home", "ft_away", "aet_home", "aet_away", "pen_home", "pen_away")
        if any(was.get(k) != now_state["match"][k] for k in keys):
            await self.q.set_corrected_at(match_id, stamp)
            self.report.corrected.append(match_id)
            log.warning("football-data.org corrected %s v %s to %s", fm.home.name,
                        fm.away.name, _score(now_state["match"]))

    async def _conflict(self, fm: FeedMatch, new: NewMatch, match_id: int) -> None:
        """An admin corrected this match: keep theirs; log the feed's differing version once."""
        state = await self.store.match_state(match_id)
        assert state is not None
        stored = state["match"]
        feed = {"date": new.date, "kickoff_utc": new.kickoff_utc, "status": new.status,
                **_pairs("ft", new.ft), **_pairs("aet", new.aet), **_pairs("pen", new.pen)}
        differs = {k: (stored[k], feed[k]) for k in COMPARED if stored[k] != feed[k]
                   and not (k == "kickoff_utc" and feed[k] is None)}
        if not differs:
            self.report.unchanged += 1
            return
        if await self.q.last_conflict(match_id) == feed:
            self.report.unchanged += 1
            return
        what = f"{fm.home.name} v {fm.away.name} ({new.date})"
        summary = (f"kept the admin's {_score(stored)} for {what}; the feed says "
                   f"{_score(feed)}" if any(k[:2] in ("ft", "ae", "pe") for k in differs)
                   else f"kept the admin's version of {what}; the feed differs on "
                   + ", ".join(differs))
        self.report.conflicts.append(summary)
        log.warning("football-data.org: %s", summary)
        await self.store.audit(self.now.isoformat(timespec="seconds"), ACTOR, "feed.conflict",
                               "match", match_id, {"kind": "feed", "summary": summary,
                                                   "stored": {k: stored[k] for k in COMPARED}},
                               {"kind": "feed", "summary": summary, "feed": feed})

    async def player(self, p: FeedPerson, club_id: int) -> int:
        if p.id is not None and p.id in self.players:
            return self.players[p.id]
        player_id = await self.writer.player(p.name, club_id)
        if p.id is not None:
            await self.q.set_external_id("player", p.id, player_id)
            self.players[p.id] = player_id
        return player_id

    async def _goals(self, fm: FeedMatch, match_id: int, home: int, away: int) -> bool:
        """Replace the match's goals with the feed's; an own goal's scorer is the other side's."""
        if fm.goals is None:
            return False
        new = []
        for g in fm.goals:
            credited = home if g.side == "home" else away
            own_club = (away if credited == home else home) if g.kind == "OWN" else credited
            scorer = await self.player(g.scorer, own_club) if g.scorer else None
            assist = await self.player(g.assist, credited) if g.assist else None
            new.append(NewGoal(credited, scorer, g.minute, g.injury_time, g.kind == "PENALTY",
                               g.kind == "OWN", assist))
        return await self.store.replace_goals(match_id, new)

    async def _appearances(self, fm: FeedMatch, match_id: int, home: int, away: int) -> bool:
        if not fm.appearances:
            return False
        end = 120 if fm.aet else 90
        rows = {}
        for a in fm.appearances:
            team = home if a.side == "home" else away
            player = await self.player(a.player, team)
            start = 0 if a.started else (a.minute_on or 0)
            rows[player] = (player, team, a.started, a.minute_on, a.minute_off,
                            max(0, (a.minute_off or end) - start))
        return await self.store.replace_appearances(match_id, list(rows.values()))

    async def missing(self, seen: set[int], season_ids: set[int]) -> None:
        """Feed matches we stored that the feed no longer lists: a fixture is called off."""
        for feed_id, (match_id, status) in (await self.q.matches_of_seasons(season_ids)).items():
            if feed_id in seen:
                continue
            log.warning("football-data.org no longer lists match %d (our %d, %s)", feed_id,
                        match_id, status)
            if status == "scheduled" and not await self.q.admin_locked(match_id):
                await self.q.cancel_missing(match_id, "no longer in the football-data.org feed")
                self.report.updated += 1
                self.changes.append(match_id)


def _pairs(name: str, p: tuple[int, int] | None) -> dict[str, int | None]:
    return {f"{name}_home": p[0] if p else None, f"{name}_away": p[1] if p else None}


def _score(m: dict[str, Any]) -> str:
    if m.get("ft_home") is None:
        return "no score"
    text = f"{m['ft_home']}-{m['ft_away']}"
    if m.get("aet_home") is not None:
        text += f", {m['aet_home']}-{m['aet_away']} a.e.t."
    if m.get("pen_home") is not None:
        text += f", {m['pen_home']}-{m['pen_away']} pens"
    return text
