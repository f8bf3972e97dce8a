"""Options shared by the admin commands: competition, round, leg, and season from a date."""

from __future__ import annotations

import re
from datetime import date

from bot.errors import UserError
from bot.scope import resolve_competition
from bot.text import ROUNDS

COMPETITION_NAMES = {"UCL": ("European Cup / Champions League", 1992),
                     "UEL": ("UEFA Cup / Europa League", 2009),
                     "UECL": ("Conference League", 2021)}
ROUND_WORDS = {
    "final": "F", "semi": "SF", "semis": "SF", "semi-final": "SF", "semifinal": "SF",
    "quarter": "QF", "quarter-final": "QF", "quarterfinal": "QF", "last16": "R16",
    "last-16": "R16", "round of 16": "R16", "league": "LP", "league phase": "LP",
    "playoff": "PO", "play-off": "PO", "knockout play-off": "KPO", "last32": "R32",
}
SINGLE_ROUNDS = {"F", "LP"}


def competition_code(value: str | None) -> str:
    """cl/el/uecl (and their synonyms) → the stored code; default the Champions League."""
    codes = resolve_competition(value or "cl").codes
    if len(codes) != 1:
        raise UserError(f"Name one competition (cl, el or uecl), not “{value}”.")
    return codes[0]


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
