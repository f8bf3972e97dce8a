"""What a fact counts: competitions, era, stages. Every answer states its scope."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.errors import UserError

MAIN_DRAW = ("group", "league", "knockout")
ALL_STAGES = ("qualifying", *MAIN_DRAW)


@dataclass(frozen=True, slots=True)
class Scope:
    competitions: tuple[str, ...]   # empty: every competition in our data
    since_year: int | None          # first season counted (start year)
    stages: tuple[str, ...]
    label: str                      # e.g. "Champions League (since 1992-93)"

    def describe(self) -> str:
        if self.stages == ALL_STAGES:
            stage = "incl. qualifying"
        elif self.stages == MAIN_DRAW:
            stage = "main draw"
        elif self.stages == ("knockout",):
            stage = "knockout rounds"
        else:
            stage = " and ".join(self.stages)
        return f"{self.label}, {stage}"

    def with_stages(self, stages: tuple[str, ...]) -> Scope:
        return replace(self, stages=stages)


# name → (competition codes, since, label); the keys are what users may type after competition:
COMPETITIONS: dict[str, tuple[tuple[str, ...], int | None, str]] = {
    "cl": (("UCL",), 1992, "Champions League (since 1992-93)"),
    "ec": (("UCL",), None, "European Cup/Champions League (since 1955-56)"),
    "el": (("UEL",), None, "Europa League (UEFA Cup data from 2011-12 finals only)"),
    "uecl": (("UECL",), None, "Conference League"),
    "europe": ((), None, "UEFA club competitions in our data (EC/CL since 1955-56; "
                         "Europa and Conference League only from 2020-21)"),
}
SYNONYMS = {
    "ucl": "cl", "champions league": "cl", "champions": "cl", "championsleague": "cl",
    "european cup": "ec", "eurocup": "ec", "european_cup": "ec", "europeancup": "ec",
    "uel": "el", "europa": "el", "europa league": "el", "uefa cup": "el",
    "conference": "uecl", "conf": "uecl", "ecl": "uecl",
    "all": "europe", "uefa": "europe", "european": "europe", "european competition": "europe",
}
STAGES = {
    "all": ALL_STAGES, "main": MAIN_DRAW, "knockout": ("knockout",), "ko": ("knockout",),
    "group": ("group", "league"), "league": ("group", "league"), "qualifying": ("qualifying",),
    "q": ("qualifying",),
}


def competition_key(value: str) -> str:
    key = " ".join(value.lower().replace("-", " ").split())
    key = SYNONYMS.get(key, key)
    if key not in COMPETITIONS:
        raise UserError(
            f"Unknown competition “{value}”. Use one of: " + ", ".join(COMPETITIONS) + "."
        )
    return key


def make_scope(competition: str | None, stage: str | None, since: str | None,
               default_competition: str = "europe",
               default_stages: tuple[str, ...] = ALL_STAGES) -> Scope:
    """Build a scope from the user's options (all optional) and the command's defaults."""
    codes, since_year, label = COMPETITIONS[competition_key(competition or default_competition)]
    stages = default_stages
    if stage:
        if stage.lower() not in STAGES:
            raise UserError(f"Unknown stage “{stage}”. Use one of: " + ", ".join(STAGES) + ".")
        stages = STAGES[stage.lower()]
    if since:
        year = parse_season(since)
        since_year = max(year, since_year or year)
        label = f"{label}, since {year}-{(year + 1) % 100:02d}"
    return Scope(codes, since_year, stages, label)


def parse_season(value: str, earliest: int = 1955) -> int:
    """'2020', '2020-21' or '2020/21' → 2020 (the season's start year)."""
    text = value.strip().replace("/", "-")
    head = text.split("-")[0]
    if not head.isdigit() or len(head) != 4 or not earliest <= int(head) <= 2100:
        raise UserError(f"A season looks like 2020-21 or 2020, not “{value}”.")
    return int(head)
