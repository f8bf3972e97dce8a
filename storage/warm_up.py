"""The clubs the bot is likely to be asked about first after a start (bot/warm_up.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.store import Store


async def coming_fixtures(store: Store, first: date, days: int, limit: int
                          ) -> list[tuple[int, int]]:
    """(home id, away id) of the scheduled matches from `first` over `days` days, soonest
    first (a range of the date index)."""
    rows = await store.db.execute_fetchall(
        "SELECT home_id, away_id FROM matches WHERE date BETWEEN ? AND ? "
        "AND status = 'scheduled' ORDER BY date, kickoff_utc, id LIMIT ?",
        (first.isoformat(), (first + timedelta(days=days)).isoformat(), limit))
    return [(r[0], r[1]) for r in rows]


async def subscribed_clubs(store: Store, limit: int) -> list[int]:
    """Clubs followed by channels, the most followed first."""
    rows = await store.db.execute_fetchall(
        "SELECT target_id FROM subscriptions WHERE target_kind = 'club' "
        "GROUP BY target_id ORDER BY COUNT(*) DESC, target_id LIMIT ?", (limit,))
    return [r[0] for r in rows]


async def busiest_clubs(store: Store, limit: int) -> list[int]:
    """Clubs with the most matches in the last year of played matches stored."""
    rows = await store.db.execute_fetchall(
        "SELECT MAX(date) FROM matches WHERE status = 'played'")
    if not rows or rows[0][0] is None:
        return []
    since = (date.fromisoformat(rows[0][0]) - timedelta(days=365)).isoformat()
    rows = await store.db.execute_fetchall(
        "SELECT club FROM (SELECT home_id AS club FROM matches WHERE date >= ? "
        "AND status = 'played' UNION ALL SELECT away_id FROM matches WHERE date >= ? "
        "AND status = 'played') GROUP BY club ORDER BY COUNT(*) DESC, club LIMIT ?",
        (since, since, limit))
    return [r[0] for r in rows]
