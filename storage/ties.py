"""Two-legged ties, derived from the matches (never typed in)."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from storage.matches import MATCH_COLUMNS, MATCH_FROM, to_match
from storage.rows import Match, SeasonRules, Tie
from storage.where import Where


@dataclass(frozen=True, slots=True)
class TieOutcome:
    agg_a: int | None
    agg_b: int | None
    winner_id: int | None
    decided_by: str | None


def decide_tie(
    leg1: Match,
    leg2: Match | None,
    rules: SeasonRules,
    replay: Match | None = None,
    fallback_winner: int | None = None,
) -> TieOutcome:
    """Aggregate and winner of a two-legged tie from its scores and the season's rules.

    `fallback_winner` (a source's own word) is used only when the scores leave the tie level:
    coin tosses and walkovers.
    """
    a, b = leg1.home_id, leg1.away_id
    if leg1.status != "played" or leg1.home_goals is None:
        return TieOutcome(None, None, None, None)
    if leg2 is None or leg2.status != "played" or leg2.home_goals is None:
        return TieOutcome(leg1.home_goals, leg1.away_goals,
                          fallback_winner if leg2 is None and fallback_winner else None,
                          "walkover" if leg2 is None and fallback_winner else None)
    agg_a = leg1.goals_for(a) + leg2.goals_for(a)  # type: ignore[operator]
    agg_b = leg1.goals_for(b) + leg2.goals_for(b)  # type: ignore[operator]
    went_to_et = leg2.aet_home is not None
    if agg_a != agg_b:
        return TieOutcome(agg_a, agg_b, a if agg_a > agg_b else b,
                          "extra_time" if went_to_et else "aggregate")
    if rules.away_goals:
        use_et = rules.away_goals_in_extra_time
        away_a = (leg2.away_goals if use_et else leg2.ft_away) or 0
        away_b = leg1.away_goals or 0
        if away_a != away_b:
            return TieOutcome(agg_a, agg_b, a if away_a > away_b else b, "away_goals")
    if leg2.pen_home is not None and leg2.pen_away is not None:
        winner = leg2.home_id if leg2.pen_home > leg2.pen_away else leg2.away_id
        return TieOutcome(agg_a, agg_b, winner, "penalties")
    if replay is not None and replay.status == "played" and replay.home_goals is not None:
        if replay.home_goals != replay.away_goals:
            winner = replay.home_id if replay.home_goals > replay.away_goals else replay.away_id
            return TieOutcome(agg_a, agg_b, winner, "replay")
        if replay.pen_home is not None and replay.pen_away is not None:
            winner = replay.home_id if replay.pen_home > replay.pen_away else replay.away_id
            return TieOutcome(agg_a, agg_b, winner, "replay")
    if fallback_winner is not None:
        return TieOutcome(agg_a, agg_b, fallback_winner, "coin_toss")
    return TieOutcome(agg_a, agg_b, None, None)


TIE_COLUMNS = """t.id, c.code, s.start_year, t.stage, t.round, t.first_leg_id, t.second_leg_id,
    t.replay_id, t.club_a, t.club_b, t.agg_a, t.agg_b, t.winner_id, t.decided_by"""
TIE_FROM = ("FROM ties t JOIN seasons s ON s.id = t.season_id "
            "JOIN competitions c ON c.id = s.competition_id "
            "JOIN matches m1 ON m1.id = t.first_leg_id")


class TieQueries:
    """Mixed into Store after MatchQueries, whose `season_rules` it uses."""

    db: aiosqlite.Connection

    async def rebuild_ties(
        self, season_ids: Iterable[int], tie_winners: dict[int, int] | None = None
    ) -> int:
        """Re-derive the ties of these seasons from their matches. Inside a transaction.

        `tie_winners` maps a first- or second-leg match id to a source's stated winner, used
        only for ties the scores leave level (coin toss, walkover).
        """
        hints = tie_winners or {}
        count = 0
        for season_id in set(season_ids):
            await self.db.execute("DELETE FROM ties WHERE season_id = ?", (season_id,))
            rows = await self.db.execute_fetchall(
                f"SELECT {MATCH_COLUMNS}, s.id {MATCH_FROM} WHERE m.season_id = ? "
                "AND m.leg IN ('1', '2', 'replay') AND m.status != 'cancelled' "
                "ORDER BY m.date, m.id",
                (season_id,),
            )
            groups: dict[tuple[str, frozenset[int]], list[Match]] = defaultdict(list)
            for row in rows:
                m = to_match(row[:-1])
                groups[(m.round, frozenset((m.home_id, m.away_id)))].append(m)
            for legs in groups.values():
                firsts = [m for m in legs if m.leg != "replay"]
                replays = [m for m in legs if m.leg == "replay"]
                if not firsts:
                    continue
                leg1 = firsts[0]
                leg2 = firsts[1] if len(firsts) > 1 else None
                replay = replays[0] if replays else None
                rules = await self.season_rules(leg1.competition, leg1.season)  # type: ignore[attr-defined]
                assert rules is not None
                hint = hints.get(leg1.id) or (hints.get(leg2.id) if leg2 else None)
                out = decide_tie(leg1, leg2, rules, replay, hint)
                await self.db.execute(
                    "INSERT INTO ties (season_id, stage, round, first_leg_id, second_leg_id, "
                    "replay_id, club_a, club_b, agg_a, agg_b, winner_id, decided_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (season_id, leg1.stage, leg1.round, leg1.id, leg2.id if leg2 else None,
                     replay.id if replay else None, leg1.home_id, leg1.away_id, out.agg_a,
                     out.agg_b, out.winner_id, out.decided_by),
                )
                count += 1
        return count

    async def ties(
        self,
        *,
        club_ids: Iterable[int] = (),
        opponent_ids: Iterable[int] = (),
        competitions: Iterable[str] = (),
        stages: Iterable[str] = ("knockout",),
        since_year: int | None = None,
        before: str | None = None,
    ) -> list[Tie]:
        """Ties whose first leg was played before `before`, oldest first."""
        clubs, opponents = list(club_ids), list(opponent_ids)
        if len(clubs) == 1 and len(opponents) == 1 and not competitions and since_year is None:
            ties, dates = await self.pair_ties(clubs[0], opponents[0])
            end = len(ties) if before is None else bisect_left(dates, before)
            wanted = set(stages)
            return [t for t in ties[:end] if not wanted or t.stage in wanted]
        return await self._read_ties(clubs, opponents, competitions, stages, since_year, before)

    async def _read_ties(self, clubs: Iterable[int], opponents: Iterable[int],
                         competitions: Iterable[str], stages: Iterable[str],
                         since_year: int | None, before: str | None) -> list[Tie]:
        where = Where()
        where.sides("t.club_a", "t.club_b", clubs, opponents)
        where.scope(competitions, "t.stage", stages, since_year, "m1.date", before)
        rows = await self.db.execute_fetchall(
            f"SELECT {TIE_COLUMNS} {TIE_FROM}{where.sql} ORDER BY m1.date, t.id",
            where.params,
        )
        return [Tie(*r) for r in rows]

    async def pair_ties(self, a: int, b: int) -> tuple[list[Tie], list[str]]:
        """Every tie of two clubs, any stage, oldest first, and each one's first-leg date:
        derived once until a write touches either club. One read serves every as-of date
        (at 50x history a pair has hundreds of ties, an answer as of a date a few)."""
        lo, hi = sorted((a, b))
        return await self.derived(  # type: ignore[attr-defined]
            [("club", lo), ("club", hi)], ("pair_ties", lo, hi),
            lambda: self._pair_ties(lo, hi), weight_of=lambda value: 1 + len(value[0]))

    async def _pair_ties(self, a: int, b: int) -> tuple[list[Tie], list[str]]:
        rows = []
        for home, away in ((a, b), (b, a)):   # one ties_pair range each, no OR
            rows += await self.db.execute_fetchall(
                f"SELECT {TIE_COLUMNS}, m1.date {TIE_FROM} WHERE t.club_a = ? AND t.club_b = ?",
                (home, away))
        rows.sort(key=lambda r: (r[-1], r[0]))   # first-leg date, then id: as ties() orders
        return [Tie(*r[:-1]) for r in rows], [r[-1] for r in rows]

    async def last_tie(self, club_id: int, stages: Iterable[str],
                       before: str | None = None) -> Tie | None:
        """The club's latest tie (by first-leg date) in these stages: what `ties(...)[-1]`
        gives (kept until a write touches the club)."""
        wanted = tuple(stages)
        return await self.derived(  # type: ignore[attr-defined]
            [("club", club_id)], ("last_tie", club_id, wanted, before),
            lambda: self._last_tie(club_id, wanted, before))

    async def _last_tie(self, club_id: int, wanted: tuple[str, ...],
                        before: str | None) -> Tie | None:
        """A newest-first walk of each side's first legs that stops at the first."""
        marks = ", ".join("?" * len(wanted))
        parts, params = [], []
        for side in ("m1.home_id", "m1.away_id"):
            sql = (f"SELECT {TIE_COLUMNS}, m1.date AS first_date FROM matches m1 "
                   "JOIN ties t ON t.first_leg_id = m1.id JOIN seasons s ON s.id = t.season_id "
                   "JOIN competitions c ON c.id = s.competition_id "
                   f"WHERE {side} = ? AND t.stage IN ({marks})")
            params += [club_id, *wanted]
            if before is not None:
                sql += " AND m1.date < ?"
                params.append(before)
            parts.append(f"SELECT * FROM ({sql} ORDER BY m1.date DESC, t.id DESC LIMIT 1)")
        rows = await self.db.execute_fetchall(
            " UNION ALL ".join(parts) + " ORDER BY first_date DESC, 1 DESC LIMIT 1", params)
        return Tie(*rows[0][:-1]) if rows else None
