"""Speed work that must not change behaviour: caches that stay warm, limited reads, indexes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.commands import Actor
from bot.core import Core
from bot.names import NameIndex
from storage import Store, fold

ADMIN = Actor("discord", "1", "A", True)


def caches(store: Store) -> tuple[dict, list]:
    """What the results cache and the derived cache hold."""
    return dict(store._cache()), list(store._derived_store.entries)


async def test_bookkeeping_writes_keep_the_results_cache_and_the_name_index(
        demo_store: Store) -> None:
    core = Core(demo_store)
    assert (await core.ask("streak Liverpool")).kind == "answer"
    version, index = demo_store.data_version, core.names.version
    cached = caches(demo_store)
    assert cached[1], "the answer filled the derived cache"
    assert (await core.ask("subscribe Liverpool", actor=ADMIN, place="c1")).kind == "answer"
    [match] = await demo_store.matches(limit=1)
    key = ("discord", "c1", match.id, "result")
    assert await demo_store.claim_post(key, "2026-01-01T00:00:00")
    await demo_store.finish_post(key, "sent", "2026-01-01T00:00:01", "ref")
    assert await demo_store.skip_post(("discord", "c1", match.id, "preview-60"),
                                      "2026-01-01T00:00:01", "too late")
    await demo_store.channel_failed("discord", "c1", "boom", "2026-01-01T00:00:02", 3, False)
    await demo_store.channel_ok("discord", "c1")
    assert (await core.ask("unsubscribe Liverpool", actor=ADMIN, place="c1")).kind == "answer"
    assert (await core.ask("streak Liverpool")).kind == "answer"
    assert demo_store.data_version == version
    assert core.names.version == index
    assert caches(demo_store) == cached
    async with demo_store.transaction():        # football data: caches start afresh
        await demo_store.insert_club("Newcastle Town", "ENG")
    assert demo_store.data_version == version + 1
    await core.names.refresh(demo_store)
    assert core.names.resolve("Newcastle Town").name == "Newcastle Town"


@pytest.mark.parametrize("club", ["Liverpool", "Real Madrid", "Celtic", "Atalanta"])
async def test_last_matches_is_the_tail_of_the_timeline(history: Core, club: str) -> None:
    store = history.store
    await history.names.refresh(store)
    club_id = history.names.resolve(club).id
    for scope in [((), (), None, None), (("UCL",), ("knockout",), None, None),
                  ((), ("qualifying",), 1990, "2010-01-01"), (("UCL",), (), 1992, "2021-04-10")]:
        timeline = await store.timeline(club_id, *scope)
        for n in (1, 6, 50):
            assert await store.last_matches(club_id, n, *scope) == timeline[-n:], (scope, n)


def plan(rows: list) -> str:
    return " | ".join(r[3] for r in rows)


async def test_meetings_finals_and_assists_read_through_their_indexes(
        history: Core, validation_core: Core) -> None:
    store = history.store
    pair = await store.fetchall(
        "EXPLAIN QUERY PLAN SELECT id FROM matches m WHERE (m.home_id IN (1) AND m.away_id "
        "IN (2)) OR (m.away_id IN (1) AND m.home_id IN (2))")
    assert plan(pair).count("matches_pair") == 2, plan(pair)
    finals = await store.fetchall(
        "EXPLAIN QUERY PLAN SELECT id FROM matches m WHERE m.round = 'F' AND m.date < ?",
        ("2020-01-01",))
    assert "matches_round" in plan(finals), plan(finals)
    assists = await validation_core.store.fetchall(
        "EXPLAIN QUERY PLAN SELECT match_id FROM goals g WHERE g.assist_player_id = 5")
    assert "goals_assist" in plan(assists), plan(assists)


# the planner's statistics of the 50x benchmark database (benchmarks/scale.py), sampled by
# ANALYZE: they rate status as selective as the round
STATISTICS_50X = (("matches", "matches_status_date", "531960 501 2"),
                  ("matches", "matches_round", "570780 1001 2"),
                  ("matches", "matches_date", "536544 3"),
                  ("seasons", "sqlite_autoindex_seasons_1", "4032 550 1"),
                  ("competitions", "sqlite_autoindex_competitions_1", "25 1"))


async def test_the_finals_walk_the_finals_whatever_the_statistics_say(demo_store: Store) -> None:
    store = demo_store
    async with store.transaction(football=False) as db:
        await db.execute("DELETE FROM sqlite_stat1")
        await db.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)",
                             STATISTICS_50X)
        await db.execute("ANALYZE sqlite_schema")   # the planner reads them again
    statements: list[str] = []
    await store.db.set_trace_callback(statements.append)
    finals = await store._finals(("UCL",), "2026-01-01")
    await store.db.set_trace_callback(None)
    assert finals and all(m.round == "F" for m in finals)
    [sql] = [s for s in statements if "m.round = 'F'" in s]
    steps = plan(await store.fetchall("EXPLAIN QUERY PLAN " + sql))
    assert "matches_status_date" not in steps, steps


async def test_an_import_leaves_fresh_planner_statistics(history: Core) -> None:
    rows = await history.store.fetchall("SELECT tbl FROM sqlite_stat1")
    assert {"matches", "goals", "clubs"} <= {r[0] for r in rows}


async def test_the_benchmark_builder_repeats_history_and_clubs(demo_store: Store,
                                                                tmp_path: Path) -> None:
    from benchmarks import scale
    source = Path(demo_store.path)
    core = Core(demo_store)
    one = (await core.ask("streak Liverpool")).data["counted"]
    matches = (await demo_store.fetchone("SELECT COUNT(*) FROM matches"))[0]
    scale.build(source, tmp_path / "h3.db", history=3)
    scale.build(source, tmp_path / "c2.db", clubs=2)
    for name, times, clubs in (("h3.db", 3, 1), ("c2.db", 2, 2)):
        store = await Store.open(tmp_path / name)
        big = Core(store)
        assert (await store.fetchone("SELECT COUNT(*) FROM matches"))[0] == matches * times
        counted = (await big.ask("streak Liverpool")).data["counted"]
        assert counted == one * (times if clubs == 1 else 1)
        if clubs > 1:
            copy = scale.invented("Liverpool", 1)
            assert (await big.ask(f"streak {copy}")).data["counted"] == one
        await store.close()


def snapshot(index: NameIndex) -> tuple:
    return index.state()


async def test_the_name_index_updates_only_what_a_write_touched(core: Core) -> None:
    store = core.store
    await core.names.refresh(store)
    real, liverpool = core.names.resolve("Real Madrid").id, core.names.resolve("Liverpool").id
    seq = core.names.seq
    line = ("Real Madrid 1-1 Liverpool aet 2-1 pens 5-4; Benzema 45+2 (pen), Kroos* 104 "
            "(Modrić*); Salah 30 (Alexander-Arnold*) round:QF leg:2 date:2026-11-18")
    assert (await core.ask("admin result " + line)).kind == "answer"
    changes = await store.name_changes(seq)
    assert changes is not None and changes.clubs == {real, liverpool}
    touched = {core.names.entities[("player", p)].name for p in changes.players
               if ("player", p) in core.names.entities}
    assert touched == {"Karim Benzema", "Mohamed Salah"}      # the others are new
    await core.names.refresh(store)
    assert core.names.seq == changes.seq                     # applied, not rebuilt
    assert core.names.resolve("Kroos", ("player",)).name == "Kroos"
    fresh = NameIndex()
    await fresh.refresh(store)
    assert snapshot(core.names) == snapshot(fresh)
    assert (await core.ask("admin undo")).kind == "answer"   # the match goes again
    await core.names.refresh(store)
    await fresh.refresh(store)
    assert snapshot(core.names) == snapshot(fresh)
    assert core.names.weight[("club", real)] == (await store.club_match_counts())[real]


async def test_the_name_index_built_from_stored_keys_is_the_folded_one(history: Core) -> None:
    """Keys and weights read from the store are what folding and counting give."""
    await history.names.refresh(history.store)
    store, index = history.store, history.names
    counts = await store.club_match_counts()
    for club in await store.clubs():
        assert index.own_key[("club", club.id)] == fold(club.name)
        assert index.weight[("club", club.id)] == counts.get(club.id, 0)
    folded: dict[str, set] = {}
    for alias, club_id in await store.club_aliases():
        folded.setdefault(fold(alias), set()).add(("club", club_id))
    for club in await store.clubs():
        folded.setdefault(fold(club.name), set()).add(("club", club.id))
    for player in await store.players():
        folded.setdefault(fold(player.name), set()).add(("player", player.id))
    for alias, player_id in await store.player_aliases():
        folded.setdefault(fold(alias), set()).add(("player", player_id))
    assert index.refs_by_key() == folded


@pytest.mark.parametrize("club", ["Liverpool", "Real Madrid", "Celtic", "Atalanta", "Porto"])
async def test_last_tie_is_the_last_of_the_ties(history: Core, club: str) -> None:
    store = history.store
    await history.names.refresh(store)
    club_id = history.names.resolve(club).id
    for before in (None, "2026-12-01", "2021-04-10", "2005-05-01", "1970-01-01"):
        for stages in (("knockout", "qualifying"), ("knockout",)):
            ties = await store.ties(club_ids=[club_id], stages=stages, before=before)
            assert await store.last_tie(club_id, stages, before) == (ties[-1] if ties else None)


async def test_one_resolver_serves_a_whole_import_run(store: Store, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The run's files share one resolver, loaded once: a club created by one file is the
    same club in the next, counted once; a second run over the files changes nothing."""
    from storage.importers import import_files
    from storage.importers.resolve import ClubResolver
    loads = []
    real_load = ClubResolver.load

    async def counted(self: ClubResolver) -> ClubResolver:
        loads.append(self.strict)
        return await real_load(self)
    monkeypatch.setattr(ClubResolver, "load", counted)
    folder = tmp_path / "domestic"
    folder.mkdir()
    (folder / "england.csv").write_text(
        '"Date","Season","home","visitor","FT","hgoal","vgoal","division","tier"\n'
        '"2024-08-17",2024,"Bolton Wanderers","Derby County","3-1",3,1,"1",1\n'
        '"2024-12-26",2024,"Derby County","Bolton Wanderers","0-0",0,0,"1",1\n')
    (folder / "facup.csv").write_text(
        '"Date","Season","home","visitor","hgoal","vgoal","round","tie"\n'
        '"2025-01-11",2024,"Derby County","Notts County",2,1,"3","initial"\n'
        '"2025-02-08",2024,"Bolton Wanderers","Derby County",1,2,"4","initial"\n')
    first = await import_files(store, "engsoccerdata", [folder])
    assert (first.files, first.matches_added, first.clubs_added) == (2, 4, 3)
    assert loads == [True]                          # one strict resolver for both files
    clubs = await store.clubs()
    assert sorted(c.name for c in clubs) == ["Bolton Wanderers", "Derby County", "Notts County"]
    again = await import_files(store, "engsoccerdata", [folder])
    assert (again.matches_added, again.matches_unchanged, again.clubs_added) == (0, 4, 0)
    assert len(await store.clubs()) == 3
