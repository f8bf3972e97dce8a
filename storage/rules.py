"""Default tie rules for UEFA club competitions, by season start year.

UEFA history, as stored (documented in the README):
- to 1966-67: a level tie went to a replay (a coin toss if the replay was level too);
- 1967-68 to 1969-70: away goals, then extra time, then a replay or coin toss;
- 1970-71 to 2020-21: away goals (also in extra time), extra time, penalties;
- from 2021-22: no away-goals rule; extra time, penalties.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rules:
    away_goals: bool
    away_goals_in_extra_time: bool
    extra_time: bool
    decider: str


def uefa_rules(start_year: int) -> Rules:
    if start_year <= 1966:
        return Rules(False, False, False, "replay")
    if start_year <= 1969:
        return Rules(True, True, True, "replay")
    if start_year <= 2020:
        return Rules(True, True, True, "penalties")
    return Rules(False, False, True, "penalties")
