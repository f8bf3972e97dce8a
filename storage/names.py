"""Folding of names so that 'Atlético', 'atletico' and 'ATLETICO' meet."""

from __future__ import annotations

import asyncio
import operator
import re
import unicodedata
from dataclasses import dataclass
from itertools import compress

import aiosqlite

_SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d",
                          "Đ": "D", "æ": "ae", "Æ": "AE", "ı": "i", "œ": "oe"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(name: str) -> str:
    """Lower case, accents and punctuation removed, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", ascii_only.lower()).strip()


PLAYER = 1 << 40   # in the name index a player is PLAYER + id, a club its id: one int each
PHASE = 1 << 42    # where a full read meets a name: phase * PHASE + id or rowid (see NameColumns)
_SEP = "\x1f"      # joins a column's values into one string: one row per column, not per name


@dataclass(frozen=True, slots=True)
class NameColumns:
    """What the name index holds, as stored, column by column (each in id or rowid order).

    A full read meets clubs' own names (phase 0, by id), club aliases (1, by rowid), players
    (2, by id), player aliases (3, by rowid): fuzzy ties keep that order. A club's own name is
    stored as one of its aliases too; that alias is left out (it adds nothing to the index
    and was a third of the rows read).
    """

    seq: int                              # the name-change log's position when read
    club_ids: list[int]
    club_names: list[str]
    club_countries: list[str]
    club_keys: list[str]                  # the own name's key (its alias's, else folded)
    alias_rowids: list[int]
    alias_clubs: list[int]
    alias_keys: list[str]
    player_ids: list[int]
    player_names: list[str]
    player_keys: list[str]
    palias_rowids: list[int]
    palias_players: list[int]
    palias_keys: list[str]
    club_weights: dict[int, int]          # club id -> matches
    player_weights: dict[int, int]        # player id -> goals


async def read_names(db: aiosqlite.Connection, seq: int, club_ids: list[int] | None = None,
                     player_ids: list[int] | None = None) -> NameColumns:
    """All names (ids None), or those of these clubs and players.

    Each column comes back as one joined string, split here: at 50x today's clubs that is
    three times faster than a row per name, and the bot's start waits on it. The queries
    are all queued at once, so one is split here while SQLite runs the next.
    """
    clubs, aliases, players, paliases, club_weights, player_weights = await asyncio.gather(
        _columns(db, "clubs", "", "id", ("id", "name", "country"), 1, club_ids),
        # the last column: does the alias spell its club's own name (a digit per row)?
        _columns(db, "club_aliases a", " JOIN clubs c ON c.id = a.club_id", "a.club_id",
                 ("a.rowid", "a.club_id", "a.key", "a.alias = c.name"), 2, club_ids),
        _columns(db, "players", "", "id", ("id", "name", "key"), 1, player_ids),
        _columns(db, "player_aliases", "", "player_id", ("rowid", "player_id", "key"), 2,
                 player_ids),
        _weights(db, "SELECT club_id AS a, matches AS b FROM club_match_counts", "club_id",
                 club_ids, ""),
        _weights(db, "SELECT player_id AS a, COUNT(*) AS b FROM goals "
                 "WHERE player_id IS NOT NULL", "player_id", player_ids, " GROUP BY player_id"))
    rowids, owners, keys, spells = aliases
    own = list(map("1".__eq__, map(str, spells)))
    # a club's own key: that of the alias spelling its name (the last), else its name folded
    own_key = dict(compress(zip(owners, keys, strict=True), own))
    club_keys = list(map(own_key.get, clubs[0]))
    if None in club_keys:
        club_keys = [fold(n) if k is None else k
                     for k, n in zip(club_keys, clubs[1], strict=True)]
    if any(own):
        other = list(map(operator.not_, own))
        rowids, owners, keys = (list(compress(col, other)) for col in (rowids, owners, keys))
    return NameColumns(seq, *clubs, club_keys, rowids, owners, keys, *players, *paliases,
                       club_weights, player_weights)  # type: ignore[arg-type]


def _chunks(ids: list[int] | None) -> list[list[int] | None]:
    if ids is None:
        return [None]
    return [ids[i:i + 500] for i in range(0, len(ids), 500)]


def _where(column: str, chunk: list[int] | None, glue: str = " WHERE ") -> str:
    return "" if chunk is None else f"{glue}{column} IN ({', '.join('?' * len(chunk))})"


async def _columns(db: aiosqlite.Connection, table: str, join: str, by: str,
                   names: tuple[str, ...], ints: int, ids: list[int] | None) -> list[list]:
    """The columns of `table` (the first `ints` of them integers), sorted by the first."""
    out: list[list] = [[] for _ in names]
    for chunk in _chunks(ids):
        joined = ", ".join(f"group_concat({n}, char(31))" for n in names)
        # NOT INDEXED: a whole read walks the table in rowid order, never a covering index
        source = f"{table} NOT INDEXED{join}" if chunk is None else f"{table}{join}"
        where = _where(by, chunk)
        rows = await db.execute_fetchall(
            f"SELECT COUNT(*), {joined} FROM {source}{where}", chunk or ())
        count, *values = rows[0]
        if not count:
            continue
        split = [v.split(_SEP) for v in values]
        if any(len(v) != count for v in split):   # a value holding the separator: row by row
            plain = await db.execute_fetchall(
                f"SELECT {', '.join(names)} FROM {table}{join}{where}", chunk or ())
            split = [list(col) for col in zip(*plain, strict=True)]
        for i, col in enumerate(split):
            out[i] += list(map(int, col)) if i < ints else col
    order = out[0]
    if order != sorted(order):
        rows = sorted(zip(*out, strict=True))
        out = [list(col) for col in zip(*rows, strict=True)] if rows else out
    return out


async def _weights(db: aiosqlite.Connection, sql: str, by: str, ids: list[int] | None,
                   tail: str) -> dict[int, int]:
    out: dict[int, int] = {}
    for chunk in _chunks(ids):
        glue = " AND " if " WHERE " in sql else " WHERE "
        rows = await db.execute_fetchall(
            f"SELECT group_concat(a), group_concat(b) FROM ({sql}{_where(by, chunk, glue)}"
            f"{tail})", chunk or ())
        keys, values = rows[0]
        if keys:
            out.update(zip(map(int, keys.split(",")), map(int, values.split(",")), strict=True))
    return out
