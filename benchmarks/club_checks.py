"""One club per real club, one match per real match: checks over a fully imported database.

1. Split clubs: a club with European matches, from a country whose league history we import,
   must have league matches in each season it played in Europe (where that country's league
   data covers the season). A club that has none is probably a second row of a club whose
   league matches sit under another name; the nearest same-country names are printed.
2. Near-duplicate names within a country: pairs whose core names (storage/importers/resolve.py
   `core`, affixes like FC stripped) are near (rapidfuzz token_set_ratio >= 85). A pair that
   met each other, or played the same competition in the same season, is two real clubs; the
   other pairs are printed for a decision.
3. Duplicate matches: two matches of the same two clubs on the same date in the same
   competition; a club playing twice on one day (cancelled and postponed fixtures left out:
   openfootball keeps Dover Athletic's expunged 2020-21 fixtures as cancelled).

4. Loose joins: aliases joined to a club by the resolver's contained-words or fuzzy rule
   (neither curated nor the same core name), where two real clubs get merged (Dundee United
   into Dundee, Kauno Žalgiris into FK Žalgiris Vilnius).

Every case found is either explained by a hand decision in benchmarks/club_known.py (and
club_decisions.csv), a source's own error or two real clubs, or listed as unexplained.
Exits 0 when only explained cases remain, 1 with the list of the others.

Run: .venv/bin/python -m benchmarks.club_checks DB [--all]  (e.g. after import_twice --keep DB)
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

from benchmarks.club_known import KNOWN_LOOSE, KNOWN_SPLIT, date_error, known_distinct
from storage.importers.curated import curated_aliases, name_key
from storage.importers.resolve import core

Case = tuple[str, str | None]   # (the line printed, the known reason or None)

DOMESTIC = ("ENG", "ESP", "ITA", "GER", "FRA", "SCO", "NED", "POR")
NEAR = 85


def club_seasons(db: sqlite3.Connection) -> dict[int, dict[str, set[int]]]:
    """club id -> 'uefa' | 'league' | 'cup' -> start years it played in."""
    out: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    rows = db.execute("""
        SELECT m.home_id, m.away_id, s.start_year,
               CASE WHEN c.country = 'UEFA' THEN 'uefa' ELSE c.kind END
        FROM matches m JOIN seasons s ON s.id = m.season_id
        JOIN competitions c ON c.id = s.competition_id""")
    for home, away, year, kind in rows:
        out[home][kind].add(year)
        out[away][kind].add(year)
    return out


def split_clubs(db: sqlite3.Connection) -> list[Case]:
    seasons = club_seasons(db)
    covered: dict[str, set[int]] = defaultdict(set)  # country -> league seasons in the data
    for country, year in db.execute("""
            SELECT DISTINCT c.country, s.start_year FROM seasons s
            JOIN competitions c ON c.id = s.competition_id WHERE c.kind = 'league'
            AND EXISTS (SELECT 1 FROM matches m WHERE m.season_id = s.id)"""):
        covered[country].add(year)
    clubs = {cid: (name, country) for cid, name, country in
             db.execute("SELECT id, name, country FROM clubs")}
    by_country: dict[str, dict[str, int]] = defaultdict(dict)
    for cid, (name, country) in clubs.items():
        by_country[country][name] = cid
    found = []
    for cid, kinds in sorted(seasons.items(), key=lambda kv: clubs[kv[0]]):
        name, country = clubs[cid]
        if country not in DOMESTIC or not kinds.get("uefa"):
            continue
        missing = sorted(y for y in kinds["uefa"] & covered[country] if y not in kinds["league"])
        if not missing:
            continue
        near = process.extract(name, [n for n in by_country[country] if n != name],
                               scorer=fuzz.token_set_ratio, limit=3)
        found.append((f"{name} ({country}): in Europe, no league match in "
                      f"{', '.join(map(str, missing))}; league matches {len(kinds['league'])} "
                      f"seasons; nearest: {', '.join(f'{n} {s:.0f}' for n, s, _ in near)}",
                      KNOWN_SPLIT.get((country, name))))
    return found


def near_names(db: sqlite3.Connection) -> tuple[list[Case], int]:
    """Pairs to decide, and the number of near pairs the data itself shows to be two clubs."""
    clubs = list(db.execute("SELECT id, name, country FROM clubs"))
    met = {(min(a, b), max(a, b)) for a, b in db.execute(
        "SELECT DISTINCT home_id, away_id FROM matches")}
    together: dict[int, set[tuple[int, int]]] = defaultdict(set)  # club -> (competition, year)
    for home, away, comp, year in db.execute("""
            SELECT m.home_id, m.away_id, s.competition_id, s.start_year FROM matches m
            JOIN seasons s ON s.id = m.season_id"""):
        together[home].add((comp, year))
        together[away].add((comp, year))
    by_country: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for cid, name, country in clubs:
        by_country[country].append((cid, name))
    decided = known_distinct()
    to_decide: list[Case] = []
    distinct = 0
    for country, members in sorted(by_country.items()):
        keys = [core(name) for _cid, name in members]
        for i, (cid, name) in enumerate(members):
            for _k, score, j in process.extract(keys[i], keys, scorer=fuzz.token_set_ratio,
                                                score_cutoff=NEAR, limit=None):
                other, other_name = members[j]
                if other <= cid:
                    continue
                if (min(cid, other), max(cid, other)) in met or together[cid] & together[other]:
                    distinct += 1
                    continue
                span = [_span(together[c]) for c in (cid, other)]
                to_decide.append((f"{country}: {name} [{span[0]}] ~ {other_name} "
                                  f"[{span[1]}] ({score:.0f})",
                                  decided.get(frozenset({(country, name), (country, other_name)}))))
    return to_decide, distinct


def _span(seasons: set[tuple[int, int]]) -> str:
    years = sorted(y for _c, y in seasons)
    return f"{years[0]}-{years[-1]}, {len({y for y in years})} seasons" if years else "none"


def duplicate_matches(db: sqlite3.Connection) -> tuple[list[Case], list[Case]]:
    names = dict(db.execute("SELECT id, name FROM clubs"))
    pairs = [(f"{day} {names[a]} v {names[b]} ({code}): {n} matches",
              date_error(day, {code}, names[a]) and date_error(day, {code}, names[b]))
             for code, day, a, b, n in db.execute("""
        SELECT c.code, m.date, MIN(m.home_id, m.away_id), MAX(m.home_id, m.away_id), COUNT(*)
        FROM matches m JOIN seasons s ON s.id = m.season_id
        JOIN competitions c ON c.id = s.competition_id
        WHERE m.status NOT IN ('cancelled', 'postponed')
        GROUP BY c.id, m.date, MIN(m.home_id, m.away_id), MAX(m.home_id, m.away_id)
        HAVING COUNT(*) > 1 ORDER BY m.date""")]
    twice = [(f"{day} {names[club]}: {n} matches ({what})",
              date_error(day, set(codes.split(",")), names[club]))
             for club, day, n, what, codes in db.execute("""
        SELECT club, date, COUNT(*), GROUP_CONCAT(what, '; '), GROUP_CONCAT(DISTINCT code) FROM (
            SELECT m.home_id AS club, m.date, c.code, c.code || ' v ' || a.name AS what
            FROM matches m JOIN clubs a ON a.id = m.away_id
            JOIN seasons s ON s.id = m.season_id JOIN competitions c ON c.id = s.competition_id
            WHERE m.status NOT IN ('cancelled', 'postponed')
            UNION ALL
            SELECT m.away_id, m.date, c.code, c.code || ' at ' || h.name
            FROM matches m JOIN clubs h ON h.id = m.home_id
            JOIN seasons s ON s.id = m.season_id JOIN competitions c ON c.id = s.competition_id
            WHERE m.status NOT IN ('cancelled', 'postponed'))
        GROUP BY club, date HAVING COUNT(*) > 1 ORDER BY date""")]
    return pairs, twice


def loose_aliases(db: sqlite3.Connection) -> list[Case]:
    """Aliases neither curated nor of the club's own core name: joined by a loose rule."""
    clubs = {cid: (name, country) for cid, name, country in
             db.execute("SELECT id, name, country FROM clubs")}
    curated = curated_aliases()
    out: list[Case] = []
    for cid, alias in db.execute("SELECT club_id, alias FROM club_aliases ORDER BY alias"):
        name, country = clubs[cid]
        if core(alias) == core(name) or (name_key(alias), country) in curated:
            continue
        out.append((f"{country}: {alias!r} is an alias of {name}",
                    KNOWN_LOOSE.get((country, name, alias))))
    return out


def report(title: str, cases: list[Case]) -> int:
    """Print a section: the unexplained cases in full, the explained ones counted by reason."""
    unexplained = [line for line, reason in cases if reason is None]
    print(f"{title}: {len(cases)} found, {len(cases) - len(unexplained)} explained, "
          f"{len(unexplained)} UNEXPLAINED")
    print("\n".join(f"   ! {line}" for line in unexplained))
    for reason, n in Counter(r for _line, r in cases if r is not None).most_common():
        print(f"     {n:4} {reason}")
    return len(unexplained)


def check(path: Path, show_all: bool = False) -> int:
    """Print every section; the number of unexplained cases."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    decide, distinct = near_names(db)
    pairs, twice = duplicate_matches(db)
    sections = [
        ("1. clubs in Europe without league matches in those seasons", split_clubs(db)),
        (f"2. near-duplicate names ({distinct} more pairs are two clubs by the data: they "
         "met, or played the same competition in the same season)", decide),
        ("3a. same two clubs, same date, same competition", pairs),
        ("3b. a club playing twice on one day", twice),
        ("4. aliases joined by the contained-words or fuzzy rule", loose_aliases(db)),
    ]
    db.close()
    bad = 0
    for title, cases in sections:
        bad += report(title, cases)
        if show_all:
            print("\n".join(f"     - {line} [{reason}]" for line, reason in cases if reason))
    print(f"\n{bad} unexplained case(s)" if bad else
          "\nevery case found is a known, explained one (benchmarks/club_known.py)")
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--all", action="store_true", help="print the explained cases too")
    args = parser.parse_args()
    sys.exit(1 if check(args.db, args.all) else 0)


if __name__ == "__main__":
    main()
