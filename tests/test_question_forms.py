"""Everyday questions in plain words reach scorers, last, biggest, compare and honours,
with the question's own words ("most", "last", "beat", "won", "record", a year) kept out
of the names."""

from __future__ import annotations

import pytest

from bot.core import Core
from bot.questions import interpret

CASES = [
    # the table, exactly as typed
    ("who has scored most for Liverpool", "scorers", {"team": "liverpool"}),
    ("top scorers 2022-23", "scorers", {"season": "2022-23"}),
    ("who won the champions league in 2005", "honours", {"season": "2005", "competition": "cl"}),
    ("who won the FA Cup in 1989", "honours", {"season": "1989", "competition": "fa cup"}),
    ("when did Liverpool last beat Real Madrid", "last",
     {"team": "liverpool", "opponent": "real madrid", "result": "win"}),
    ("when did Everton last win at Anfield", "last",
     {"team": "everton", "ground": "anfield", "result": "win"}),
    ("Liverpool record in finals", "honours", {"team": "liverpool"}),
    ("biggest win in Champions League history", "biggest", {"kind": "wins", "competition": "cl"}),
    ("compare Salah and Mané", "compare", {"player": "salah", "other": "mané"}),
    # the other ways the issue asks for the same answers
    ("Liverpool top scorers", "scorers", {"team": "liverpool"}),
    ("all-time top scorers", "scorers", {}),
    ("who scored the most goals in the CL in 2017-18", "scorers",
     {"season": "2017-18", "competition": "cl"}),
    ("top scorers in the champions league", "scorers", {"competition": "cl"}),
    ("most goals for Real Madrid in the knockout rounds", "scorers",
     {"team": "real madrid", "stage": "knockout"}),
    ("who won the european cup in 1960", "honours", {"season": "1960", "competition": "ec"}),
    ("who won the 2005 final", "honours", {"season": "2005"}),
    ("champions league winners 2005", "honours", {"season": "2005", "competition": "cl"}),
    ("who won the 2004/05 champions league", "honours",
     {"season": "2004-05", "competition": "cl"}),
    ("when did Liverpool last lose to Real Madrid", "last",
     {"team": "liverpool", "opponent": "real madrid", "result": "defeat"}),
    ("when did Liverpool and Real Madrid last draw", "last",
     {"team": "liverpool", "opponent": "real madrid", "result": "draw"}),
    ("Liverpool's last win against Real Madrid", "last",
     {"team": "liverpool", "opponent": "real madrid", "result": "win"}),
    ("last time Liverpool beat Real Madrid", "last",
     {"team": "liverpool", "opponent": "real madrid", "result": "win"}),
    ("when were Liverpool last beaten by Real Madrid", "last",
     {"team": "liverpool", "opponent": "real madrid", "result": "defeat"}),
    ("when did Liverpool last beat Real Madrid at home", "last",
     {"team": "liverpool", "opponent": "real madrid", "result": "win", "venue": "home"}),
    ("when did Everton last win at Liverpool in the league", "last",
     {"team": "everton", "ground": "liverpool", "result": "win", "competition": "league"}),
    ("when did Liverpool last play Real Madrid", "last",
     {"team": "liverpool", "opponent": "real madrid"}),
    ("how have Liverpool done in finals", "honours", {"team": "liverpool"}),
    ("AC Milan v Liverpool finals", "honours", {"team": "ac milan v liverpool"}),
    ("Liverpool's biggest win", "biggest", {"kind": "wins", "team": "liverpool"}),
    ("Liverpool heaviest defeat in the CL", "biggest",
     {"kind": "defeats", "team": "liverpool", "competition": "cl"}),
    ("biggest win over Real Madrid", "biggest", {"kind": "defeats", "team": "real madrid"}),
    ("Liverpool v Real Madrid biggest win", "biggest",
     {"kind": "wins", "team": "liverpool", "opponent": "real madrid"}),
    ("highest scoring match in the champions league", "biggest",
     {"kind": "goals", "competition": "cl"}),
    ("biggest wins 2017-18", "biggest", {"kind": "wins", "season": "2017-18"}),
    ("most goals in a match", "biggest", {"kind": "goals"}),
    ("who is the better scorer, Salah or Mané", "compare", {"player": "salah", "other": "mané"}),
    ("Salah compared to Mané", "compare", {"player": "salah", "other": "mané"}),
    ("when did Liverpool last win the champions league", "honours",
     {"team": "liverpool", "competition": "cl"}),
    ("Liverpool's last match", "form", {"team": "liverpool", "n": "1"}),
    # leagues: a winner tops a table (the `table` and `position` commands of the leagues work)
    ("who won the first division in 1989", "table",
     {"season": "1988-89", "competition": "first division"}),
    ("premier league table 2019-20", "table",
     {"season": "2019-20", "competition": "premier league"}),
    ("where are Everton in the table", "position", {"team": "everton"}),
    ("Liverpool league position", "position", {"team": "liverpool"}),
]
QUESTION_WORDS = {"most", "record", "last", "beat", "won", "win", "top", "scorers", "finals",
                  "biggest", "history", "2005", "1989", "2022-23", "2017-18", "time"}


@pytest.mark.parametrize(("text", "command", "args"), CASES)
def test_everyday_questions_map_to_commands(text: str, command: str,
                                            args: dict[str, str]) -> None:
    found = interpret(text)
    assert found is not None, text
    assert (found.command, found.args) == (command, args)
    for name in ("team", "opponent", "player", "other", "ground"):
        assert not set(found.args.get(name, "").split()) & QUESTION_WORDS, (text, found.args)


# command words that open a question: the text is read as plain words when its names
# are not names we know, and both readings give the same answer
SAME = [
    ("compare Salah and Mané", "compare Salah v Mané"),
    ("last time Liverpool beat Real Madrid", "last Liverpool v Real Madrid result:win"),
    ("biggest win in Champions League history", "biggest competition:cl kind:wins"),
    ("scorers for Liverpool", "scorers Liverpool"),
    ("form Liverpool last 5", "form Liverpool n:5"),
    ("Liverpool last 5", "form Liverpool n:5"),
    ("Liverpool's last match", "form Liverpool n:1"),
    ("who has scored most for Liverpool", "scorers Liverpool"),
    ("Liverpool record in finals", "honours Liverpool"),
    ("when did Liverpool last beat Real Madrid", "last Liverpool v Real Madrid result:win"),
    ("who won the champions league in 2018", "honours season:2018 competition:cl"),
]


@pytest.mark.parametrize(("question", "command"), SAME)
async def test_plain_words_and_the_command_answer_alike(core: Core, question: str,
                                                        command: str) -> None:
    asked, direct = await core.ask(question), await core.ask(command)
    assert not direct.is_error, direct.title
    assert (asked.title, asked.data) == (direct.title, direct.data)


@pytest.mark.parametrize(("text", "said"), [
    ("who has scored most against Liverpool", "not the players who scored against it"),
    ("when did Liverpool last win the league", "A league title is the top of a season's table"),
])
async def test_questions_no_command_answers_say_so(core: Core, text: str, said: str) -> None:
    reply = await core.ask(text)
    assert reply.kind == "user_error" and said in reply.title


async def test_a_command_with_a_known_name_stays_a_command(core: Core) -> None:
    reply = await core.ask("last Liverpool v Real Madrid")
    assert reply.data["last"].keys() == {"win", "draw", "defeat"}
    bad = await core.ask("compare Salah")                  # one player: the command's error
    assert bad.kind == "user_error" and bad.title.startswith("Name two players")
    unknown = await core.ask("h2h Liverpool v Real Madrid colour:red")
    assert unknown.kind == "user_error" and "no option colour:" in unknown.title


@pytest.mark.parametrize(("text", "nearest", "example"), [
    ("scorres Liverpool", "scorers", "who has scored most for Liverpool"),
    ("who is Liverpool's scoring hero", "scorers", "scorers Liverpool"),
    ("did Liverpool ever beat Real at the Bernabeu", "last", "last Liverpool v Real Madrid"),
    ("the trophy cabinet of Ajax", "honours", "honours Liverpool"),
])
async def test_an_unmatched_question_points_at_the_nearest_command(
        core: Core, text: str, nearest: str, example: str) -> None:
    reply = await core.ask(text)
    assert reply.kind == "user_error"
    assert reply.data["nearest"] == nearest
    assert f"The nearest command is `{nearest}`" in reply.title
    assert example in reply.suggestions
