"""Competitions as data: the catalogue rows (code, names per era, country, kind, tier)."""

from __future__ import annotations

from collections import defaultdict

import aiosqlite

from storage.rows import CompetitionInfo


class CompetitionQueries:
    db: aiosqlite.Connection

    async def competition_catalog(self) -> list[CompetitionInfo]:
        """Every competition with its eras and the seasons it has matches in."""
        eras: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for cid, since, name in await self.db.execute_fetchall(
                "SELECT competition_id, since_year, name FROM competition_eras "
                "ORDER BY competition_id, since_year"):
            eras[cid].append((since, name))
        span = {r[0]: (r[1], r[2], r[3]) for r in await self.db.execute_fetchall(
            "SELECT competition_id, MIN(start_year), MAX(start_year), COUNT(*) FROM seasons "
            "GROUP BY competition_id")}
        rows = await self.db.execute_fetchall(
            "SELECT id, code, name, country, kind, tier FROM competitions ORDER BY id")
        out = []
        for cid, code, name, country, kind, tier in rows:
            first, last, seasons = span.get(cid, (None, None, 0))
            out.append(CompetitionInfo(cid, code, name, country, kind, tier,
                                       tuple(eras.get(cid, ())), first, last, seasons))
        return out
