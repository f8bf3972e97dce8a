"""The second-leg calculator: which 90-minute scorelines put each side through.

Pure functions over a first-leg score and the season's rules; no storage, no text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storage.rows import SeasonRules

Outcome = Literal["first", "second", "extra_time", "replay"]
# "first" = the club at home in the first leg (away in the second); "second" = the other.

MAX_GOALS = 6


@dataclass(frozen=True, slots=True)
class Leg2:
    """A second-leg 90-minute score, from the second-leg home side's view."""

    home: int   # goals of the club at home in the second leg
    away: int


def outcome(first_home: int, first_away: int, leg2: Leg2, rules: SeasonRules) -> Outcome:
    """Who goes through after 90 minutes of the second leg (or what comes next)."""
    # The first leg's home club plays away in the second leg.
    agg_first = first_home + leg2.away
    agg_second = first_away + leg2.home
    if agg_first != agg_second:
        return "first" if agg_first > agg_second else "second"
    if rules.away_goals:
        away_first, away_second = leg2.away, first_away
        if away_first != away_second:
            return "first" if away_first > away_second else "second"
    return "extra_time" if rules.extra_time else "replay"


@dataclass(frozen=True, slots=True)
class Needs:
    """What one side needs, by its own second-leg goal margin."""

    through_from: int | None        # the smallest margin that always goes through
    extra_time_margins: tuple[int, ...]  # margins that always force extra time (or a replay)
    mixed: dict[int, tuple[tuple[Leg2, Outcome], ...]]  # margins where the score decides


def needs(first_home: int, first_away: int, rules: SeasonRules, side: Outcome) -> Needs:
    """Classify every scoreline up to MAX_GOALS a side by that side's margin in leg 2."""
    by_margin: dict[int, list[tuple[Leg2, Outcome]]] = {}
    for h in range(MAX_GOALS + 1):
        for a in range(MAX_GOALS + 1):
            leg2 = Leg2(h, a)
            margin = (a - h) if side == "first" else (h - a)
            by_margin.setdefault(margin, []).append((leg2, outcome(first_home, first_away, leg2,
                                                                   rules)))
    through_from = None
    level = {"extra_time", "replay"}
    et_margins, mixed = [], {}
    for margin in sorted(by_margin):
        results = {o for _, o in by_margin[margin]}
        if results == {side}:
            if through_from is None or margin < through_from:
                through_from = margin
        elif results <= level:
            et_margins.append(margin)
        elif len(results) > 1:
            mixed[margin] = tuple(sorted(by_margin[margin],
                                         key=lambda x: min(x[0].home, x[0].away)))
    # Keep the "always through" margin honest: every larger margin must also go through.
    if through_from is not None:
        for margin in sorted(by_margin):
            if margin > through_from and {o for _, o in by_margin[margin]} != {side}:
                through_from = None
                break
    return Needs(through_from, tuple(et_margins),
                 {m: v for m, v in mixed.items() if through_from is None or m < through_from})
