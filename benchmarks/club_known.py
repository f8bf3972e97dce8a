"""The cases benchmarks/club_checks.py finds that were looked at by hand and are explained:
what the sources themselves get wrong, and pairs of names that really are two clubs.

Every entry says why. A case the check finds that nothing here explains is a new problem (a
club split in two, two clubs merged, a match stored twice) and makes the check fail. The
near-name pairs decided as two clubs are in club_decisions.csv next to this file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DECISIONS = Path(__file__).with_name("club_decisions.csv")

# 1. Clubs in Europe without league matches in those seasons.
SPLIT = "East German club: germany.csv has no DDR-Oberliga"
KNOWN_SPLIT: dict[tuple[str, str], str] = {
    ("GER", name): SPLIT for name in (
        "ASK Vorwarts Berlin", "BFC Dynamo", "BSG Chemie Leipzig", "Dynamo Dresden",
        "FC Carl Zeiss Jena", "FC Karl-Marx-Stadt", "Magdeburg", "SC Motor Jena")
}

# 4. Aliases joined to their club by a loose rule (words contained, fuzzy), checked by hand.
LOOSE = "the same club, joined by the resolver's contained-words or fuzzy rule: checked"
KNOWN_LOOSE: dict[tuple[str, str, str], str] = {
    key: LOOSE for key in (
        ("AUT", "Red Bull Salzburg", "FC RB Salzburg"), ("BLR", "BATE Borisov", "BATE Borissow"),
        ("CYP", "APOEL", "APOEL Nicosia FC"), ("CYP", "Omonia Nicosia", "Omonia Nikosia"),
        ("GRE", "AEK Athens", "AEK Athen"), ("GRE", "Olympiacos", "Olympiacos Piraeus FC"),
        ("ITA", "Juventus", "Juventus Torino"), ("KOS", "Drita Gjilan", "KF Drita"),
        ("LTU", "FK Zalgiris Vilnius", "FK Žalgiris"),
        ("MKD", "Rabotnicki", "Rabotnički Skopje"), ("POR", "Benfica", "Benfica Lisboa"),
        ("POR", "Sporting CP", "Sporting Lisboa"), ("SRB", "Partizan", "Partizan Beograd"),
        ("SUI", "Lausanne Sports", "FC Lausanne-Sport"))
}


@dataclass(frozen=True)
class DateError:
    """Matches a source dates wrongly: two meetings of a pair on one day, or a club twice on
    one day, from `first` to `last` (ISO dates) in these competitions (and these clubs)."""

    first: str
    last: str
    competitions: frozenset[str]
    clubs: frozenset[str] | None
    reason: str

    def explains(self, day: str, competitions: set[str], club: str | None) -> bool:
        return (self.first <= day <= self.last and competitions <= self.competitions
                and (self.clubs is None or club is None or club in self.clubs))


def _e(first: str, last: str, comps: str, reason: str, clubs: str | None = None) -> DateError:
    return DateError(first, last, frozenset(comps.split()),
                     frozenset(clubs.split("|")) if clubs else None, reason)


ONE_DAY = "the source gives a whole round (or several) one date"
TWO_FILES = "one of the two source files dates one of these matches wrongly"
KNOWN_DATES: tuple[DateError, ...] = (
    _e("1887-10-15", "1887-10-15", "FACUP", "facup.csv: Newcastle West End twice one day",
       "Newcastle West End"),
    _e("1933-01-01", "1937-12-31", "FRA1",
       "france.csv 1932-33 to 1936-37: one date (July) for every match of a season"),
    _e("1935-02-01", "1935-02-28", "ITA1", "italy.csv 1934-35: " + ONE_DAY),
    _e("1945-12-01", "1946-03-31", "ITA1",
       "italy.csv 1945-46 (north and south groups): Napoli and Palermo twice one day",
       "Napoli|US Palermo"),
    _e("1946-03-01", "1946-03-31", "FRA1", "france.csv 1945-46: " + ONE_DAY),
    _e("1932-01-01", "1966-12-31", "FACUP",
       "facup.csv 1932-66: Hereford United's qualifying ties on the dates of another round",
       "Hereford United"),
    _e("1956-02-12", "1956-02-12", "UCL ITA1", TWO_FILES, "AC Milan"),
    _e("1958-09-14", "1958-09-14", "UCL FRA1", TWO_FILES, "Stade Reims"),
    _e("1962-02-21", "1962-02-21", "UCL ENG1", TWO_FILES, "Tottenham Hotspur"),
    _e("1963-03-30", "1963-03-30", "FRA1", "france.csv 1962-63: " + ONE_DAY, "AS Nancy"),
    _e("1963-09-25", "1963-09-25", "UCL ITA1", TWO_FILES, "Inter"),
    _e("1970-06-06", "1970-06-06", "FRA1", "france.csv 1969-70: " + ONE_DAY,
       "AS Saint-Etienne"),
    _e("1970-11-18", "1970-11-18", "FRA1", "france.csv 1970-71: " + ONE_DAY),
    _e("1971-03-13", "1971-03-13", "GER1", "germany.csv 1970-71: " + ONE_DAY),
    _e("1975-02-01", "1975-02-01", "GER1", "germany.csv 1974-75: " + ONE_DAY),
    _e("1975-05-01", "1976-05-31", "GER2N", "germany.csv 2. Bundesliga Nord: " + ONE_DAY),
    _e("1977-09-27", "1977-09-27", "ENG2 LEAGUECUP", TWO_FILES, "Brighton & Hove Albion"),
    _e("1978-01-18", "1978-01-18", "FRA1", "france.csv 1977-78: " + ONE_DAY),
    _e("1980-02-13", "1980-02-13", "NED1", "holland.csv 1979-80: " + ONE_DAY),
    _e("1981-02-21", "1981-02-21", "GER2S", "germany.csv 2. Bundesliga Süd: " + ONE_DAY),
    _e("1981-05-09", "1981-05-09", "GER1", "germany.csv 1980-81: " + ONE_DAY),
    _e("1981-09-01", "1981-09-01", "UCL FRA1", TWO_FILES, "AS Saint-Etienne"),
    _e("1982-09-01", "1982-09-01", "GER1", "germany.csv 1982-83: " + ONE_DAY),
    _e("1982-10-20", "1982-11-03", "UCL",
       "champs.csv 1982-83 first and second rounds: both legs of five ties on one date"),
    _e("1983-03-20", "1983-03-20", "ITA1", "italy.csv 1982-83: " + ONE_DAY),
    _e("1986-02-01", "1986-05-31", "GER2", "germany.csv 2. Bundesliga 1985-86: " + ONE_DAY),
    _e("1988-12-10", "1988-12-10", "FRA1", "france.csv 1988-89: " + ONE_DAY),
    _e("1991-09-15", "1991-09-15", "ITA1", "italy.csv 1991-92: " + ONE_DAY),
    _e("1995-01-28", "1995-01-28", "FACUP ENG2", TWO_FILES, "Watford"),
    _e("1995-09-23", "1995-09-23", "UCL POR1", TWO_FILES, "Porto"),
    _e("2000-09-26", "2000-09-26", "LEAGUECUP",
       "leaguecup.csv 2000-01: both legs of Wolves v Grimsby on one date",
       "Wolverhampton Wanderers|Grimsby Town"),
    _e("2001-09-22", "2001-09-22", "ITA1", "italy.csv 2001-02: " + ONE_DAY, "US Lecce"),
    _e("2003-09-13", "2003-09-13", "LEAGUECUP ENG2 ENG3 ENG4",
       "leaguecup.csv 2003-04 first round dated on a league Saturday"),
    _e("2009-02-21", "2009-02-21", "LEAGUECUP ENG2", TWO_FILES, "Burnley"),
    _e("2009-10-26", "2009-10-26", "LEAGUECUP ENG2", TWO_FILES, "Leicester City"),
    _e("2016-03-08", "2016-03-08", "ENG5",
       "openfootball National League 2015-16: Barrow v Boreham Wood both ways on one date",
       "Barrow|Boreham Wood"),
)


def known_distinct() -> dict[frozenset[tuple[str, str]], str]:
    """{(country, name), (country, other)} -> why the two near names are two clubs."""
    with DECISIONS.open(encoding="utf-8", newline="") as f:
        return {frozenset({(r["country"], r["name"]), (r["country"], r["other"])}): r["reason"]
                for r in csv.DictReader(f)}


def date_error(day: str, competitions: set[str], club: str | None) -> str | None:
    """The known source date error behind a case, if any."""
    return next((e.reason for e in KNOWN_DATES if e.explains(day, competitions, club)), None)
