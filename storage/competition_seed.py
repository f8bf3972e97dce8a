"""The competitions the bundled importers know, as data: code, name, country, kind, tier, eras.

A competition's eras are (first season, name) pairs: the English top flight was the First
Division until 1991-92 and the Premier League from 1992-93. `country` is the 3-letter code
clubs carry (ENG, ESP, ...) or UEFA. The migration `0007_competitions_as_data` writes these
rows; a new competition is a new row (a later migration, or any importer's own code), never
a code change. These rows are part of a released migration: never edit them; add a
competition with a new migration.
"""

from __future__ import annotations

# code, generic name, country, kind, tier, ((since, name), ...)
SEED: tuple[tuple[str, str, str, str, int | None, tuple[tuple[int, str], ...]], ...] = (
    ("UCL", "European Cup / Champions League", "UEFA", "cup", None,
     ((1955, "European Cup"), (1992, "Champions League"))),
    ("UEL", "UEFA Cup / Europa League", "UEFA", "cup", None,
     ((1971, "UEFA Cup"), (2009, "Europa League"))),
    ("UECL", "Conference League", "UEFA", "cup", None, ((2021, "Conference League"),)),
    ("ENG1", "English top flight", "ENG", "league", 1,
     ((1888, "First Division"), (1992, "Premier League"))),
    ("ENG2", "English second tier", "ENG", "league", 2,
     ((1892, "Second Division"), (1992, "First Division"), (2004, "Championship"))),
    ("ENG3", "English third tier", "ENG", "league", 3,
     ((1920, "Third Division"), (1992, "Second Division"), (2004, "League One"))),
    ("ENG3N", "Third Division North", "ENG", "league", 3, ((1921, "Third Division North"),)),
    ("ENG3S", "Third Division South", "ENG", "league", 3, ((1921, "Third Division South"),)),
    ("ENG4", "English fourth tier", "ENG", "league", 4,
     ((1958, "Fourth Division"), (1992, "Third Division"), (2004, "League Two"))),
    ("ENG5", "English fifth tier", "ENG", "league", 5,
     ((1979, "Alliance Premier League"), (1986, "Conference"), (2015, "National League"))),
    ("FACUP", "FA Cup", "ENG", "cup", None, ((1871, "FA Cup"),)),
    ("LEAGUECUP", "League Cup", "ENG", "cup", None,
     ((1960, "League Cup"), (2016, "EFL Cup"))),
    ("ESP1", "Spanish top flight", "ESP", "league", 1, ((1928, "La Liga"),)),
    ("ITA1", "Italian top flight", "ITA", "league", 1, ((1929, "Serie A"),)),
    ("GER1", "German top flight", "GER", "league", 1, ((1963, "Bundesliga"),)),
    ("GER2", "German second tier", "GER", "league", 2, ((1974, "2. Bundesliga"),)),
    ("GER2N", "2. Bundesliga Nord", "GER", "league", 2, ((1974, "2. Bundesliga Nord"),)),
    ("GER2S", "2. Bundesliga Süd", "GER", "league", 2, ((1974, "2. Bundesliga Süd"),)),
    ("FRA1", "French top flight", "FRA", "league", 1,
     ((1932, "Division 1"), (2002, "Ligue 1"))),
    ("NED1", "Dutch top flight", "NED", "league", 1, ((1956, "Eredivisie"),)),
    ("POR1", "Portuguese top flight", "POR", "league", 1, ((1934, "Primeira Liga"),)),
    ("SCO1", "Scottish top flight", "SCO", "league", 1,
     ((1975, "Premier Division"), (1998, "Premier League"), (2013, "Premiership"))),
    ("SCO2", "Scottish second tier", "SCO", "league", 2,
     ((1975, "First Division"), (2013, "Championship"))),
    ("SCO3", "Scottish third tier", "SCO", "league", 3,
     ((1975, "Second Division"), (2013, "League One"))),
    ("SCO4", "Scottish fourth tier", "SCO", "league", 4,
     ((1994, "Third Division"), (2013, "League Two"))),
)


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def seed_sql() -> str:
    """The migration's statements (no ';' or '--' inside the literals: see _split_sql)."""
    out = [
        "ALTER TABLE competitions ADD COLUMN country TEXT",
        "ALTER TABLE competitions ADD COLUMN kind TEXT NOT NULL DEFAULT 'cup' "
        "CHECK (kind IN ('league', 'cup'))",
        "ALTER TABLE competitions ADD COLUMN tier INTEGER",
        "CREATE TABLE competition_eras (competition_id INTEGER NOT NULL "
        "REFERENCES competitions(id) ON DELETE CASCADE, since_year INTEGER NOT NULL, "
        "name TEXT NOT NULL, PRIMARY KEY (competition_id, since_year))",
    ]
    for code, name, country, kind, tier, eras in SEED:
        modern = str(eras[-1][0]) if len(eras) > 1 else "NULL"
        out.append(f"INSERT OR IGNORE INTO competitions (code, name, modern_since) "
                   f"VALUES ({_q(code)}, {_q(name)}, {modern})")
        out.append(f"UPDATE competitions SET country = {_q(country)}, kind = {_q(kind)}, "
                   f"tier = {'NULL' if tier is None else tier} WHERE code = {_q(code)}")
        for since, era in eras:
            out.append(f"INSERT OR IGNORE INTO competition_eras (competition_id, since_year, "
                       f"name) SELECT id, {since}, {_q(era)} FROM competitions "
                       f"WHERE code = {_q(code)}")
    return ";\n".join(out)
