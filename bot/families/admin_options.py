"""Options shared by the admin commands: competition, round, leg, and season from a date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.errors import UserError
from bot.scope import CATALOG, LEAGUE, resolve_competition
from bot.text import ROUNDS

COMPETITION_HELP = ("cl (default), el, uecl or any competition in our data: eng1, premier "
                    "league, facup, esp1… (see help)")
ROUND_WORDS = {
    "final": "F", "semi": "SF", "semis": "SF", "semi-final": "SF", "semifinal": "SF",
    "quarter": "QF", "quarter-final": "QF", "quarterfinal": "QF", "last16": "R16",
    "last-16": "R16", "round of 16": "R16", "league": "LP", "league phase": "LP",
    "playoff": "PO", "play-off": "PO", "knockout play-off": "KPO", "last32": "R32",
}
SINGLE_ROUNDS = {"F", "LP"}


LEAGUE_ROUNDS = {"l", "league", "league match", "matchday"}


@dataclass(frozen=True, slots=True)
class AdminCompetition:
    """The one competition an admin's match goes into."""

    code: str
    name: str
    domestic: bool
    kind: str                  # league | cup

    @property
    def is_league(self) -> bool:
        return self.domestic and self.kind == "league"


def competition_of(value: str | None, countries: tuple[str | None, ...] = ()
                   ) -> AdminCompetition:
    """Any one competition the database holds, by code or by the words people use (the
    scope resolver's, bot/scope.py); the Champions League when none is named. `countries`
    (of the two clubs) let `league` be refused with the codes it covers."""
    found = resolve_competition(value or "cl", countries)
    if len(found.codes) != 1:
        what = "every tier of the clubs' league" if found.key == LEAGUE else f"“{value}”"
        raise UserError(f"Name one competition, not {what} ("
                        + ", ".join(c.lower() for c in found.codes[:8])
                        + "): e.g. competition:eng1 or competition:premier league.")
    code = found.codes[0]
    info = CATALOG.get().by_code.get(code.upper())
    if info is None:
        raise UserError(f"Unknown competition “{value}”.")
    return AdminCompetition(info.code, info.name, info.country != "UEFA", info.kind)


def competition_code(value: str | None) -> str:
    """The stored code of one competition (see competition_of)."""
    return competition_of(value).code


def round_stage_leg(comp: AdminCompetition, round_text: str | None, leg_text: str | None
                    ) -> tuple[str, str, str]:
    """(round, stage, leg) of a new match. A domestic league match is round L, one match,
    unless a play-off round is named; a domestic cup's ties are one match (replays apart)
    unless a leg is given; a UEFA round must say its leg when it has two."""
    text = " ".join((round_text or "").strip().lower().split())
    if comp.is_league and text in ("", *LEAGUE_ROUNDS):
        if leg_text and leg_value(leg_text, "L") != "single":
            raise UserError("A league match is a single match: leave out leg:.")
        return "L", "league", "single"
    if not text:
        raise UserError("Give the round of a new fixture: round:R16 (and leg:1 or leg:2), "
                        "round:LP, round:F …")
    round_ = round_code(round_text or "")
    stage = "knockout" if comp.domestic else stage_of(round_)
    if comp.domestic and not leg_text:
        return round_, stage, "single"
    return round_, stage, leg_value(leg_text, round_)


def round_code(value: str) -> str:
    text = " ".join(value.strip().lower().split())
    code = ROUND_WORDS.get(text, text.upper())
    if m := re.fullmatch(r"(?:G-?|GROUP\s*)([A-H])", code):
        return f"G-{m[1]}"
    if code not in ROUNDS:
        raise UserError(f"Unknown round “{value}”. Use one of: "
                        + ", ".join([*ROUNDS, "G-A … G-H"]) + ".")
    return code


def stage_of(round_: str) -> str:
    if round_.startswith("G-"):
        return "group"
    if round_ == "LP":
        return "league"
    if round_.startswith("Q") or round_ == "PO":
        return "qualifying"
    return "knockout"


def leg_value(value: str | None, round_: str) -> str:
    """The leg option, or 'single' for a one-match round; two-legged rounds must say which."""
    if not value:
        if round_ in SINGLE_ROUNDS or round_.startswith("G-"):
            return "single"
        raise UserError(f"Round {round_} is played over two legs: add leg:1 or leg:2.")
    text = value.strip().lower()
    leg = {"1": "1", "first": "1", "2": "2", "second": "2", "single": "single",
           "replay": "replay"}.get(text)
    if leg is None:
        raise UserError(f"leg must be 1, 2, single or replay, not “{value}”.")
    return leg


def season_start(day: date) -> int:
    """European club seasons start in July (a June qualifier belongs to the new season)."""
    return day.year if day.month >= 6 else day.year - 1
