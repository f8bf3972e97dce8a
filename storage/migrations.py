"""Ordered, named schema migrations.

A migration, once released, is never edited: a new column or table is a new entry
at the end of MIGRATIONS. Applied names are recorded in the `migrations` table.
"""

from __future__ import annotations

from storage.competition_seed import seed_sql
from storage.derived_schema import DATA_CHANGES, PLAYER_CHANGES
from storage.league_rules_seed import head_to_head_sql, rules_sql

INITIAL_SCHEMA = """
CREATE TABLE competitions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,          -- 'UCL', 'UEL', 'UECL', or a user's own code
    name TEXT NOT NULL,
    modern_since INTEGER                -- first season (start year) of the modern name, e.g. 1992
);

-- One competition season, with the rules that decide a two-legged tie in it.
CREATE TABLE seasons (
    id INTEGER PRIMARY KEY,
    competition_id INTEGER NOT NULL REFERENCES competitions(id),
    start_year INTEGER NOT NULL,
    away_goals INTEGER NOT NULL,        -- away-goals rule applies after 90 minutes of leg 2
    away_goals_in_extra_time INTEGER NOT NULL,
    extra_time INTEGER NOT NULL,        -- a level tie goes to extra time in leg 2
    decider TEXT NOT NULL CHECK (decider IN ('penalties', 'replay', 'coin_toss')),
    UNIQUE (competition_id, start_year)
);

CREATE TABLE clubs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT NOT NULL,              -- 3-letter code as the sources give it (ENG, ESP, ...)
    ground TEXT,                        -- home ground, when known
    UNIQUE (name, country)
);

-- Every spelling of a club, folded (lower case, no accents, no punctuation).
CREATE TABLE club_aliases (
    key TEXT NOT NULL,
    country TEXT NOT NULL,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (key, country)
);
CREATE INDEX club_aliases_club ON club_aliases(club_id);

CREATE TABLE players (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL                   -- folded name
);
CREATE INDEX players_key ON players(key);

CREATE TABLE player_aliases (
    key TEXT NOT NULL,
    player_id INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (key, player_id)
);

CREATE TABLE matches (
    id INTEGER PRIMARY KEY,
    season_id INTEGER NOT NULL REFERENCES seasons(id),
    stage TEXT NOT NULL CHECK (stage IN ('qualifying', 'group', 'league', 'knockout')),
    round TEXT NOT NULL,                -- normalised: Q1 Q2 Q3 PO R1 R2 G-A .. LP KPO R16 QF SF F
    leg TEXT NOT NULL CHECK (leg IN ('1', '2', 'single', 'replay')),
    date TEXT NOT NULL,                 -- local match date, YYYY-MM-DD
    kickoff_utc TEXT,                   -- ISO 8601 UTC, when the time is known
    home_id INTEGER NOT NULL REFERENCES clubs(id),
    away_id INTEGER NOT NULL REFERENCES clubs(id),
    neutral INTEGER NOT NULL DEFAULT 0, -- 1: no side is at home (finals, relocated games)
    venue TEXT,
    status TEXT NOT NULL DEFAULT 'played'
        CHECK (status IN ('scheduled', 'played', 'postponed', 'cancelled')),
    ht_home INTEGER, ht_away INTEGER,
    ft_home INTEGER, ft_away INTEGER,   -- after 90 minutes
    aet_home INTEGER, aet_away INTEGER, -- after extra time, when played
    pen_home INTEGER, pen_away INTEGER, -- shoot-out, when held
    note TEXT,                          -- walkover, coin toss, annulled ...
    source TEXT NOT NULL,
    CHECK (home_id <> away_id)
);
CREATE UNIQUE INDEX matches_natural ON matches(season_id, home_id, away_id, date);
CREATE INDEX matches_home ON matches(home_id, date);
CREATE INDEX matches_away ON matches(away_id, date);
CREATE INDEX matches_date ON matches(date);

-- Two-legged knockout ties, derived from matches by storage.ties.rebuild_ties.
CREATE TABLE ties (
    id INTEGER PRIMARY KEY,
    season_id INTEGER NOT NULL REFERENCES seasons(id),
    stage TEXT NOT NULL,
    round TEXT NOT NULL,
    first_leg_id INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,
    second_leg_id INTEGER REFERENCES matches(id) ON DELETE CASCADE,
    replay_id INTEGER REFERENCES matches(id) ON DELETE CASCADE,
    club_a INTEGER NOT NULL REFERENCES clubs(id),   -- at home in the first leg
    club_b INTEGER NOT NULL REFERENCES clubs(id),
    agg_a INTEGER, agg_b INTEGER,                   -- incl. extra time, excl. shoot-out
    winner_id INTEGER REFERENCES clubs(id),
    decided_by TEXT,  -- aggregate, away_goals, extra_time, penalties, replay, coin_toss, walkover
    UNIQUE (first_leg_id)
);
CREATE INDEX ties_a ON ties(club_a);
CREATE INDEX ties_b ON ties(club_b);

CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    match_id INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES clubs(id),   -- the side credited with the goal
    player_id INTEGER REFERENCES players(id),        -- scorer (for an own goal: the unlucky one)
    minute INTEGER,
    stoppage INTEGER,                                -- the 2 of 45+2
    penalty INTEGER NOT NULL DEFAULT 0,
    own_goal INTEGER NOT NULL DEFAULT 0,
    assist_player_id INTEGER REFERENCES players(id)
);
CREATE INDEX goals_match ON goals(match_id);
CREATE INDEX goals_player ON goals(player_id);

CREATE TABLE appearances (
    match_id INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,
    player_id INTEGER NOT NULL REFERENCES players(id),
    team_id INTEGER NOT NULL REFERENCES clubs(id),
    started INTEGER NOT NULL,
    minute_on INTEGER,
    minute_off INTEGER,
    minutes INTEGER,
    PRIMARY KEY (match_id, player_id)
);
CREATE INDEX appearances_player ON appearances(player_id);

CREATE TABLE team_news (
    id INTEGER PRIMARY KEY,
    match_id INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,
    club_id INTEGER NOT NULL REFERENCES clubs(id),
    player_id INTEGER NOT NULL REFERENCES players(id),
    status TEXT NOT NULL CHECK (status IN ('out', 'doubtful')),
    reason TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (match_id, player_id)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,                -- platform:user id (and name)
    action TEXT NOT NULL,               -- e.g. result.add, fixture.move, news.set
    entity TEXT NOT NULL,
    entity_id INTEGER,
    before_json TEXT,
    after_json TEXT,
    undone INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,             -- discord, slack, console
    channel_id TEXT NOT NULL,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('club', 'competition')),
    target_id INTEGER NOT NULL,
    timezone TEXT NOT NULL,
    preview_leads TEXT NOT NULL,        -- JSON list of minutes before kick-off, e.g. [1440, 60]
    results INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (platform, channel_id, target_kind, target_id)
);

CREATE TABLE channels (
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    paused_at TEXT,
    pause_reason TEXT,
    PRIMARY KEY (platform, channel_id)
);

-- One row per post key (platform, channel, match, kind): the exactly-once ledger.
CREATE TABLE posts (
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    match_id INTEGER NOT NULL REFERENCES matches(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- preview-1440, preview-60, result
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'skipped', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    message_ref TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (platform, channel_id, match_id, kind)
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# When an admin entered the match's result: a result post is due for it (bot/scheduler.py).
RESULT_ENTERED = """
ALTER TABLE matches ADD COLUMN result_at TEXT;
CREATE INDEX matches_result_at ON matches(result_at);
CREATE INDEX matches_kickoff ON matches(kickoff_utc)
"""

# Access paths the facts need at scale: a pair's meetings (h2h, visits) from one index, a
# player's assists, finals by round, a season's ties (rebuild), a competition's seasons.
SPEED_INDEXES = """
CREATE INDEX matches_pair ON matches(home_id, away_id, date);
CREATE INDEX matches_round ON matches(round, date);
CREATE INDEX goals_assist ON goals(assist_player_id);
CREATE INDEX goals_team ON goals(team_id, match_id);
CREATE INDEX ties_season ON ties(season_id);
CREATE INDEX appearances_team ON appearances(team_id, match_id)
"""

# What the name index needs, kept by the database itself as the data changes: each club's match
# count (its weight when a short name is ambiguous), and a log of the clubs and players whose
# names or weights a write touched, so the index updates only those (bot/names.py).
NAME_CHANGES = """
CREATE TABLE club_match_counts (club_id INTEGER PRIMARY KEY, matches INTEGER NOT NULL);
INSERT INTO club_match_counts (club_id, matches)
    SELECT club, COUNT(*) FROM (SELECT home_id AS club FROM matches
                                UNION ALL SELECT away_id FROM matches) GROUP BY club;
CREATE TABLE name_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('club', 'player')),
    ref INTEGER NOT NULL
);
CREATE TRIGGER clubs_named_ins AFTER INSERT ON clubs BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('club', NEW.id); END;
CREATE TRIGGER clubs_named_upd AFTER UPDATE OF name, country ON clubs BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('club', NEW.id); END;
CREATE TRIGGER clubs_named_del AFTER DELETE ON clubs BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('club', OLD.id); END;
CREATE TRIGGER club_aliases_ins AFTER INSERT ON club_aliases BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('club', NEW.club_id); END;
CREATE TRIGGER club_aliases_upd AFTER UPDATE ON club_aliases BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('club', OLD.club_id), ('club', NEW.club_id); END;
CREATE TRIGGER club_aliases_del AFTER DELETE ON club_aliases BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('club', OLD.club_id); END;
CREATE TRIGGER players_named_ins AFTER INSERT ON players BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('player', NEW.id); END;
CREATE TRIGGER players_named_upd AFTER UPDATE OF name ON players BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('player', NEW.id); END;
CREATE TRIGGER players_named_del AFTER DELETE ON players BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('player', OLD.id); END;
CREATE TRIGGER player_aliases_ins AFTER INSERT ON player_aliases BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('player', NEW.player_id); END;
CREATE TRIGGER player_aliases_upd AFTER UPDATE ON player_aliases BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('player', OLD.player_id),
                                                ('player', NEW.player_id); END;
CREATE TRIGGER player_aliases_del AFTER DELETE ON player_aliases BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('player', OLD.player_id); END;
CREATE TRIGGER matches_counted_ins AFTER INSERT ON matches BEGIN
    INSERT INTO club_match_counts (club_id, matches) VALUES (NEW.home_id, 1), (NEW.away_id, 1)
        ON CONFLICT (club_id) DO UPDATE SET matches = matches + 1;
    INSERT INTO name_changes (kind, ref) VALUES ('club', NEW.home_id), ('club', NEW.away_id);
END;
CREATE TRIGGER matches_counted_del AFTER DELETE ON matches BEGIN
    UPDATE club_match_counts SET matches = matches - 1 WHERE club_id = OLD.home_id;
    UPDATE club_match_counts SET matches = matches - 1 WHERE club_id = OLD.away_id;
    INSERT INTO name_changes (kind, ref) VALUES ('club', OLD.home_id), ('club', OLD.away_id);
END;
CREATE TRIGGER matches_counted_upd AFTER UPDATE OF home_id, away_id ON matches BEGIN
    UPDATE club_match_counts SET matches = matches - 1 WHERE club_id = OLD.home_id;
    UPDATE club_match_counts SET matches = matches - 1 WHERE club_id = OLD.away_id;
    INSERT INTO club_match_counts (club_id, matches) VALUES (NEW.home_id, 1), (NEW.away_id, 1)
        ON CONFLICT (club_id) DO UPDATE SET matches = matches + 1;
    INSERT INTO name_changes (kind, ref) VALUES ('club', OLD.home_id), ('club', OLD.away_id),
                                                ('club', NEW.home_id), ('club', NEW.away_id);
END;
CREATE TRIGGER goals_counted_ins AFTER INSERT ON goals WHEN NEW.player_id IS NOT NULL BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('player', NEW.player_id); END;
CREATE TRIGGER goals_counted_del AFTER DELETE ON goals WHEN OLD.player_id IS NOT NULL BEGIN
    INSERT INTO name_changes (kind, ref) VALUES ('player', OLD.player_id); END;
CREATE TRIGGER goals_counted_upd AFTER UPDATE OF player_id ON goals BEGIN
    INSERT INTO name_changes (kind, ref) SELECT 'player', OLD.player_id
        WHERE OLD.player_id IS NOT NULL;
    INSERT INTO name_changes (kind, ref) SELECT 'player', NEW.player_id
        WHERE NEW.player_id IS NOT NULL;
END
"""

# The live feed (storage/feed): which of our rows a feed's id stands for, and when a played
# match's score was corrected after its result (a correction post is due, bot/scheduler.py).
FEED_IDS = """
CREATE TABLE external_ids (
    source TEXT NOT NULL,               -- 'football-data'
    kind TEXT NOT NULL CHECK (kind IN ('team', 'match', 'player')),
    external_id TEXT NOT NULL,
    local_id INTEGER NOT NULL,          -- clubs.id, matches.id or players.id
    PRIMARY KEY (source, kind, external_id)
);
CREATE INDEX external_ids_local ON external_ids(kind, local_id);
ALTER TABLE matches ADD COLUMN corrected_at TEXT
"""

# Scheduled fixtures from a date without walking every later match; a pair's ties from one
# index (tie, the preview's first leg).
SPEED_INDEXES_2 = """
CREATE INDEX matches_status_date ON matches(status, date);
CREATE INDEX ties_pair ON ties(club_a, club_b)
"""

# Per-server and per-channel settings (bot/families/admin_settings.py), and the server a
# subscribed channel belongs to (Slack workspace token, Discord shard, pause on leave).
SERVER_SETTINGS = """
CREATE TABLE server_settings (
    platform TEXT NOT NULL,
    server_id TEXT NOT NULL,            -- Discord guild id, Slack team id ('' on the console)
    channel_id TEXT NOT NULL DEFAULT '', -- '' = the whole server
    club_id INTEGER,
    timezone TEXT,
    competition TEXT,                   -- a competition key of bot/scope.py
    charts INTEGER,                     -- 1/0; NULL = the command decides
    mention TEXT,                       -- here | role:ID | group:ID
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (platform, server_id, channel_id)
);
ALTER TABLE subscriptions ADD COLUMN server_id TEXT NOT NULL DEFAULT '';
CREATE INDEX subscriptions_server ON subscriptions(platform, server_id)
"""

# Slack workspaces that installed the app by OAuth (adapters/slack/install_store.py): one row
# per installation (the installer's user id, '' for the bot alone), the library's own record as
# JSON; and the OAuth `state` values issued to browsers, each consumed once before it expires.
SLACK_INSTALLATIONS = """
CREATE TABLE slack_installations (
    client_id TEXT NOT NULL,
    enterprise_id TEXT NOT NULL DEFAULT '',
    team_id TEXT NOT NULL DEFAULT '',
    user_id TEXT NOT NULL DEFAULT '',
    has_bot INTEGER NOT NULL,
    record TEXT NOT NULL,               -- slack_sdk Installation, as JSON
    installed_at TEXT NOT NULL,
    PRIMARY KEY (client_id, enterprise_id, team_id, user_id)
);
CREATE INDEX slack_installations_team ON slack_installations(team_id);
CREATE TABLE slack_oauth_states (
    state TEXT PRIMARY KEY,
    expires_at REAL NOT NULL            -- unix time
)
"""

# The name index's columns as last read whole, and the name-change log's position then
# (storage/name_snapshot.py): a start replays the log since, instead of reading every name.
NAME_SNAPSHOT = """
CREATE TABLE name_snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    format INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    crc INTEGER NOT NULL,               -- zlib.crc32 of columns
    columns BLOB NOT NULL               -- marshal of NameColumns' fields
)
"""

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial", INITIAL_SCHEMA),
    ("0002_result_entered", RESULT_ENTERED),
    ("0003_speed_indexes", SPEED_INDEXES),
    ("0004_feed_ids", FEED_IDS),
    ("0005_name_changes", NAME_CHANGES),
    ("0006_speed_indexes_2", SPEED_INDEXES_2),
    ("0007_competitions_as_data", seed_sql()),
    ("0008_server_settings", SERVER_SETTINGS),
    ("0009_data_changes", DATA_CHANGES),
    ("0010_slack_installations", SLACK_INSTALLATIONS),
    ("0011_league_points", rules_sql()),
    ("0012_player_changes", PLAYER_CHANGES),
    ("0013_head_to_head", head_to_head_sql()),
    ("0014_name_snapshot", NAME_SNAPSHOT),
]
