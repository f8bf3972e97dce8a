"""Pieces the facts families share: a scope with a short phrase, result wording, runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.commands import Param
from bot.errors import UserError
from bot.scope import (
    ALL_STAGES,
    MAIN_DRAW,
    Scope,
    make_scope,
    parse_season,
    resolve_competition,
)
from bot.text import day, number, stage_label
from storage.rows import Match

SHORT = {"cl": "Champions League", "ec": "European Cup/Champions League",
         "el": "Europa League", "uecl": "Conference League", "europe": "European"}
STAGE_WORD = {("knockout",): "knockout", ("qualifying",): "qualifying",
              ("group", "league"): "group-stage"}
VENUE_PARAM = Param("venue", "choice", "home, away or neutral", choices=("home", "away", "neutral"))


@dataclass(frozen=True, slots=True)
class Scoped:
    """A Scope plus the words a sentence uses for it ('Champions League knockout')."""

    scope: Scope
    phrase: str
    venue: str | None = None

    def keep(self, m: Match, club_id: int) -> bool:
        return self.venue is None or where_of(m, club_id) == self.venue


def scoped(args: Mapping[str, str], default_competition: str = "europe",
           default_stages: tuple[str, ...] = ALL_STAGES,
           countries: tuple[str | None, ...] = ()) -> Scoped:
    """The scope a command's options ask for, with a phrase for sentences. `countries`
    (of the clubs asked about) tell what competition:league means."""
    found = resolve_competition(args.get("competition") or default_competition, countries)
    scope = make_scope(args.get("competition"), args.get("stage"), args.get("since"),
                       default_competition, default_stages, countries)
    venue = args.get("venue")
    if venue and venue not in ("home", "away", "neutral"):
        raise UserError(f"venue must be home, away or neutral, not “{venue}”.")
    words = [SHORT.get(found.key, found.phrase)]
    if stage := STAGE_WORD.get(scope.stages):
        words.append(stage)
    if venue:
        words.append(venue)
    return Scoped(scope, " ".join(words), venue)


def where_of(m: Match, club_id: int) -> str:
    if m.neutral:
        return "neutral"
    return "home" if m.home_id == club_id else "away"


def result_phrase(m: Match, club_id: int) -> str:
    """'a 3-0 win over Roma', 'a 1-2 defeat by Real Madrid', 'a 0-0 draw with Ajax'."""
    gf, ga = m.goals_for(club_id) or 0, m.goals_against(club_id) or 0
    opp = m.away if m.home_id == club_id else m.home
    aet = " a.e.t." if m.aet_home is not None else ""
    if gf > ga:
        return f"a {gf}-{ga}{aet} win over {opp}"
    if gf < ga:
        return f"a {gf}-{ga}{aet} defeat by {opp}"
    pens = ""
    if m.pen_home is not None:
        won = (m.pen_home > m.pen_away) == (m.home_id == club_id)  # type: ignore[operator]
        pens = f", {'won' if won else 'lost'} on penalties"
    return f"a {gf}-{ga}{aet} draw with {opp}{pens}"


def when(m: Match) -> str:
    return f"{stage_label(m)}, {day(m.date)}"


def runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """(start, length) of every run of True, oldest first."""
    out, start = [], None
    for i, ok in enumerate([*flags, False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            out.append((start, i - start))
            start = None
    return out


def current_and_longest(flags: Sequence[bool]) -> tuple[int, tuple[int, int] | None]:
    """Length of the run ending at the latest item, and the longest run (start, length)."""
    all_runs = runs(flags)
    current = all_runs[-1][1] if all_runs and sum(all_runs[-1]) == len(flags) else 0
    longest = max(all_runs, key=lambda r: (r[1], r[0]), default=None)
    return current, longest


def count_word(n: int, word: str) -> str:
    return f"{number(n)} {word if n == 1 else word + 'es' if word.endswith('ch') else word + 's'}"


Predicate = Callable[[int, int], bool]
MAIN = MAIN_DRAW


EVERYTHING = "every competition in our data"


def scoped_or_all(args: Mapping[str, str],
                  default_stages: tuple[str, ...] = ALL_STAGES,
                  countries: tuple[str | None, ...] = ()) -> Scoped:
    """`scoped`, except that no competition: means every competition the data holds
    (European, and domestic once imported), not only the UEFA ones."""
    if args.get("competition"):   # the clubs' countries tell what competition:league means
        return scoped(args, "europe", default_stages, countries)
    base = scoped({k: v for k, v in args.items() if k != "competition"}, "europe",
                  default_stages)
    since = f", since {base.scope.since_year}-{(base.scope.since_year + 1) % 100:02d}" \
        if args.get("since") and base.scope.since_year else ""
    scope = Scope((), base.scope.since_year, base.scope.stages, EVERYTHING + since)
    words = [w for w in (STAGE_WORD.get(scope.stages), base.venue) if w]
    return Scoped(scope, " ".join(words), base.venue)


def season_option(args: Mapping[str, str]) -> int | None:
    """The season: option (2022-23, 2022/23 or 2022 = the season starting then)."""
    value = args.get("season")
    return parse_season(value, 1871) if value else None


def in_phrase(sc: Scoped, noun: str = "matches") -> str:
    """'Champions League knockout matches', or 'matches' when every competition counts."""
    return f"{sc.phrase} {noun}" if sc.phrase else noun
