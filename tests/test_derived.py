"""The derived cache: a write drops only what it touched, and answers always match a fresh
store's (storage/derived.py)."""

from __future__ import annotations

from bot.core import Core
from storage import Store
from storage.matches import NewMatch
from tests.conftest import FIXED_NOW

QUESTIONS = ("streak Liverpool", "streak Real Madrid kind:unbeaten", "h2h Liverpool v Real Madrid",
             "record Liverpool kind:home", "record Real Madrid kind:ties", "honours",
             "form Liverpool", "facts Liverpool v Real Madrid", "h2h Real Madrid v Chelsea")


async def answers(core: Core) -> dict[str, object]:
    return {q: (await core.ask(q)).plain_text() for q in QUESTIONS}


async def fresh_answers(store: Store) -> dict[str, object]:
    """The same questions on a second store over the same file: nothing cached."""
    other = await Store.open(store.path)
    try:
        return await answers(Core(other, now=lambda: FIXED_NOW))
    finally:
        await other.close()


async def add_match(store: Store, home: str, away: str, score: tuple[int, int],
                    round_: str = "LP") -> None:
    async with store.transaction():
        competition = await store.ensure_competition("UCL", "UEFA Champions League", 1992)
        season = await store.ensure_season(competition, 2026)
        ids = {c.name: c.id for c in await store.clubs()}
        await store.upsert_match(NewMatch(
            season, "knockout" if round_ == "F" else "league", round_,
            "single" if round_ == "F" else "1", "2026-11-05", ids[home], ids[away], "test",
            ft=score))


def cached_clubs(store: Store) -> set[int]:
    return {tag[1] for tag in store._derived_store.by_tag if tag[0] == "club"}


async def test_a_new_match_drops_only_its_clubs_derived_reads(core: Core) -> None:
    store = core.store
    await answers(core)
    ids = {c.name: c.id for c in await store.clubs()}
    real = await store.timeline(ids["Real Madrid"])
    assert {ids["Liverpool"], ids["Real Madrid"]} <= cached_clubs(store)
    await add_match(store, "Liverpool", "Villarreal", (3, 0))
    await store._derived_cache()               # catches up with the change log
    assert ids["Liverpool"] not in cached_clubs(store)
    assert ids["Real Madrid"] in cached_clubs(store)
    assert await store.timeline(ids["Real Madrid"]) is real      # kept, not read again
    after = await answers(core)
    assert after == await fresh_answers(store)
    assert "3-0" in after["form Liverpool"]


async def test_a_final_or_a_rename_reaches_every_answer(core: Core) -> None:
    store = core.store
    await answers(core)
    await add_match(store, "Chelsea", "Manchester City", (2, 1), round_="F")
    after = await answers(core)
    assert after == await fresh_answers(store)
    assert "Chelsea" in after["honours"]
    async with store.transaction() as db:
        await db.execute("UPDATE clubs SET name = 'Chelsea FC London' WHERE name = 'Chelsea'")
    assert not (await store._derived_cache()).entries      # a rename empties it all
    await core.names.refresh(store)
    renamed = await answers(core)
    assert "Chelsea FC London" in renamed["h2h Real Madrid v Chelsea"]
    assert renamed == await fresh_answers(store)


async def test_reads_inside_a_transaction_are_not_kept(core: Core) -> None:
    store = core.store
    ids = {c.name: c.id for c in await store.clubs()}
    before = await store.timeline(ids["Liverpool"])
    try:
        async with store.transaction():
            season = (await store.fetchone("SELECT season_id FROM matches WHERE id = ?",
                                           (before[-1].id,)))[0]
            await store.upsert_match(NewMatch(season, "league", "LP", "1", "2026-11-05",
                                              ids["Liverpool"], ids["Villarreal"], "test",
                                              ft=(1, 0)))
            inside = await store.timeline(ids["Liverpool"])
            assert len(inside) == len(before) + 1          # sees its own write
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert await store.timeline(ids["Liverpool"]) == before  # nothing of it was kept


async def test_a_trimmed_change_log_starts_the_cache_afresh(core: Core) -> None:
    store = core.store
    await answers(core)
    await add_match(store, "Liverpool", "Villarreal", (0, 2))
    await store.after_import()                     # trims the log, as a bulk import does
    assert not (await store._derived_cache()).entries
    assert await answers(core) == await fresh_answers(store)


async def test_a_bulk_import_logs_once_and_keeps_the_trigger(core: Core, tmp_path) -> None:
    """Bulk inserts go unlogged (one 'all' entry); the per-match trigger is back after."""
    from storage.importers import import_files
    store = core.store
    await answers(core)
    csv = tmp_path / "england.csv"
    csv.write_text('"Date","Season","home","visitor","FT","hgoal","vgoal","division","tier"\n'
                   '"2025-08-16",2025,"Liverpool","Everton","2-0",2,0,"1",1\n'
                   '"2025-08-23",2025,"Everton","Liverpool","1-1",1,1,"1",1\n')
    summary = await import_files(store, "engsoccerdata", [csv])
    assert summary.matches_added == 2
    triggers = await store.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'matches_changed_ins'")
    assert len(triggers) == 1
    assert not (await store._derived_cache()).entries
    after = await answers(core)
    assert after == await fresh_answers(store)
    assert "2-0" in (await core.ask("form Liverpool competition:eng1")).plain_text()
    seq = await store.data_change_seq()
    await add_match(store, "Liverpool", "Villarreal", (1, 0))
    assert await store.data_change_seq() == seq + 2          # logged one by one again


PLAYER_QUESTIONS = ("streak Salah", "player Salah", "streak Benzema", "player Benzema",
                    "streak Salah kind:assists")


async def player_answers(core: Core) -> dict[str, str]:
    return {q: (await core.ask(q)).plain_text() for q in PLAYER_QUESTIONS}


def cached_players(store: Store) -> set[int]:
    return {tag[1] for tag in store._derived_store.by_tag if tag[0] == "player"}


async def test_a_new_goal_drops_only_its_players_and_clubs_answers(core: Core) -> None:
    """Goals are logged (0012): a goal changes its scorer's and its match's clubs' answers
    (a player's are tagged with the clubs of his matches) and leaves other clubs' alone."""
    from storage.matches import NewGoal
    store = core.store
    before = await player_answers(core)
    ids = {c.name: c.id for c in await store.clubs()}
    salah = (await store.fetchone("SELECT id FROM players WHERE name = 'Mohamed Salah'"))[0]
    benzema = (await store.fetchone("SELECT id FROM players WHERE name = 'Karim Benzema'"))[0]
    assert {salah, benzema} <= cached_players(store)
    real = await store.timeline(ids["Real Madrid"])
    last = [m for m in await store.timeline(ids["Liverpool"])
            if ids["Real Madrid"] not in (m.home_id, m.away_id)][-1]
    kept = await store.goals([last.id])
    async with store.transaction():
        await store.replace_goals(last.id, [
            *(NewGoal(g.team_id, g.player_id, g.minute, g.stoppage, g.penalty, g.own_goal,
                      g.assist_player_id) for g in kept),
            NewGoal(ids["Liverpool"], salah, 89)])
    await store._derived_cache()
    assert salah not in cached_players(store)
    assert ids["Liverpool"] not in cached_clubs(store)
    assert ids["Real Madrid"] in cached_clubs(store)
    assert await store.timeline(ids["Real Madrid"]) is real      # kept, not read again
    after = await player_answers(core)
    assert after == {q: (await fresh_player_answers(store))[q] for q in PLAYER_QUESTIONS}
    assert after["player Salah"] != before["player Salah"]        # the goal is counted
    assert after["streak Benzema"] == before["streak Benzema"]


async def fresh_player_answers(store: Store) -> dict[str, str]:
    other = await Store.open(store.path)
    try:
        return await player_answers(Core(other, now=lambda: FIXED_NOW))
    finally:
        await other.close()


async def test_the_change_log_keeps_its_position_across_its_rebuild(tmp_path) -> None:
    """0012 rebuilds data_changes under a wider CHECK: its entries and position survive, and
    an 'all' entry after them starts other processes' caches afresh."""
    import sqlite3

    from storage.migrations import MIGRATIONS
    from storage.store import _split_sql
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in MIGRATIONS:
        if name == "0012_player_changes":
            break
        for statement in _split_sql(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO migrations VALUES (?, 'then')", (name,))
    conn.executemany("INSERT INTO data_changes (kind, ref) VALUES ('club', ?)",
                     [(i,) for i in range(5)])
    conn.execute("DELETE FROM data_changes WHERE ref < 3")
    conn.commit()
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'data_changes'").fetchone()
    conn.close()
    store = await Store.open(path)
    try:
        assert await store.data_change_seq() == seq[0] + 1
        rows = await store.fetchall("SELECT kind, ref FROM data_changes ORDER BY seq")
        assert [tuple(r) for r in rows] == [("club", 3), ("club", 4), ("all", 0)]
        async with store.transaction() as db:
            await db.execute("INSERT INTO data_changes (kind, ref) VALUES ('player', 7)")
        triggers = await store.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE "
            "'%data_changes%'")
        assert {"matches_changed_ins", "goals_changed_ins", "appearances_changed_del",
                "players_changed_upd"} <= {r[0] for r in triggers}
    finally:
        await store.close()


async def test_a_write_derives_again_what_it_dropped_before_the_next_question(
        core: Core) -> None:
    """After a result, the recently asked entries of its clubs are made again in the
    background: the next question about them finds them, with the new match in."""
    store = core.store
    await answers(core)
    ids = {c.name: c.id for c in await store.clubs()}
    liverpool = ("club", ids["Liverpool"])
    old = await store.timeline(ids["Liverpool"])
    keys = set(store._derived_store.by_tag[liverpool])
    await add_match(store, "Liverpool", "Villarreal", (4, 1))
    await store.rederived()
    assert set(store._derived_store.by_tag[liverpool]) == keys     # all of them, again
    hit, timeline = store._derived_store.get(("timeline", ids["Liverpool"], (), (), None, None))
    assert hit and len(timeline) == len(old) + 1 and timeline[-1].ft_home == 4
    after = await answers(core)
    assert after == await fresh_answers(store)
    assert "4-1" in after["form Liverpool"]
