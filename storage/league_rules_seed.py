"""How a league table was decided, by competition and era: points for a win, and what splits
clubs level on points (goal average: goals scored divided by goals conceded; goal difference).

Written by the migration `0011_league_points` into `league_rules`; a season takes the latest
row whose `since_year` is not after it. A competition without rows is counted with 3 points
and goal difference, and the table's footnote says the rule was assumed. Released rows are
never edited: a correction is a new migration.

England: two points for a win until 1980-81, three from 1981-82; goal average until
1975-76, goal difference from 1976-77. Elsewhere the switch to three points came in the
mid-1990s.

Head-to-head (the migration `0013_head_to_head`, which also gives a rule a note): clubs level
on points are ordered by the matches between them (points, then goal difference), then by
goal difference. Checked against spain.csv / italy.csv and the known final tables: every
season where the two orders differ at a known place goes the head-to-head way in Spain from
the first one in the data (1940-41: Valencia third above Barcelona, 27 points each, goal
difference +8 to +10; 1946-47: Valencia champions over Athletic Bilbao, 34 each, +20 to
+34; 1970-71 Valencia over Barcelona; 1980-81 Real Sociedad over Real Madrid; 2006-07 Real
Madrid over Barcelona, 76 each), so Spain is head-to-head throughout. Italy uses it from
2005-06 (2008-09: Juventus second above Milan, 74 each; 2017-18: Inter fourth above Lazio,
72 each); before, a tie for the title or relegation went to a play-off (spareggio), which
the data does not carry, and other places were split by goal difference (1994-95: Lazio
second above Parma, 63 each, on goal difference against their meetings); from 2022-23 a tie
for the title or relegation is a play-off again (2022-23: Verona beat Spezia, level on 31,
in a play-off the data lacks; the table orders them by their meetings).
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


SPAREGGIO = "a tie for the title or for relegation went to a play-off, not in our data"
# competition code -> ((first season, points for a win, tie-break, note), ...): every era of
# the competitions whose rules 0013 restates (its rows replace theirs from 0011)
HEAD_TO_HEAD_RULES: dict[str, tuple[tuple[int, int, str, str | None], ...]] = {
    "ESP1": ((1928, 2, "head_to_head", None), (1995, 3, "head_to_head", None)),
    "ITA1": ((1929, 2, "goal_difference", SPAREGGIO), (1994, 3, "goal_difference", SPAREGGIO),
             (2005, 3, "head_to_head", None),
             (2022, 3, "head_to_head", "a tie for the title or for relegation is settled by "
              "a play-off, not in our data")),
}


def head_to_head_sql() -> str:
    """0013: league_rules gains head_to_head and a note (SQLite cannot widen a CHECK, so the
    table is rebuilt with its rows), then Spain's and Italy's eras are restated."""
    out = [
        "CREATE TABLE league_rules_0013 (competition_id INTEGER NOT NULL "
        "REFERENCES competitions(id) ON DELETE CASCADE, since_year INTEGER NOT NULL, "
        "win_points INTEGER NOT NULL, tiebreak TEXT NOT NULL "
        "CHECK (tiebreak IN ('goal_average', 'goal_difference', 'head_to_head')), "
        "note TEXT, PRIMARY KEY (competition_id, since_year))",
        "INSERT INTO league_rules_0013 (competition_id, since_year, win_points, tiebreak) "
        "SELECT competition_id, since_year, win_points, tiebreak FROM league_rules",
        "DROP TABLE league_rules",
        "ALTER TABLE league_rules_0013 RENAME TO league_rules",
    ]
    for code, eras in HEAD_TO_HEAD_RULES.items():
        out.append("DELETE FROM league_rules WHERE competition_id IN "
                   f"(SELECT id FROM competitions WHERE code = '{code}')")
        for since, points, tiebreak, note in eras:
            text = "NULL" if note is None else "'" + note.replace("'", "''") + "'"
            out.append(
                "INSERT INTO league_rules (competition_id, since_year, win_points, tiebreak, "
                f"note) SELECT id, {since}, {points}, '{tiebreak}', {text} FROM competitions "
                f"WHERE code = '{code}'")
    return ";\n".join(out)
