"""Writing our CSV's goals and appearances rows onto matches already stored."""

from __future__ import annotations

from collections import defaultdict

from storage.importers.common import GoalRecord, LineError
from storage.importers.csvfile import AppearanceRow, MatchKey
from storage.importers.writer import Writer


async def _match(writer: Writer, key: MatchKey) -> tuple[int, int, int, str, tuple]:
    """(match id, home id, away id, credited side, final score) of a row; LineError if none."""
    ids = []
    for ref in (key.home, key.away, key.team):
        club_id = await writer.clubs.resolve(ref)
        if club_id is None:
            raise LineError(f"unknown club {ref.name!r}", key.line)
        ids.append(club_id)
    home, away, team = ids
    rows = await writer.store.db.execute_fetchall(
        "SELECT id, ft_home, ft_away, aet_home, aet_away FROM matches "
        "WHERE home_id = ? AND away_id = ? AND date = ?", (home, away, key.date))
    if not rows:
        raise LineError(f"no match {key.home.name} v {key.away.name} on {key.date}: "
                        "import its matches.csv row first", key.line)
    if team not in (home, away):
        raise LineError(f"team {key.team.name!r} is neither side of the match", key.line)
    r = rows[0]
    final = (r[3], r[4]) if r[3] is not None else (r[1], r[2])
    return r[0], home, away, "home" if team == home else "away", final


async def write_goals(writer: Writer, rows: list[tuple[MatchKey, GoalRecord]]) -> None:
    """The goals given for a match replace its stored goals."""
    per_match: dict[int, list[GoalRecord]] = defaultdict(list)
    sides: dict[int, tuple[int, int]] = {}
    for key, goal in rows:
        match_id, home, away, side, final = await _match(writer, key)
        per_match[match_id].append(GoalRecord(side, goal.player, goal.minute, goal.stoppage,
                                              goal.penalty, goal.own_goal, goal.assist))
        sides[match_id] = (home, away)
        count = sum(g.side == side for g in per_match[match_id])
        limit = final[0 if side == "home" else 1]
        if limit is None or count > limit:
            raise LineError(f"{count} goals for {key.team.name} but the score gives "
                            f"{limit if limit is not None else 'none'}", key.line)
    for match_id, goals in per_match.items():
        await writer.goals(goals, match_id, *sides[match_id])


async def write_appearances(writer: Writer, rows: list[AppearanceRow]) -> None:
    """The appearances given for a match replace its stored ones; minutes from on/off."""
    per_match: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        match_id, home, away, side, _final = await _match(writer, row.key)
        aet = await writer.store.db.execute_fetchall(
            "SELECT aet_home IS NOT NULL FROM matches WHERE id = ?", (match_id,))
        end = 120 if aet[0][0] else 90
        team = home if side == "home" else away
        player = await writer.player(row.player, team)
        start = 0 if row.started else row.minute_on
        minutes = max(0, (row.minute_off or end) - start) if start is not None else 0
        per_match[match_id].append((player, team, row.started, row.minute_on, row.minute_off,
                                    minutes))
    for match_id, apps in per_match.items():
        if await writer.store.replace_appearances(match_id, apps):
            writer.summary.appearances_added += len(apps)
