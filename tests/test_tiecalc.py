"""The second-leg calculator across rule eras."""

from __future__ import annotations

from bot.families.tie import needs_sentence
from bot.tiecalc import Leg2, needs, outcome
from storage.rows import SeasonRules
from storage.rules import uefa_rules


def rules(year: int) -> SeasonRules:
    r = uefa_rules(year)
    return SeasonRules(0, 0, year, r.away_goals, r.away_goals_in_extra_time, r.extra_time,
                       r.decider)


def test_away_goals_era_two_nil_enough_but_three_one_only_extra_time() -> None:
    # Real Madrid 3-1 Liverpool in Madrid (2020-21): Liverpool at home in the second leg.
    r = rules(2020)
    assert outcome(3, 1, Leg2(2, 0), r) == "second"       # Liverpool through on away goals
    assert outcome(3, 1, Leg2(3, 1), r) == "extra_time"
    assert outcome(3, 1, Leg2(4, 2), r) == "first"        # Real Madrid through on away goals
    text = needs_sentence("Liverpool", needs(3, 1, r, "second"), "second")
    assert "2-0 is enough" in text and "3-1 only forces extra time" in text


def test_no_away_goals_four_goal_win_needed_three_forces_extra_time() -> None:
    # Liverpool 2-5 Real Madrid at Anfield (2022-23): Liverpool away in the second leg.
    r = rules(2022)
    n = needs(2, 5, r, "first")
    assert n.through_from == 4
    assert 3 in n.extra_time_margins
    text = needs_sentence("Liverpool", n, "first")
    assert "win by four goals or more" in text and "a three-goal win forces extra time" in text
    real = needs(2, 5, r, "second")
    assert real.through_from == -2   # Real Madrid could lose by two and still go through


def test_replay_era_level_tie_goes_to_a_replay() -> None:
    r = rules(1960)
    assert not r.away_goals
    assert outcome(2, 1, Leg2(1, 0), r) == "replay"   # 2-2 on aggregate, no away goals
    assert outcome(2, 1, Leg2(2, 0), r) == "second"


def test_away_goals_count_double_only_when_rule_applies() -> None:
    # First club lost 0-1 at home, wins 1-0 away: 1-1, one away goal each.
    assert outcome(0, 1, Leg2(0, 1), rules(2019)) == "extra_time"
    # First club lost 1-2 at home, wins 1-0 away: 2-2, the second club scored two away.
    assert outcome(1, 2, Leg2(0, 1), rules(2019)) == "second"
    assert outcome(1, 2, Leg2(0, 1), rules(2021)) == "extra_time"   # same score, rule abolished
