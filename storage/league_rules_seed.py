"""How a league table was decided, by competition and era: points for a win, and what splits
clubs level on points (goal average: goals scored divided by goals conceded; goal difference).

Written by the migration `0011_league_points` into `league_rules`; a season takes the latest
row whose `since_year` is not after it. A competition without rows is counted with 3 points
and goal difference, and the table's footnote says the rule was assumed. Released rows are
never edited: a correction is a new migration.

England: two points for a win until 1980-81, three from 1981-82; goal average until
1975-76, goal difference from 1976-77. Elsewhere the switch to three points came in the
mid-1990s; where the league's own first tie-break is head-to-head (Spain, Italy) or a
play-off, the table still splits by goal difference and says so in its footnote.
"""

from __future__ import annotations

ENGLAND = ((1888, 2, "goal_average"), (1976, 2, "goal_difference"),
           (1981, 3, "goal_difference"))

# competition code -> ((first season, points for a win, tie-break), ...)
RULES: dict[str, tuple[tuple[int, int, str], ...]] = {
    **{code: ENGLAND for code in ("ENG1", "ENG2", "ENG3", "ENG3N", "ENG3S", "ENG4")},
    "ENG5": ((1986, 3, "goal_difference"),),
    "SCO1": ((1890, 2, "goal_average"), (1971, 2, "goal_difference"),
             (1994, 3, "goal_difference")),
    **{code: ((1890, 2, "goal_difference"), (1994, 3, "goal_difference"))
       for code in ("SCO2", "SCO3", "SCO4")},
    "ESP1": ((1928, 2, "goal_difference"), (1995, 3, "goal_difference")),
    "ITA1": ((1929, 2, "goal_difference"), (1994, 3, "goal_difference")),
    "GER1": ((1963, 2, "goal_average"), (1970, 2, "goal_difference"),
             (1995, 3, "goal_difference")),
    **{code: ((1974, 2, "goal_difference"), (1995, 3, "goal_difference"))
       for code in ("GER2", "GER2N", "GER2S")},
    "FRA1": ((1932, 2, "goal_difference"), (1994, 3, "goal_difference")),
    "NED1": ((1956, 2, "goal_difference"), (1995, 3, "goal_difference")),
    "POR1": ((1934, 2, "goal_difference"), (1995, 3, "goal_difference")),
}


def rules_sql() -> str:
    """The migration's statements (no ';' or '--' inside the literals: see _split_sql)."""
    out = [
        "CREATE TABLE league_rules (competition_id INTEGER NOT NULL "
        "REFERENCES competitions(id) ON DELETE CASCADE, since_year INTEGER NOT NULL, "
        "win_points INTEGER NOT NULL, tiebreak TEXT NOT NULL "
        "CHECK (tiebreak IN ('goal_average', 'goal_difference')), "
        "PRIMARY KEY (competition_id, since_year))",
    ]
    for code, eras in RULES.items():
        for since, points, tiebreak in eras:
            out.append(
                "INSERT OR IGNORE INTO league_rules (competition_id, since_year, win_points, "
                f"tiebreak) SELECT id, {since}, {points}, '{tiebreak}' FROM competitions "
                f"WHERE code = '{code}'")
    return ";\n".join(out)
