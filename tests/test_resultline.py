"""The one-line result parser: what people type, and what it becomes."""

from __future__ import annotations

import pytest

from bot.errors import UserError
from bot.resultline import parse_result_line

ISSUE_LINE = ("Liverpool 2-5 Real Madrid; Núñez 4, Salah 14; Vinícius 21 36, Militão 47, "
              "Benzema 55 67")


def test_the_issue_line() -> None:
    line = parse_result_line(ISSUE_LINE)
    assert (line.home, line.away, line.ft, line.aet, line.pen) == (
        "Liverpool", "Real Madrid", (2, 5), None, None)
    assert [(g.name, g.minute) for g in line.home_goals] == [("Núñez", 4), ("Salah", 14)]
    assert [(g.name, g.minute) for g in line.away_goals] == [
        ("Vinícius", 21), ("Vinícius", 36), ("Militão", 47), ("Benzema", 55), ("Benzema", 67)]


def test_marks_stoppage_assist_and_new() -> None:
    line = parse_result_line("Liverpool 3-1 Real Madrid; Salah 14 (Alexander-Arnold) 45+2 (pen),"
                             " Carvajal 70 (og); Newbie* 88 (Modric)")
    a, b, c = line.home_goals
    assert (a.minute, a.assist, a.penalty) == (14, "Alexander-Arnold", False)
    assert (b.minute, b.stoppage, b.penalty, b.assist) == (45, 2, True, None)
    assert (c.name, c.own_goal) == ("Carvajal", True)
    [d] = line.away_goals
    assert (d.name, d.new, d.assist) == ("Newbie", True, "Modric")


def test_extra_time_and_penalties() -> None:
    line = parse_result_line("Real Madrid 1-1 Manchester City aet 2-1 pens 4-3; Benzema 80, "
                             "Rodrygo 105+1; Foden 30")
    assert line.aet == (2, 1) and line.pen == (4, 3) and line.final == (2, 1)
    assert [g.in_extra_time for g in line.home_goals] == [False, True]


def test_one_side_scored_and_no_scorers() -> None:
    line = parse_result_line("Real Madrid 0-2 Liverpool; Salah 10, Salah 20")
    assert line.home_goals == () and len(line.away_goals) == 2
    assert parse_result_line("Chelsea 0-0 Liverpool").scorers_given is False
    assert parse_result_line("Chelsea 0-1 Liverpool; -; Foo 9").home_goals == ()


def test_minutes_after_a_comma_belong_to_the_previous_scorer() -> None:
    line = parse_result_line("Liverpool 0-2 Real Madrid; -; Vinícius 21, 36")
    assert [(g.name, g.minute) for g in line.away_goals] == [("Vinícius", 21), ("Vinícius", 36)]


@pytest.mark.parametrize("text", ["", "Liverpool v Real Madrid", "Liverpool 2-x Real Madrid"])
def test_no_score(text: str) -> None:
    with pytest.raises(UserError):
        parse_result_line(text)
