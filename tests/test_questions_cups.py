""""Liverpool v Everton in the FA Cup" asks for their cup meetings: a preview cannot be
narrowed to a cup (it was answered with the league preview, the cup words dropped)."""

from __future__ import annotations

import pytest

from bot.core import Core
from bot.questions import interpret
from tests.leaguehistory import needs_england


@pytest.mark.parametrize(("text", "competition"), [
    ("Liverpool v Everton in the FA Cup", "fa cup"),
    ("Liverpool v Everton facts in the FA Cup", "fa cup"),
    ("Liverpool v Everton in the league cup", "leaguecup"),
])
def test_a_pair_in_a_domestic_cup_is_their_head_to_head_in_it(text: str,
                                                              competition: str) -> None:
    found = interpret(text)
    assert found is not None
    assert (found.command, found.args) == ("h2h", {"team": "liverpool", "opponent": "everton",
                                                   "competition": competition})


@pytest.mark.parametrize("text", ["Liverpool v Everton in the league",
                                  "Liverpool v Real Madrid in the champions league"])
def test_a_pair_in_a_league_or_in_europe_is_still_the_preview(text: str) -> None:
    found = interpret(text)
    assert found is not None and found.command == "facts"


@needs_england
async def test_the_answer_counts_fa_cup_meetings_only(leagues: Core) -> None:
    reply = await leagues.ask("Liverpool v Everton in the FA Cup")
    assert reply.kind == "answer", reply.title
    assert reply.title == "Liverpool v Everton: head-to-head"
    assert reply.data["matches"] and {m["competition"] for m in reply.data["matches"]} == {
        "FACUP"}
    assert "FA Cup" in reply.footnote
