"""The command core on the demo data: h2h, tie, help, name resolution and as-of."""

from __future__ import annotations

from datetime import date

from bot.core import Core


async def test_h2h_liverpool_real_madrid_counts_every_meeting(core: Core) -> None:
    reply = await core.ask("h2h Liverpool v Real Madrid")
    assert not reply.is_error, reply.title
    rec = reply.data["record"]
    assert (rec["played"], rec["won"], rec["drawn"], rec["lost"]) == (13, 5, 1, 7)
    assert (rec["goals_for"], rec["goals_against"]) == (13, 17)
    assert reply.data["matches"][0]["date"] == "1981-05-27"
    assert "Last meeting: Liverpool 1-0 Real Madrid" in reply.plain_text()
    assert "won each of their last two" in reply.data["shape"]


async def test_h2h_as_of_uses_only_earlier_matches_and_says_so(core: Core) -> None:
    reply = await core.ask("h2h Liverpool v Real Madrid", as_of=date(2021, 4, 1))
    assert reply.data["record"]["played"] == 6
    assert reply.data["shape"] == ("After winning their first three meetings with Real Madrid, "
                                   "Liverpool have lost each of their last three.")
    assert "as of 1 Apr 2021" in reply.footnote


async def test_h2h_as_of_in_text_option(core: Core) -> None:
    reply = await core.ask("h2h Real Madrid v Liverpool as_of:2018-01-01")
    assert reply.data["record"]["played"] == 5
    assert reply.data["record"]["won"] == 2


async def test_h2h_venue_filter(core: Core) -> None:
    reply = await core.ask("h2h Liverpool v Real Madrid venue:neutral")
    assert [m["round"] for m in reply.data["matches"]] == ["F", "F", "F"]


async def test_names_resolve_case_accent_alias_and_fuzzy(core: Core) -> None:
    for text in ("h2h liverpool v REAL MADRID", "h2h Liverpool FC v Real",
                 "h2h Liverpol v Real Madrid", "h2h atletico madrid v real madrid"):
        reply = await core.ask(text)
        if "atletico" in text:
            assert reply.is_error and "Atlético" not in reply.title  # not in the demo data
            continue
        assert not reply.is_error, (text, reply.title)


async def test_unknown_club_gets_did_you_mean(core: Core) -> None:
    reply = await core.ask("h2h Liverpool v Real Madird FC Barca")
    assert reply.kind == "user_error"
    assert reply.suggestions == ("Real Madrid (ESP)",)
    reply = await core.ask("h2h Liverpool v Chelsa")   # a typo of one club: resolved
    assert reply.data["opponent"] == "Chelsea"
    reply = await core.ask("h2h Liverpool v Xyzzy United")
    assert reply.kind == "user_error"
    assert "Xyzzy United" in reply.title


async def test_ambiguous_name_lists_candidates(core: Core) -> None:
    async with core.store.transaction():
        await core.store.insert_club("Sporting CP", "POR")
        await core.store.insert_club("Sporting Gijón", "ESP")
    reply = await core.ask("h2h Liverpool v Sporting")
    assert reply.kind == "user_error"
    assert set(reply.suggestions) == {"Sporting CP (POR)", "Sporting Gijón (ESP)"}


async def test_short_name_resolves_to_the_dominant_club(core: Core) -> None:
    async with core.store.transaction():
        await core.store.insert_club("Real Sociedad", "ESP")
    reply = await core.ask("h2h Liverpool v real")
    assert reply.data["opponent"] == "Real Madrid"


async def test_tie_calculator_after_first_leg(core: Core) -> None:
    reply = await core.ask("tie Liverpool v Real Madrid", as_of=date(2023, 3, 1))
    assert reply.data["first_leg"]["score"] == "2-5"
    assert reply.data["winner"] is None
    needs = reply.data["needs"]["Liverpool"]
    assert "win by four goals or more" in needs and "three-goal win forces extra time" in needs


async def test_tie_result_after_second_leg(core: Core) -> None:
    reply = await core.ask("tie Real Madrid v Liverpool season:2020-21")
    assert reply.data["aggregate"] == [3, 1]
    assert reply.data["winner"] == "Real Madrid"
    assert "2-0 is enough" in reply.data["needs"]["Liverpool"]


async def test_help_lists_commands_and_explains_one(core: Core) -> None:
    reply = await core.ask("help")
    assert {"h2h", "tie", "help"} <= set(reply.data["commands"])
    one = await core.ask("help h2h")
    assert one.data["usage"].startswith("h2h TEAM v OPPONENT")
    assert "venue" in one.data["params"]


async def test_bad_input_is_a_user_error(core: Core) -> None:
    for text in ("h2h Liverpool", "h2h Liverpool v Real Madrid as_of:yesterday", "frobnicate",
                 "h2h Liverpool v Real Madrid competition:nfl", "tie Liverpool v Liverpool",
                 "h2h Liverpool v Real Madrid colour:red"):
        reply = await core.ask(text)
        assert reply.kind == "user_error", text


async def test_holders_are_named_only_when_last_seasons_final_is_in_the_data(core: Core) -> None:
    now = await core.ask("honours")          # demo data ends with the 2021-22 final
    assert now.data["holder"] is None and "no 2025-26 final" in now.title + now.lines[0]
    then = await core.ask("honours", as_of=date(2022, 9, 1))
    assert then.data["holder"] == "Real Madrid"
    facts = await core.ask("facts Liverpool v Real Madrid")
    assert not any("holders" in f["text"] for f in facts.data["facts"])


async def test_shape_of_two_meetings_says_both(core: Core) -> None:
    reply = await core.ask("h2h Liverpool v Real Madrid", as_of=date(2009, 3, 1))
    assert reply.data["shape"] == "Liverpool have won both meetings with Real Madrid."
