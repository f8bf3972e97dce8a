"""Which of our competitions a football-data.org competition code feeds, as data.

One row per feed code: our competition code and name, the time zone whose calendar gives the
stored match date (the feed gives UTC only), and the country of a domestic league (its clubs'
country when a team's area is missing). CL feeds our UCL, the competition the importers fill.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.importers.common import COMPETITIONS


@dataclass(frozen=True, slots=True)
class FeedCompetition:
    feed_code: str       # football-data.org's code: CL, PL, ...
    code: str            # ours: UCL, eng1, ...
    name: str
    modern_since: int | None
    timezone: str        # the local calendar of the stored match date
    country: str | None  # a domestic league's country (FIFA-style code as our clubs use)


_ROWS = (
    # feed, ours, name, modern name since, calendar, country
    ("CL", "UCL", *COMPETITIONS["UCL"], "Europe/Paris", None),
    ("PL", "eng1", "Premier League", 1992, "Europe/London", "ENG"),
    ("ELC", "eng2", "Championship", 2004, "Europe/London", "ENG"),
    ("PD", "esp1", "La Liga", None, "Europe/Madrid", "ESP"),
    ("SA", "ita1", "Serie A", None, "Europe/Rome", "ITA"),
    ("BL1", "ger1", "Bundesliga", None, "Europe/Berlin", "GER"),
    ("FL1", "fra1", "Ligue 1", None, "Europe/Paris", "FRA"),
    ("DED", "ned1", "Eredivisie", None, "Europe/Amsterdam", "NED"),
    ("PPL", "por1", "Primeira Liga", None, "Europe/Lisbon", "POR"),
)
FEED_COMPETITIONS: dict[str, FeedCompetition] = {
    r[0]: FeedCompetition(*r) for r in _ROWS  # type: ignore[arg-type]
}

# football-data.org gives a team's area as ISO 3166 alpha-3 (England, Scotland, Wales and
# Northern Ireland as ENG, SCO, WAL, NIR); our clubs carry the football codes the history
# files use. Only the codes that differ are listed.
AREA_CODES = {
    "DEU": "GER", "NLD": "NED", "PRT": "POR", "CHE": "SUI", "DNK": "DEN", "GRC": "GRE",
    "HRV": "CRO", "BGR": "BUL", "XKX": "KOS",
}


def feed_competition(code: str) -> FeedCompetition | None:
    return FEED_COMPETITIONS.get(code.strip().upper())
