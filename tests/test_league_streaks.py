"""League streaks on real English history against a count made straight from england.csv
(tests/independent_league.streak), in the two-points era, the Premier League era and seasons
both sources cover (2015-16 on: england.csv and openfootball, each match once)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core import Core
from tests import independent_league as ind
from tests.leaguehistory import needs_england

pytestmark = needs_england

KINDS = ("unbeaten", "winning", "scoring", "clean", "winless", "losing")
WITH_GOALS = ("unbeaten", "winning", "scoring")   # the runs whose goals the answer counts

# (club, as_of): clubs that stayed in the Football League's four tiers through the dates
# asked (openfootball adds the National League, which england.csv does not carry)
CASES = [
    ("Preston North End", "1889-06-01"),    # 1888-89: unbeaten in every league match
    ("Leeds United", "1974-02-24"),         # two points for a win; the day after a defeat
    ("Nottingham Forest", "1978-12-01"),    # inside the 42-match unbeaten run
    ("Everton", "1970-01-01"),
    ("Arsenal", "2004-10-24"),              # the day of the defeat that ended 49: not counted
    ("Arsenal", "2004-10-25"),
    ("Manchester City", "2018-02-01"),      # 2017-18: both sources
    ("Liverpool", "2020-02-25"),            # 2019-20: both sources
    ("Burnley", "2016-05-10"),              # 2015-16 Championship: both sources
]


def fmt(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d:%b %Y}"


def spelt(n: int) -> str:
    """Broadcast style: words up to ten, digits beyond."""
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
             "ten")
    return words[n] if n <= 10 else f"{n:,}"


def told(data: dict, kind: str) -> tuple:
    got = data["streaks"][kind]
    return (got["current"], got["goals"] if kind in WITH_GOALS else None,
            got["since"]["date"] if got["since"] else None, got["longest"], data["counted"],
            [m["date"] for m in got["matches"]])


def counted(s: ind.Streak, kind: str, club: str, as_of: str, venue: str | None) -> tuple:
    rows = sorted((r for r in ind.england() if club in (r.home, r.away) and r.date < as_of
                   and (venue is None or (r.home == club) == (venue == "home"))),
                  key=lambda r: r.date)
    run = [r.date for r in rows[len(rows) - s.current:]] if s.current else []
    return (s.current, s.goals if kind in WITH_GOALS else None, s.breaker, s.longest,
            s.played, run)


@pytest.mark.parametrize(("club", "as_of"), CASES)
async def test_every_kind_of_streak_matches_an_independent_count(
        leagues: Core, club: str, as_of: str) -> None:
    for venue in (None, "home", "away"):
        for kind in KINDS:
            text = f"streak {club} kind:{kind} competition:league as_of:{as_of}"
            reply = await leagues.ask(text + (f" venue:{venue}" if venue else ""))
            assert reply.kind == "answer", (text, venue, reply.title)
            s = ind.streak(club, kind, as_of, venue)
            assert told(reply.data, kind) == counted(s, kind, club, as_of, venue), (
                text, venue)


@pytest.mark.parametrize(("club", "as_of"), CASES)
async def test_the_record_run_and_its_dates_match_an_independent_count(
        leagues: Core, club: str, as_of: str) -> None:
    for kind in KINDS:
        reply = await leagues.ask(f"streak {club} kind:{kind} competition:league as_of:{as_of}")
        s = ind.streak(club, kind, as_of)
        if not s.longest:
            assert len(reply.lines) == 1, (club, kind, reply.lines)
        elif s.current == s.longest:        # the later of equal runs is the record
            line = reply.lines[1]      # "on record", or "in our data, since 1888-89"
            assert line.startswith("It is their longest such run ") and line.endswith(
                f" ({spelt(s.longest)})."), (club, kind, reply.lines)
        else:
            assert reply.lines[1] == (f"Their longest: {spelt(s.longest)}, from "
                                      f"{fmt(s.longest_from or '')} to {fmt(s.longest_to or '')}."
                                      ), (club, kind, reply.lines)


async def test_runs_known_by_hand_come_out_of_both_counts(leagues: Core) -> None:
    """Runs every fan knows, so the independent count is itself checked: Preston's unbeaten
    first season, Leeds' 34 (1968-69), Forest's 42 (1977-78), Arsenal's 49, City's 18 wins
    (2017-18) and Liverpool's 18 wins and 44 unbeaten up to Watford (29 Feb 2020)."""
    known = [("Preston North End", "unbeaten", "1889-06-01", 22, "1888-09-08"),
             ("Leeds United", "unbeaten", "1974-02-24", 34, "1968-10-26"),
             ("Nottingham Forest", "unbeaten", "1978-12-10", 42, "1977-11-26"),
             ("Arsenal", "unbeaten", "2004-10-25", 49, "2003-05-07"),
             ("Manchester City", "winning", "2018-02-01", 18, "2017-08-26"),
             ("Liverpool", "winning", "2020-03-01", 18, "2019-10-27"),
             ("Liverpool", "unbeaten", "2020-03-01", 44, "2019-01-12")]
    for club, kind, as_of, length, first in known:
        s = ind.streak(club, kind, as_of)
        assert (s.longest, s.longest_from) == (length, first), (club, kind)
        reply = await leagues.ask(f"streak {club} kind:{kind} competition:league as_of:{as_of}")
        assert reply.data["streaks"][kind]["longest"] == length, (club, kind)


def ground_line(visitor: str, home: str, as_of: str) -> str:
    """The visitors' record at the home club's ground, from england.csv alone, in the
    answer's words ('… have not won at X's ground since …: N visits since, drew d, lost l')."""
    visits = [r for r in ind.england() if (r.home, r.away) == (home, visitor) and r.date < as_of]
    wins = [r for r in visits if r.ag > r.hg]
    last = wins[-1]
    s = ind.streak(visitor, "winless", as_of, ground_of=home)
    assert s.breaker == last.date and s.played == len(visits)
    after = visits[len(visits) - s.current:]
    drawn, lost = sum(r.hg == r.ag for r in after), sum(r.hg > r.ag for r in after)
    line = f"{home} {last.hg}-{last.ag} {visitor}"
    if s.current < 3:
        return (f"{visitor} have won {len(wins)} times in {len(visits)} visits at {home}'s "
                f"ground, latest {line} on {fmt(last.date)}.")
    split = f"lost all {spelt(lost)}" if not drawn else f"drew all {spelt(drawn)}" \
        if not lost else f"drew {drawn}, lost {lost}"
    return (f"{visitor} have not won at {home}'s ground since {fmt(last.date)} ({line}): "
            f"{spelt(s.current)} visits since, {split}.")


@pytest.mark.parametrize(("home", "away", "as_of"), [
    ("Newcastle United", "Sunderland", "1960-01-01"),
    ("Arsenal", "Tottenham Hotspur", "1975-01-01"),
    ("Manchester United", "Liverpool", "1990-01-01"),
    ("Manchester City", "Liverpool", "2019-05-01"),     # 2018-19: both sources
])
async def test_without_a_win_at_a_ground_matches_an_independent_count(
        leagues: Core, home: str, away: str, as_of: str) -> None:
    reply = await leagues.ask(f"h2h {home} v {away} competition:league as_of:{as_of}")
    for visitor, host in ((away, home), (home, away)):
        assert ground_line(visitor, host, as_of) in reply.lines, (visitor, host, reply.lines)
