"""Bulk insertion of matches: one `executemany`, with the per-row insert triggers replaced by
a few set-wise statements that leave the database exactly as the triggers would have.

Three triggers fire on every inserted match: 0005's `matches_counted_ins` (an upsert of both
clubs' match counts and two name-log rows) and 0009's `matches_changed_ins` (two or three
change-log rows). For England's 208,028 league matches that is well over half the time of
the insert. Here they are dropped inside the caller's transaction, the rows inserted, the
triggers recreated from the SQL the database holds for them, and then:

- the match counts of the clubs in the new rows raised by their number of new matches (what
  the upserts would have added, in one statement);
- one name-log row per club in the new rows (the name index reads the log as a set of
  touched clubs, so one row per club says what two rows per match said);
- one `all` entry in the change log (the derived cache starts afresh).

When a file brings more matches than the table holds (England's league into the European
history), the secondary indexes on matches are dropped too and built again after the insert:
one sort per index instead of 208,028 scattered B-tree insertions each (about half the
insert's time). The unique natural-key index stays, so a duplicate fails at its row as before.

Only a trigger whose stored SQL is the one written here is dropped: a later migration that
redefines one leaves it firing row by row (correct, only slower) until this module learns
what it does (tests/test_bulk_insert.py fails to say so). DDL is transactional in SQLite: a
failure anywhere before the commit rolls the drop back with the rows, so the triggers are
never lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import aiosqlite

from storage.derived_schema import MATCHES_INSERTED
from storage.migrations import NAME_CHANGES

COUNTED = "matches_counted_ins"
CHANGED = "matches_changed_ins"


def _statement(script: str, name: str) -> str:
    """The CREATE TRIGGER statement of `name` in a migration script."""
    m = re.search(rf"CREATE TRIGGER {name} .*?\bEND\b", script, re.S)
    assert m, name
    return m[0]


def _normal(sql: str) -> str:
    return " ".join(sql.replace(";", " ; ").split()).rstrip("; ")


# the triggers this module knows how to stand in for, as their migrations wrote them
KNOWN = {COUNTED: _normal(_statement(NAME_CHANGES, COUNTED)),
         CHANGED: _normal(MATCHES_INSERTED)}

NEW_CLUBS = """SELECT club, COUNT(*) FROM (
    SELECT home_id AS club FROM matches WHERE id > :after
    UNION ALL SELECT away_id FROM matches WHERE id > :after) GROUP BY club ORDER BY club"""


async def insert_triggers(db: aiosqlite.Connection) -> dict[str, str]:
    """Name -> stored SQL of every trigger that fires on an insert into matches."""
    rows = await db.execute_fetchall(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'matches'")
    return {name: sql for name, sql in rows
            if re.search(r"\bINSERT\s+ON\s+matches\b", sql.split("BEGIN", 1)[0], re.I)}


async def bypassed_triggers(db: aiosqlite.Connection) -> list[str]:
    """The insert triggers on matches that `insert_matches` replaces by set-wise statements."""
    return sorted(name for name, sql in (await insert_triggers(db)).items()
                  if KNOWN.get(name) == _normal(sql))


async def secondary_indexes(db: aiosqlite.Connection) -> dict[str, str]:
    """Name -> SQL of the indexes on matches that no constraint needs (not UNIQUE)."""
    rows = await db.execute_fetchall(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'matches' "
        "AND sql IS NOT NULL")
    return {name: sql for name, sql in rows if not re.match(r"\s*CREATE\s+UNIQUE\b", sql, re.I)}


async def insert_matches(db: aiosqlite.Connection, columns: Sequence[str],
                         rows: Sequence[Sequence[Any]]) -> None:
    """Insert these rows into matches, inside the caller's transaction."""
    assert db.in_transaction, "inside a transaction only"
    if not rows:
        return
    stored = await insert_triggers(db)
    bypass = {name: stored[name] for name in await bypassed_triggers(db)}
    after = (await db.execute_fetchall("SELECT COALESCE(MAX(id), 0) FROM matches"))[0][0]
    # counted only up to len(rows): a whole COUNT(*) walks 430,000 rows for every small file
    held = (await db.execute_fetchall(
        "SELECT COUNT(*) FROM (SELECT 1 FROM matches LIMIT ?)", (len(rows),)))[0][0]
    rebuild = await secondary_indexes(db) if len(rows) > held else {}
    for name in bypass:
        await db.execute(f"DROP TRIGGER {name}")
    for name in rebuild:
        await db.execute(f"DROP INDEX {name}")
    try:
        await db.executemany(
            f"INSERT INTO matches ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})", rows)
    finally:
        # on a failure the rollback restores them anyway; recreated here all the same, so the
        # schema is whole whatever the caller does next inside the transaction
        for sql in [*rebuild.values(), *bypass.values()]:
            await db.execute(sql)
    # rowids of new rows are above the old maximum (no AUTOINCREMENT gap-filling): the new
    # rows are exactly those with id > after
    if COUNTED in bypass:
        await db.execute(
            f"INSERT INTO club_match_counts (club_id, matches) {NEW_CLUBS} "
            "ON CONFLICT (club_id) DO UPDATE SET matches = matches + excluded.matches",
            {"after": after})
        await db.execute(
            "INSERT INTO name_changes (kind, ref) SELECT 'club', club FROM "
            f"({NEW_CLUBS})", {"after": after})
    if CHANGED in bypass:
        await db.execute("INSERT INTO data_changes (kind) VALUES ('all')")
