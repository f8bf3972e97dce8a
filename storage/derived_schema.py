"""The change log behind the derived cache (storage/derived.py): its table and the triggers
that fill it, so that every write path (feed, admin, importers, plain SQL) is logged.

0009_data_changes logs matches, ties, clubs, seasons and competitions; 0012_player_changes
adds goals, appearances and players (kind 'player'), so player answers are kept too. A landed
migration's text is never edited: 0012 rebuilds the table under a wider CHECK and recreates
0009's triggers from the same text.
"""

from __future__ import annotations

from collections.abc import Callable

MATCHES_INSERTED = """CREATE TRIGGER matches_changed_ins AFTER INSERT ON matches BEGIN
    INSERT INTO data_changes (kind, ref) VALUES ('club', NEW.home_id), ('club', NEW.away_id);
    INSERT INTO data_changes (kind) SELECT 'finals' WHERE NEW.round = 'F';
END"""
DATA_CHANGES = """
CREATE TABLE data_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('club', 'finals', 'clubs', 'all')),
    ref INTEGER NOT NULL DEFAULT 0
);
""" + MATCHES_INSERTED + """;
CREATE TRIGGER matches_changed_upd AFTER UPDATE ON matches BEGIN
    INSERT INTO data_changes (kind, ref) VALUES ('club', OLD.home_id), ('club', OLD.away_id);
    INSERT INTO data_changes (kind, ref) SELECT 'club', NEW.home_id
        WHERE NEW.home_id <> OLD.home_id;
    INSERT INTO data_changes (kind, ref) SELECT 'club', NEW.away_id
        WHERE NEW.away_id <> OLD.away_id;
    INSERT INTO data_changes (kind) SELECT 'finals' WHERE NEW.round = 'F' OR OLD.round = 'F';
END;
CREATE TRIGGER matches_changed_del AFTER DELETE ON matches BEGIN
    INSERT INTO data_changes (kind, ref) VALUES ('club', OLD.home_id), ('club', OLD.away_id);
    INSERT INTO data_changes (kind) SELECT 'finals' WHERE OLD.round = 'F';
END;
CREATE TRIGGER ties_changed_ins AFTER INSERT ON ties BEGIN
    INSERT INTO data_changes (kind, ref) VALUES ('club', NEW.club_a), ('club', NEW.club_b);
END;
CREATE TRIGGER ties_changed_upd AFTER UPDATE ON ties BEGIN
    INSERT INTO data_changes (kind, ref) VALUES ('club', OLD.club_a), ('club', OLD.club_b),
                                                ('club', NEW.club_a), ('club', NEW.club_b);
END;
CREATE TRIGGER ties_changed_del AFTER DELETE ON ties BEGIN
    INSERT INTO data_changes (kind, ref) VALUES ('club', OLD.club_a), ('club', OLD.club_b);
END;
CREATE TRIGGER clubs_changed_ins AFTER INSERT ON clubs BEGIN
    INSERT INTO data_changes (kind) VALUES ('clubs'); END;
CREATE TRIGGER clubs_changed_upd AFTER UPDATE ON clubs BEGIN
    INSERT INTO data_changes (kind) VALUES ('all'); END;
CREATE TRIGGER clubs_changed_del AFTER DELETE ON clubs BEGIN
    INSERT INTO data_changes (kind) VALUES ('all'); END;
CREATE TRIGGER seasons_changed_upd AFTER UPDATE ON seasons BEGIN
    INSERT INTO data_changes (kind) VALUES ('all'); END;
CREATE TRIGGER seasons_changed_del AFTER DELETE ON seasons BEGIN
    INSERT INTO data_changes (kind) VALUES ('all'); END;
CREATE TRIGGER competitions_changed_upd AFTER UPDATE ON competitions BEGIN
    INSERT INTO data_changes (kind) VALUES ('all'); END;
CREATE TRIGGER competitions_changed_del AFTER DELETE ON competitions BEGIN
    INSERT INTO data_changes (kind) VALUES ('all'); END
"""

# 0009's triggers, as 0009 created them (everything after its CREATE TABLE)
_TRIGGERS_0009 = DATA_CHANGES.split(");\n", 1)[1]
_TRIGGER_NAMES_0009 = ("matches_changed_ins", "matches_changed_upd", "matches_changed_del",
                       "ties_changed_ins", "ties_changed_upd", "ties_changed_del",
                       "clubs_changed_ins", "clubs_changed_upd", "clubs_changed_del",
                       "seasons_changed_upd", "seasons_changed_del",
                       "competitions_changed_upd", "competitions_changed_del")


def _match_clubs(row: str) -> str:
    """Log both clubs of the goal's or appearance's match (its goals are in their answers)."""
    return (f"INSERT INTO data_changes (kind, ref) SELECT 'club', home_id FROM matches "
            f"WHERE id = {row}.match_id UNION ALL SELECT 'club', away_id FROM matches "
            f"WHERE id = {row}.match_id;")


def _goal_players(row: str) -> str:
    return (f"INSERT INTO data_changes (kind, ref) SELECT 'player', {row}.player_id "
            f"WHERE {row}.player_id IS NOT NULL; "
            f"INSERT INTO data_changes (kind, ref) SELECT 'player', {row}.assist_player_id "
            f"WHERE {row}.assist_player_id IS NOT NULL;")


def _app_player(row: str) -> str:
    return f"INSERT INTO data_changes (kind, ref) VALUES ('player', {row}.player_id);"


def _trigger(name: str, event: str, table: str, body: str) -> str:
    return f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN\n    {body}\nEND;\n"


def _logged_rows(table: str, players: Callable[[str], str]) -> str:
    """Insert, update and delete triggers logging a row's match clubs and players."""
    def both(row: str) -> str:
        return _match_clubs(row) + " " + players(row)
    return (_trigger(f"{table}_changed_ins", "INSERT", table, both("NEW"))
            + _trigger(f"{table}_changed_upd", "UPDATE", table,
                       " ".join([_match_clubs("OLD"), players("OLD"), _match_clubs("NEW"),
                                 players("NEW")]))
            + _trigger(f"{table}_changed_del", "DELETE", table, both("OLD")))


# The table again under a CHECK that allows 'player'; the log keeps its entries and its
# position (one 'all' entry after them: caches in other processes start afresh).
PLAYER_CHANGES = "".join(f"DROP TRIGGER {name};\n" for name in _TRIGGER_NAMES_0009) + """
ALTER TABLE data_changes RENAME TO data_changes_0009;
CREATE TABLE data_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('club', 'finals', 'clubs', 'all', 'player')),
    ref INTEGER NOT NULL DEFAULT 0
);
INSERT INTO data_changes (seq, kind, ref) SELECT seq, kind, ref FROM data_changes_0009;
INSERT INTO data_changes (seq, kind) SELECT COALESCE(
    (SELECT seq FROM sqlite_sequence WHERE name = 'data_changes_0009'), 0) + 1, 'all';
DROP TABLE data_changes_0009;
""" + _TRIGGERS_0009 + ";\n" + "".join(
    _logged_rows(table, players) for table, players in (("goals", _goal_players),
                                                         ("appearances", _app_player))) + "".join(
    # a player's name is in other players' answers (a club's record holder): all of it
    _trigger(f"players_changed_{short}", event, "players",
             "INSERT INTO data_changes (kind) VALUES ('all');")
    for short, event in (("upd", "UPDATE"), ("del", "DELETE")))
