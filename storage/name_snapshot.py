"""The name index's columns kept in the database, so that a start need not read every name.

A full read of the names (storage/names.py) takes 75-160 ms at 50x today's clubs, most of a
start. The snapshot is those columns as last read, with the name-change log's position then:
a start reads it back (one row, ~20 ms) and replays only the clubs and players the log names
since. It is a cache: one that is missing, damaged, of another format or no longer reachable
through the log (trimmed after an import) is ignored and the names are read whole.
"""

from __future__ import annotations

import marshal
import zlib
from dataclasses import astuple, fields
from itertools import compress
from operator import itemgetter

from storage.names import NameColumns

FORMAT = 1   # bump when NameColumns or what its columns mean changes

# the columns in groups, each group's rows sorted by its first column; the owner column
# says whose row it is (a club's alias belongs to the club)
GROUPS = (  # (columns, index of the owner column, 'club' | 'player')
    (("club_ids", "club_names", "club_countries", "club_keys"), 0, "club"),
    (("alias_rowids", "alias_clubs", "alias_keys"), 1, "club"),
    (("player_ids", "player_names", "player_keys"), 0, "player"),
    (("palias_rowids", "palias_players", "palias_keys"), 1, "player"),
)
WEIGHTS = (("club_weights", "club"), ("player_weights", "player"))
_FIELDS = tuple(f.name for f in fields(NameColumns))


def encode(columns: NameColumns) -> bytes:
    return marshal.dumps(astuple(columns))


def crc(blob: bytes) -> int:
    return zlib.crc32(blob)


def decode(blob: bytes, checksum: int) -> NameColumns | None:
    """The columns of a snapshot, or None when it is not whole and of this format."""
    if type(blob) is not bytes or zlib.crc32(blob) != checksum:
        return None
    try:
        values = marshal.loads(blob)
    except (ValueError, EOFError, TypeError):
        return None
    if type(values) is not tuple or len(values) != len(_FIELDS):
        return None
    columns = NameColumns(*values)
    if type(columns.seq) is not int:
        return None
    for names, _, _ in GROUPS:
        group = [getattr(columns, n) for n in names]
        if any(type(col) is not list or len(col) != len(group[0]) for col in group):
            return None
    if any(type(getattr(columns, name)) is not dict for name, _ in WEIGHTS):
        return None
    return columns


def patched(old: NameColumns, fresh: NameColumns, clubs: set[int], players: set[int],
            seq: int) -> NameColumns:
    """`old` with the rows of these clubs and players replaced by `fresh` (their rows read
    now: none for one deleted), each group still in order: what a full read gives now."""
    touched = {"club": clubs, "player": players}
    out: dict[str, object] = {"seq": seq}
    for names, owner, kind in GROUPS:
        gone = touched[kind]
        columns = [getattr(old, n) for n in names]
        new_rows = list(zip(*(getattr(fresh, n) for n in names), strict=True))
        if gone:
            keep = [ref not in gone for ref in columns[owner]]
            if not all(keep):
                columns = [list(compress(col, keep)) for col in columns]
        if new_rows:
            rows = sorted([*zip(*columns, strict=True), *new_rows], key=itemgetter(0))
            columns = [list(col) for col in zip(*rows, strict=True)]
        out.update(zip(names, columns, strict=True))
    for name, kind in WEIGHTS:
        weights = {k: v for k, v in getattr(old, name).items() if k not in touched[kind]}
        weights.update(getattr(fresh, name))
        out[name] = weights
    return NameColumns(**out)  # type: ignore[arg-type]
