"""Questions in plain words reach the right command with the right options."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core import Core
from bot.questions import interpret

CASES = [
    ("Salah's CL streak", "streak", {"subject": "salah", "competition": "cl"}),
    ("Liverpool unbeaten run in the champions league", "streak",
     {"subject": "liverpool", "kind": "unbeaten", "competition": "cl"}),
    ("head to head Liverpool v Real Madrid", "h2h",
     {"team": "liverpool", "opponent": "real madrid"}),
    ("Liverpool v Real Madrid facts", "facts", {"team": "liverpool", "opponent": "real madrid"}),
    ("preview Liverpool vs Real Madrid", "facts",
     {"team": "liverpool", "opponent": "real madrid"}),
    ("what do Liverpool need", "needs", {"team": "liverpool"}),
    ("how have Real done after winning the first leg by 2", "record",
     {"team": "real", "kind": "ties", "first_leg": "won by 2"}),
    ("how did Bayern do after losing the first leg away", "record",
     {"team": "bayern", "kind": "ties", "first_leg": "lost", "first_leg_at": "away"}),
    ("Liverpool home record in the CL", "record",
     {"team": "liverpool", "kind": "home", "competition": "cl"}),
    ("how many titles have Liverpool won", "honours", {"team": "liverpool"}),
    ("who are the holders", "honours", {}),
    ("Liverpool record against Real Madrid", "h2h",
     {"team": "liverpool", "opponent": "real madrid"}),
    ("Liverpool's last 5 results", "form", {"team": "liverpool", "n": "5"}),
    ("Real Madrid clean sheets streak in the knockouts", "streak",
     {"subject": "real madrid", "kind": "clean", "stage": "knockout"}),
    ("Liverpool form last 10", "form", {"team": "liverpool", "n": "10"}),
    ("when do Liverpool play next", "fixtures", {"team": "liverpool"}),
    ("how many goals has Salah scored in the knockout rounds", "player",
     {"player": "salah", "stage": "knockout"}),
]


@pytest.mark.parametrize(("text", "command", "args"), CASES)
def test_grammar_maps_phrasings_to_commands(text: str, command: str,
                                            args: dict[str, str]) -> None:
    found = interpret(text)
    assert found is not None, text
    assert found.command == command
    for key, value in args.items():
        assert found.args.get(key) == value, (text, key, found.args)


async def test_questions_answer_through_the_core(core: Core) -> None:
    reply = await core.ask("head to head Liverpool Real Madrid")   # no "v": split by names
    assert not reply.is_error, reply.title
    assert reply.data == (await core.ask("h2h Liverpool v Real Madrid")).data
    reply = await core.ask("Liverpool v Real Madrid facts")
    assert not reply.is_error and reply.sections[0].heading == "Head-to-head"
    reply = await core.ask("what do Liverpool need", as_of=date(2023, 3, 1))
    assert "win by four goals or more" in reply.data["needs"]["Liverpool"]
    reply = await core.ask("how have Real done after winning the first leg by 2")
    assert not reply.is_error, reply.title
    assert reply.data["club"] == "Real Madrid"
    assert all(t["first_leg_margin"] >= 2 for t in reply.data["ties"])


async def test_a_question_that_fits_nothing_lists_what_can_be_asked(core: Core) -> None:
    reply = await core.ask("what is the meaning of life")
    assert reply.kind == "user_error"
    assert "I can do head-to-heads" in reply.title
    assert "Liverpool v Real Madrid facts" in reply.suggestions
    assert "Salah's CL streak" in reply.suggestions


async def test_question_options_still_apply(core: Core) -> None:
    reply = await core.ask("head to head Liverpool Real Madrid as_of:2021-04-01")
    assert reply.data == (await core.ask("h2h Liverpool v Real Madrid as_of:2021-04-01")).data
    assert "as of 1 Apr 2021" in reply.footnote
