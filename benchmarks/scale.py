"""Build larger databases from a real one: the same history repeated in later seasons, or the
same history again under invented clubs (and players).

`history` x N: copy k (1 .. N-1) of every season, match, goal, appearance and tie, YEARS * k
years later (29 February becomes the 28th in a year with none). Clubs and players stay the
same, so a club's timeline is N times longer: what a club's league history does to it.

`clubs` x N: copy k of every club (and its aliases), player, match, goal, appearance and tie
under invented names (each word's letters shifted, plus the copy number), in the same seasons:
N times the clubs and names, each club's timeline as long as today.

Benchmark tooling only (plain sqlite3, never shipped): the bot's own SQL lives in storage/.

Run: .venv/bin/python benchmarks/scale.py SOURCE.db OUT.db --history 50   (or --clubs 50)
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable
from pathlib import Path

from storage.names import fold

YEARS = 72   # seasons 1955-56 .. 2025-26 fit in 72 years; a multiple of 4 keeps most leap days

MATCH_COLS = ("stage, round, leg, neutral, venue, status, ht_home, ht_away, ft_home, ft_away, "
              "aet_home, aet_away, pen_home, pen_away, note, source")


def shifted(column: str, years: int) -> str:
    """SQL for an ISO date (or date-time) `years` later; a lost leap day becomes the 28th."""
    year = f"(CAST(substr({column}, 1, 4) AS INTEGER) + {years})"
    leap = f"(({year} % 4 = 0 AND {year} % 100 <> 0) OR {year} % 400 = 0)"
    return (f"CASE WHEN {column} IS NULL THEN NULL "
            f"WHEN substr({column}, 6, 5) = '02-29' AND NOT {leap} "
            f"THEN printf('%04d', {year}) || '-02-28' || substr({column}, 11) "
            f"ELSE printf('%04d', {year}) || substr({column}, 5) END")


def strides(db: sqlite3.Connection) -> dict[str, int]:
    """One more than the largest id of each table: copy k's ids are id + k * stride."""
    return {t: (db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {t}").fetchone()[0])  # noqa: S608
            for t in ("seasons", "matches", "goals", "ties", "clubs", "players")}


Map = Callable[[str], str]


def same(column: str) -> str:
    return column


def copy_rest(db: sqlite3.Connection, k: int, s: dict[str, int], season: Map = same,
              club: Map = same, player: Map = same, date: Map = same) -> None:
    """Matches, goals, appearances and ties of copy k; the maps give each new id as SQL."""
    m = f"{k} * {s['matches']}"
    db.execute(
        f"INSERT INTO matches (id, season_id, date, kickoff_utc, home_id, away_id, {MATCH_COLS}) "
        f"SELECT id + {m}, {season('season_id')}, {date('date')}, {date('kickoff_utc')}, "
        f"{club('home_id')}, {club('away_id')}, {MATCH_COLS} FROM matches "
        f"WHERE id < {s['matches']}")
    db.execute(
        "INSERT INTO goals (id, match_id, team_id, player_id, minute, stoppage, penalty, "
        f"own_goal, assist_player_id) SELECT id + {k} * {s['goals']}, match_id + {m}, "
        f"{club('team_id')}, {player('player_id')}, minute, stoppage, penalty, own_goal, "
        f"{player('assist_player_id')} FROM goals WHERE id < {s['goals']}")
    db.execute(
        "INSERT INTO appearances (match_id, player_id, team_id, started, minute_on, minute_off, "
        f"minutes) SELECT match_id + {m}, {player('player_id')}, {club('team_id')}, started, "
        f"minute_on, minute_off, minutes FROM appearances WHERE match_id < {s['matches']}")
    db.execute(
        "INSERT INTO ties (id, season_id, stage, round, first_leg_id, second_leg_id, replay_id, "
        "club_a, club_b, agg_a, agg_b, winner_id, decided_by) "
        f"SELECT id + {k} * {s['ties']}, {season('season_id')}, stage, round, "
        f"first_leg_id + {m}, second_leg_id + {m}, replay_id + {m}, {club('club_a')}, "
        f"{club('club_b')}, agg_a, agg_b, {club('winner_id')}, decided_by "
        f"FROM ties WHERE id < {s['ties']}")


def more_history(db: sqlite3.Connection, times: int) -> None:
    s = strides(db)
    for k in range(1, times):
        db.execute(
            "INSERT INTO seasons (id, competition_id, start_year, away_goals, "
            "away_goals_in_extra_time, extra_time, decider) SELECT id + ?, competition_id, "
            "start_year + ?, away_goals, away_goals_in_extra_time, extra_time, decider "
            "FROM seasons WHERE id < ?", (k * s["seasons"], k * YEARS, s["seasons"]))
        copy_rest(db, k, s, season=lambda col, k=k: f"{col} + {k * s['seasons']}",
                  date=lambda col, k=k: shifted(col, k * YEARS))


def invented(name: str, k: int) -> str:
    """'Real Madrid', 3 → 'Uhdo Pdgulg 3': new words, so no real name gains a namesake."""
    def shift(c: str) -> str:
        if "a" <= c <= "z":
            return chr((ord(c) - 97 + k) % 26 + 97)
        if "A" <= c <= "Z":
            return chr((ord(c) - 65 + k) % 26 + 65)
        return c
    return "".join(shift(c) for c in name) + f" {k}"


def more_clubs(db: sqlite3.Connection, times: int) -> None:
    db.create_function("invented", 2, invented, deterministic=True)
    db.create_function("fold", 1, fold, deterministic=True)
    s = strides(db)
    for k in range(1, times):
        c, p = k * s["clubs"], k * s["players"]
        db.execute(f"INSERT INTO clubs (id, name, country, ground) SELECT id + {c}, "
                   f"invented(name, {k}), country, ground FROM clubs WHERE id < {s['clubs']}")
        db.execute("INSERT OR IGNORE INTO club_aliases (key, country, club_id, alias) "
                   f"SELECT fold(invented(alias, {k})), country, club_id + {c}, "
                   f"invented(alias, {k}) FROM club_aliases WHERE club_id < {s['clubs']}")
        db.execute(f"INSERT INTO players (id, name, key) SELECT id + {p}, invented(name, {k}), "
                   f"fold(invented(name, {k})) FROM players WHERE id < {s['players']}")
        copy_rest(db, k, s, club=lambda col, c=c: f"{col} + {c}",
                  player=lambda col, p=p: f"{col} + {p}")


def build(source: Path, out: Path, history: int = 1, clubs: int = 1) -> None:
    """Copy `source` to `out` and grow it; `out` is replaced."""
    out.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(out) + suffix).unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(out)
    src.backup(dst)
    src.close()
    with dst:
        if history > 1:
            more_history(dst, history)
        if clubs > 1:
            more_clubs(dst, clubs)
    dst.execute("PRAGMA analysis_limit=1000")
    dst.execute("ANALYZE")
    dst.commit()
    dst.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--history", type=int, default=1, help="times the seasons (default 1)")
    parser.add_argument("--clubs", type=int, default=1, help="times the clubs (default 1)")
    args = parser.parse_args()
    build(args.source, args.out, args.history, args.clubs)
    db = sqlite3.connect(args.out)
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: S608
              for t in ("matches", "clubs", "players", "goals", "ties")}
    print(f"{args.out}: {counts}")


if __name__ == "__main__":
    main()
