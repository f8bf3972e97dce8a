"""Season records are picked from each season's leaders, kept in the derived cache
(storage/league_records.py): a cold answer (the results cache emptied) reads no match, as of
any date too once that season was asked about; the leaders of a season in progress are
counted from its results before the date, and a write reaches them."""

from __future__ import annotations

from bot.core import Core
from storage import Store
from tests import independent_league as ind
from tests.conftest import FIXED_NOW
from tests.leaguehistory import needs_england
from tests.test_seasons_cache import add, fresh


def partial_leaders(before: str) -> dict[str, tuple[int, list[str]]]:
    """The 1992-93 Premier League's leaders before a date, from england.csv alone."""
    table = ind.table("1", 1992, before)
    out = {}
    for key, col, most in (("most_points_3", 7, True), ("most_wins", 2, True),
                           ("most_goals_for", 5, True)):
        values = [row[col] for row in table]
        value = max(values) if most else min(values)
        out[key] = (value, sorted(row[0] for row in table if row[col] == value))
    best, holders, current = 0, [], {}
    for r in sorted((r for r in ind.england()
                     if r.tier == "1" and r.season == 1992 and r.date < before),
                    key=lambda r: r.date):
        for club, gf, ga in ((r.home, r.hg, r.ag), (r.away, r.ag, r.hg)):
            current[club] = 0 if gf < ga else current.get(club, 0) + 1
            if current[club] > best:
                best, holders = current[club], [club]
            elif current[club] == best and club not in holders:
                holders.append(club)
    out["longest_unbeaten"] = (best, sorted(holders))
    return out


@needs_england
async def test_records_as_of_a_date_count_the_season_in_progress(leagues: Core) -> None:
    """Two dates in one season (the second from the season's results already derived): the
    only season then is the one in progress, so each record is its leaders on that date."""
    for before in ("1993-01-01", "1993-03-01"):
        leagues.store.forget_results()
        reply = await leagues.ask(f"seasons premier league as_of:{before}")
        assert reply.kind == "answer", reply.title
        assert reply.data["seasons"] == 1
        got = {r["record"]: (r["value"], sorted(h["club"] for h in r["holders"]))
               for r in reply.data["records"]}
        assert got == partial_leaders(before), before   # no fewest: no complete season
        assert "(1992-93 in progress)" in reply.plain_text()


@needs_england
async def test_a_cold_answer_reads_no_match(leagues: Core) -> None:
    store = leagues.store
    await leagues.ask("seasons eng1")
    await leagues.ask("seasons eng1 as_of:1990-04-01")
    statements: list[str] = []
    await store.db.set_trace_callback(statements.append)
    try:
        answers = []
        for question in ("seasons eng1", "seasons eng1 as_of:1990-04-01",
                         "seasons eng1 as_of:1990-01-15", "seasons eng2 as_of:1990-03-01"):
            store.forget_results()
            statements.clear()
            answers.append(await leagues.ask(question))
            assert answers[-1].kind == "answer", answers[-1].title
            reads = [s for s in statements if "matches" in s]
            if question.startswith("seasons eng2"):   # a season not asked about before
                assert reads
            else:
                assert not reads, (question, reads)
    finally:
        await store.db.set_trace_callback(None)
    assert answers[1].plain_text() != answers[2].plain_text()   # the date counts


async def test_a_write_reaches_the_season_in_progress_as_of_a_date(store: Store) -> None:
    core = Core(store, now=lambda: FIXED_NOW)
    await add(store, 2024, "2024-08-17", "Alpha", "Beta", (2, 0))
    await add(store, 2024, "2024-08-24", "Beta", "Gamma", (1, 1))
    await add(store, 2024, "2024-09-14", "Gamma", "Alpha", (0, 4))
    question = "seasons eng1 as_of:2024-09-01"
    before = await core.ask(question)
    goals = {r["record"]: r for r in before.data["records"]}["most_goals_for"]
    assert goals["value"] == 2 and goals["holders"][0]["club"] == "Alpha"
    # a result before the date, in the season already derived: Gamma 1 + 5
    await add(store, 2024, "2024-08-31", "Gamma", "Beta", (5, 0))
    after = await core.ask(question)
    assert after.plain_text() == await fresh(store, question)
    goals = {r["record"]: r for r in after.data["records"]}["most_goals_for"]
    assert goals["value"] == 6 and goals["holders"][0]["club"] == "Gamma"
