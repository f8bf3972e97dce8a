"""One sync pass: for each competition, read the feed, then write it in ONE transaction.

The network is read before the transaction opens (the write lock is never held across a
request), so a 403, a 5xx, a timeout or a body that is not JSON leaves that competition
exactly as it was. A pass that changes something writes one `feed.sync` row to the audit
log, as the feed; a pass over an unchanged feed writes nothing at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from storage.feed.client import FeedBadResponse, FeedClient, FeedError
from storage.feed.competitions import feed_competition
from storage.feed.mapping import BadFeedMatch, FeedMatch, legs, match
from storage.feed.queries import ACTOR, FeedQueries
from storage.feed.write import CompetitionReport, FeedWriter

log = logging.getLogger(__name__)


class FeedSync:
    """Runs passes over the configured competitions; remembers what it said once."""

    def __init__(self, store: Any, client: FeedClient, competitions: list[str],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.client = client
        self.competitions = [c.strip().upper() for c in competitions if c.strip()]
        self.now = now
        self._said_results_only = False
        self._areas_of: dict[int, str] = {}     # team id -> area, as /teams last said
        self._asked: set[int] = set()           # team ids /teams was asked about

    async def run_pass(self) -> list[CompetitionReport]:
        return [await self.sync_competition(code) for code in self.competitions]

    async def sync_competition(self, code: str) -> CompetitionReport:
        report = CompetitionReport(code)
        comp = feed_competition(code)
        if comp is None:
            report.error = "not a competition this bot knows how to store"
            log.warning("football-data.org: %s is %s", code, report.error)
            return report
        try:
            data = await self.client.competition_matches(code)
            nodes = data.get("matches")
            if not isinstance(nodes, list):
                raise FeedBadResponse(f"GET /competitions/{code}/matches: no matches list")
            matches = self._parse(nodes, comp.timezone, report)
            areas = await self._areas(code, matches)
        except FeedError as err:
            report.error = str(err)
            log.warning("football-data.org: %s not synced, nothing written: %s", code, err)
            return report
        self._say_deep(report, nodes)
        async with self.store.transaction():
            writer = await FeedWriter(self.store, comp, report, areas, self.now()).load()
            leg_of = legs(matches)
            for fm in matches:
                await writer.write(fm, leg_of[fm.id])
            seasons = await self._seasons(comp.code, matches, data)
            await writer.missing({fm.id for fm in matches}, seasons)
            if writer.changes:
                await self.store.rebuild_ties(seasons)
                await self.store.audit(
                    self.now().isoformat(timespec="seconds"), ACTOR, "feed.sync",
                    "competition", None, None,
                    {"kind": "feed", "summary": f"{comp.code} from football-data.org {code}: "
                     + report.line().split(": ", 1)[1], "matches": sorted(set(writer.changes))})
        for line in report.skipped:
            log.warning("football-data.org %s: skipped %s", code, line)
        return report

    async def _seasons(self, code: str, matches: list[FeedMatch], data: dict[str, Any]
                       ) -> set[int]:
        """Our ids of the seasons this answer covers in full (its matches' and its filter's)."""
        years = {fm.season for fm in matches}
        season = str((data.get("filters") or {}).get("season") or "")
        if season.isdigit():
            years.add(int(season))
        found = set()
        for year in years:
            rules = await self.store.season_rules(code, year)
            if rules is not None:
                found.add(rules.id)
        return found

    def _parse(self, nodes: list[Any], tz: str, report: CompetitionReport) -> list[FeedMatch]:
        out = []
        for node in nodes:
            try:
                out.append(match(node, tz))
            except BadFeedMatch as err:
                ident = node.get("id") if isinstance(node, dict) else "?"
                report.skipped.append(f"match {ident}: {err}")
        return out

    async def _areas(self, code: str, matches: list[FeedMatch]) -> dict[int, str]:
        """Team id -> area code, read only when a team is new to us (one request; not again
        in this process for a team /teams could not place)."""
        known = await FeedQueries(self.store.db).external_ids("team")
        new = {t.id for m in matches for t in (m.home, m.away)} - set(known)
        if new <= self._asked:
            return self._areas_of
        self._asked |= new
        data = await self.client.competition_teams(code)
        teams = data.get("teams")
        if not isinstance(teams, list):
            raise FeedBadResponse(f"GET /competitions/{code}/teams: no teams list")
        self._areas_of.update({
            t["id"]: str(t["area"]["code"]) for t in teams if isinstance(t, dict)
            and isinstance(t.get("id"), int) and isinstance(t.get("area"), dict)
            and t["area"].get("code")})
        return self._areas_of

    def _say_deep(self, report: CompetitionReport, nodes: list[Any]) -> None:
        finished = [n for n in nodes if isinstance(n, dict) and n.get("status") == "FINISHED"]
        if not finished:
            return
        report.deep = any("goals" in n for n in finished)
        if not report.deep and not self._said_results_only:
            self._said_results_only = True
            log.warning("football-data.org: this token's plan has no goals or lineups (deep "
                        "data); the sync stores results only")
