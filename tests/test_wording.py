"""Numbers, words and plurals agree in every family's sentences, for 0, 1, 2 and many.

The demo data holds every Liverpool v Real Madrid meeting, so answering as of a date before
the first, after the first, after the second and today gives none, one, two and many
meetings, finals, goals, ties and defeats; each sentence is checked by a grammar rule list
and the telling ones word for word.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.core import Core
from bot.families.honours import finals_tally
from bot.families.scorers import known_line
from bot.text import and_list, data_span, every, number, ordinal, plural, share, times
from tests import independent as ind

NONE, ONE, TWO, MANY = date(1981, 5, 1), date(1981, 6, 1), date(2009, 3, 1), None
NOUNS = ("goal", "tie", "defeat", "meeting", "final", "match", "win", "team", "penalty",
         "assist", "file", "result", "visit", "title", "time")
PLURALS = "|".join(n + ("es" if n.endswith("ch") else "") + ("" if n.endswith("ch") else "s")
                   for n in NOUNS if n != "penalty") + "|penalties"
# a number (not the end of a score or a season: '2-1 win', '1980-81 final') and its noun
BAD = [
    re.compile(rf"(?<![-\d.])\b(?:one|1) (?:{PLURALS})\b"),
    re.compile(rf"(?<![-\d.])\b(?:no|two|three|four|five|six|seven|eight|nine|ten|[02-9]|\d\d+) "
               rf"(?:{'|'.join(NOUNS)})\b(?![-\w])"),
    re.compile(r"\ball (?:one|two|1|2)\b"),
    re.compile(r"\b(\w+) of (?:his|their|the) \1 \w+"),       # 'five of his five goals'
    re.compile(r"\b(?:won|lost|drew) no\b|\bplayed 0\b|\b\d+ of \d+\b"),
    re.compile(r"\blast (?:1|one) \w+s\b|\blast \d+\b|\b(?:one|1) times?\b|\btwo times\b"),
]
COMMANDS = ("h2h Liverpool v Real Madrid", "facts Liverpool v Real Madrid",
            "tie Liverpool v Real Madrid", "streak Liverpool", "streak Salah",
            "record Liverpool kind:ties", "record Liverpool kind:home",
            "record Real Madrid kind:ties", "record Real Madrid", "player Benzema",
            "player Salah", "honours Liverpool", "honours", "honours Real Madrid v Liverpool",
            "scorers Liverpool", "scorers", "last Liverpool v Real Madrid", "biggest Liverpool",
            "biggest Liverpool v Real Madrid", "compare Salah v Benzema", "form Liverpool",
            "form Real Madrid n:2", "needs Liverpool")


def grammar_errors(text: str) -> list[str]:
    return [m.group(0) for rule in BAD for m in rule.finditer(text)]


def test_the_rules_catch_what_the_issue_found() -> None:
    for bad in ("went out of all two ties", "Five of his five goals", "1 files",
                "won six, lost no", "played 0, won 0", "through in 1 of 1", "met one time",
                "their last 2 European matches"):
        assert grammar_errors(bad.lower()), bad
    for good in ("went out of both ties", "all five of his goals", "a 2-1 win", "1980-81 final",
                 "one goal", "no goals", "by two goals", "a two-goal defeat", "met twice"):
        assert not grammar_errors(good), good


@pytest.mark.parametrize("as_of", [NONE, ONE, TWO, MANY], ids=["0", "1", "2", "many"])
async def test_every_family_agrees_in_number(core: Core, as_of: date | None) -> None:
    for command in COMMANDS:
        reply = await core.ask(command, as_of=as_of)
        texts = [reply.title, *reply.lines, *(line for s in reply.sections for line in s.lines),
                 *(str(f.get("text", "")) for f in reply.data.get("facts", []))]
        for text in texts:
            assert not grammar_errors(text.lower()), (command, as_of, text)


@pytest.mark.parametrize(("n", "words"), [
    (0, ("no goals", "no times", "", "neither")),
    (1, ("one goal", "once", "their only tie", "their only tie")),
    (2, ("two goals", "twice", "both ties", "both of their ties")),
    (5, ("five goals", "five times", "all five ties", "all five of their ties")),
])
def test_counts_in_words(n: int, words: tuple[str, str, str, str]) -> None:
    assert plural(n, "goal") == words[0]
    if n:
        assert times(n) == words[1]
        assert every(n, "tie") == words[2]
        assert share(n, n, "tie") == words[3]
    assert share(0, 2, "tie") == "neither of their ties"
    assert share(0, 4, "goal", "his") == "none of his four goals"
    assert share(3, 5, "goal", "his") == "three of his five goals"
    assert (and_list(["a"]), and_list(["a", "b"]), and_list(["a", "b", "c"])) == (
        "a", "a and b", "a, b and c")
    assert [ordinal(k) for k in (1, 2, 11, 12, 21, 22, 23)] == [
        "first", "second", "11th", "12th", "21st", "22nd", "23rd"]
    assert [number(k) for k in (10, 11, 999, 2412, 432391)] == [
        "ten", "11", "999", "2,412", "432,391"]
    assert share(372, 2412, "league home match", plural_form="league home matches") == (
        "372 of their 2,412 league home matches")


@pytest.mark.parametrize(("played", "won", "text"), [
    (1, 1, "one Champions League final, and won it"),
    (1, 0, "one Champions League final, and lost it"),
    (2, 2, "two Champions League finals and won both"),
    (2, 0, "two Champions League finals and lost both"),
    (2, 1, "two Champions League finals: won one, lost one"),
    (5, 5, "five Champions League finals and won all five"),
    (10, 6, "ten Champions League finals: won six, lost four"),
])
def test_finals_tally(played: int, won: int, text: str) -> None:
    assert finals_tally(played, won, "Champions League") == text


@pytest.mark.parametrize(("known", "total", "text"), [
    (1, 1, "The only match with goals has its scorers."),
    (0, 1, "The only match with goals has no scorers."),
    (2, 2, "Both matches with goals have their scorers."),
    (0, 2, "None of the two matches with goals has its scorers."),
    (1, 2, "One of the two matches with goals has its scorers."),
    (5, 5, "All five matches with goals have their scorers."),
    (12, 260, "12 of the 260 matches with goals have their scorers."),
])
def test_scorer_coverage_counts(known: int, total: int, text: str) -> None:
    assert known_line(known, total) == text


async def test_none_one_two_many_meetings_word_for_word(core: Core) -> None:
    said = {}
    for key, as_of in (("0", NONE), ("1", ONE), ("2", TWO), ("many", MANY)):
        said[key] = await core.ask("last Liverpool v Real Madrid", as_of=as_of)
    assert said["0"].lines == ("Liverpool have never played Real Madrid in our data "
                               "(every competition in our data).",)
    assert said["1"].lines[1] == "Liverpool have never drawn with Real Madrid in our data " \
                                 "(one meeting)."
    assert said["2"].lines[2] == "Liverpool have never lost to Real Madrid in our data " \
                                 "(two meetings)."
    assert said["many"].lines[0].startswith("Liverpool last beat Real Madrid on 4 Nov 2025")
    h2h = [await core.ask("h2h Liverpool v Real Madrid", as_of=d) for d in (ONE, TWO)]
    assert h2h[0].data["shape"] == "Liverpool have won their only meeting with Real Madrid."
    assert h2h[1].data["shape"] == "Liverpool have won both meetings with Real Madrid."
    facts = await core.ask("facts Liverpool v Real Madrid", as_of=TWO)
    assert any("have met twice in European competition" in f["text"]
               for f in facts.data["facts"])
    form = await core.ask("form Liverpool", as_of=ONE)
    assert (form.title, form.lines) == ("Liverpool: last result (W)",
                                        ("Won their last European match (below).",))
    biggest = await core.ask("biggest Liverpool", as_of=ONE)
    assert biggest.lines[1] == "Liverpool have no defeats in our data."
    assert biggest.lines[0].endswith("by one goal.")
    ties = await core.ask("record Real Madrid kind:ties", as_of=date(2014, 11, 1))
    assert ties.lines == ("Real Madrid went out of their only tie after the first leg was "
                          "lost by one goal.",
                          "Overall: out of their only tie; one on aggregate.")


def test_a_record_is_claimed_only_over_the_span_the_data_covers() -> None:
    assert data_span(2020, 2025) == "in our data, since 2020-21"
    assert data_span(1955, 2025) == "on record"


async def test_a_visitors_few_visits_are_each_told(core: Core) -> None:
    facts = await core.ask("facts Real Madrid v Liverpool", as_of=date(2014, 11, 1))
    texts = [f["text"] for f in facts.data["facts"]]
    assert "This will be Liverpool's second visit to Santiago Bernabéu, Madrid: they won 1-0 " \
           "in February 2009." in texts


@pytest.mark.parametrize(("as_of", "holder"), [(date(2019, 9, 1), True),
                                               (date(2021, 9, 1), False)])
async def test_honours_name_the_holder_as_of_the_date(history: Core, as_of: date,
                                                      holder: bool) -> None:
    reply = await history.ask("honours Liverpool", as_of=as_of)
    final = ind.cl_knockout("2018-19")[-1]     # the 2018-19 final, straight from cl.txt
    assert final[:2] == ("Tottenham Hotspur", "Liverpool FC") and final[2] < final[3]
    assert reply.data["holder"] is holder
    line = ("Liverpool are the holders as of 1 Sep 2019: they won the 2018-19 final, "
            "Tottenham Hotspur 0-2 Liverpool.")
    assert (line in reply.lines) is holder
