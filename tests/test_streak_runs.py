"""Team streaks walk a club's whole timeline for six kinds: the fast walk (only the breaks)
must give exactly what the plain definition gives (bot/families/streaks.py)."""

from __future__ import annotations

import random

from bot.families.common import current_and_longest
from bot.families.streaks import current_and_longest_of, kind_flags

TESTS = {"scoring": lambda f, a: f > 0, "unbeaten": lambda f, a: f >= a,
         "winning": lambda f, a: f > a, "winless": lambda f, a: f <= a,
         "losing": lambda f, a: f < a, "clean": lambda f, a: a == 0}


def test_the_fast_walk_finds_the_same_current_and_longest_runs() -> None:
    rng = random.Random(14)
    cases = [[], [True], [False], [True, True], [False, True, True, False, True, True]]
    cases += [[rng.random() < p for _ in range(rng.randrange(60))]
              for p in (0.2, 0.5, 0.8, 0.95) for _ in range(300)]
    for flags in cases:
        assert current_and_longest_of(flags) == current_and_longest(flags), flags


def test_each_kind_tests_goals_for_and_against_as_defined() -> None:
    rng = random.Random(9)
    gf = [rng.randrange(5) for _ in range(500)]
    ga = [rng.randrange(5) for _ in range(500)]
    flags = kind_flags(gf, ga)
    assert set(flags) == set(TESTS)
    for kind, test in TESTS.items():
        assert flags[kind] == [test(f, a) for f, a in zip(gf, ga, strict=True)], kind
