"""What a fact counts: competitions, era, stages. Every answer states its scope.

Competitions are data (storage/competition_seed.py, the `competitions` and
`competition_eras` tables): the words a user may type after `competition:` are the UEFA
words below, any stored code (`eng1`, `facup`, `esp1`), any era name ("Premier League" is
the top flight since 1992-93), a competition's generic name, and `league` — the domestic
league of the clubs asked about, every tier. This module is the one place that turns such
words into codes; question families and the feed use it too.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, replace

from bot.errors import UserError
from storage.competition_seed import SEED
from storage.rows import CompetitionInfo

MAIN_DRAW = ("group", "league", "knockout")
ALL_STAGES = ("qualifying", *MAIN_DRAW)
# A domestic league's play-offs (England's Championship since 1986-87 …) are stored as its
# knockout stage: not league matches, so a league scope leaves them out unless stage: asks.
LEAGUE_ONLY = ("league",)
NO_PLAYOFFS = "play-offs not counted"


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
        if self.is_domestic:
            if self.stages == LEAGUE_ONLY and self.is_league:
                return f"{self.label}, {NO_PLAYOFFS}"
            return self.label if self.stages == ALL_STAGES else f"{self.label}, {stage}"
        return f"{self.label}, {stage}"

    @property
    def is_domestic(self) -> bool:
        catalog = CATALOG.get()
        return bool(self.competitions) and all(
            (info := catalog.by_code.get(c)) is not None and info.country != "UEFA"
            for c in self.competitions)

    @property
    def is_league(self) -> bool:
        """Every competition counted is a domestic league (no cup, nothing of UEFA)."""
        catalog = CATALOG.get()
        return self.is_domestic and all(catalog.kind(c) == "league" for c in self.competitions)

    def with_stages(self, stages: tuple[str, ...]) -> Scope:
        return replace(self, stages=stages)


# What competition: takes, for every command's help (bot/families/h2h.py SCOPE_PARAMS, help).
COMPETITION_WORDS = ("cl, ec, el, uecl, europe, league (the clubs' own domestic league, every "
                     "tier), any competition code in our data (eng1, facup, esp1 … see help), "
                     "or a name (Premier League, FA Cup)")


# UEFA words → (competition codes, since, label); their answers are fixed by the tests.
COMPETITIONS: dict[str, tuple[tuple[str, ...], int | None, str]] = {
    "cl": (("UCL",), 1992, "Champions League (since 1992-93)"),
    "ec": (("UCL",), None, "European Cup/Champions League (since 1955-56)"),
    "el": (("UEL",), None, "Europa League (UEFA Cup data from 2011-12 finals only)"),
    "uecl": (("UECL",), None, "Conference League"),
    "europe": (("UCL", "UEL", "UECL"), None,
               "UEFA club competitions in our data (EC/CL since 1955-56; "
               "Europa and Conference League only from 2020-21)"),
}
SYNONYMS = {
    "ucl": "cl", "champions league": "cl", "champions": "cl", "championsleague": "cl",
    "european cup": "ec", "eurocup": "ec", "european_cup": "ec", "europeancup": "ec",
    "uel": "el", "europa": "el", "europa league": "el", "uefa cup": "el",
    "conference": "uecl", "conf": "uecl", "ecl": "uecl",
    "all": "europe", "uefa": "europe", "european": "europe", "european competition": "europe",
    "the league": "league", "domestic league": "league", "premiership": "premier league",
    "epl": "premier league", "efl cup": "leaguecup", "carabao cup": "leaguecup",
    "league cup": "leaguecup", "primera division": "la liga", "liga": "la liga",
    "top flight": "eng1", "english top flight": "eng1",
}
LEAGUE = "league"
STAGES = {
    "all": ALL_STAGES, "main": MAIN_DRAW, "knockout": ("knockout",), "ko": ("knockout",),
    "group": ("group", "league"), "league": ("group", "league"), "qualifying": ("qualifying",),
    "q": ("qualifying",),
}


def season_text(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def era_label(info: CompetitionInfo) -> str:
    """'English top flight (First Division until 1991-92, Premier League since)'."""
    if len(info.eras) <= 1:
        return info.eras[0][1] if info.eras else info.name
    parts = [f"{name} until {season_text(info.eras[i + 1][0] - 1)}"
             for i, (_since, name) in enumerate(info.eras[:-1])]
    return f"{info.name} ({', '.join(parts)}, {info.eras[-1][1]} since)"


def is_competition_word(value: str) -> bool:
    """A word the `competition:` option takes (a command line's words may run on past it)."""
    key = _fold(value)
    key = SYNONYMS.get(key, key)
    return key in COMPETITIONS or key == LEAGUE or key in CATALOG.get().words


def means_league(value: str) -> bool:
    """`league` or a word for it: its codes depend on the clubs asked about."""
    key = _fold(value)
    return SYNONYMS.get(key, key) == LEAGUE


def _fold(value: str) -> str:
    return " ".join(value.lower().replace("-", " ").replace("_", " ").split())


class Catalog:
    """The competitions a store knows, with every word that names one."""

    def __init__(self, infos: list[CompetitionInfo]) -> None:
        self.infos = infos
        self.by_code = {i.code.upper(): i for i in infos}
        self.words: dict[str, tuple[str, int | None]] = {}
        ranked = sorted(infos, key=lambda i: (i.country == "UEFA", i.tier or 99, i.id))
        for info in ranked:
            self.words.setdefault(_fold(info.code), (info.code, None))
        for info in ranked:
            for n, (since, name) in enumerate(info.eras):
                later = n > 0 and len(info.eras) > 1
                self.words.setdefault(_fold(name), (info.code, since if later else None))
            self.words.setdefault(_fold(info.name), (info.code, None))

    def leagues(self, country: str) -> tuple[str, ...]:
        return tuple(i.code for i in sorted(self.infos, key=lambda i: (i.tier or 99, i.id))
                     if i.kind == "league" and i.country == country)

    def name_in(self, code: str, start_year: int) -> str | None:
        info = self.by_code.get(code.upper())
        return info.name_in(start_year) if info else None

    def kind(self, code: str) -> str | None:
        info = self.by_code.get(code.upper())
        return info.kind if info else None

    def with_data(self) -> list[CompetitionInfo]:
        return [i for i in self.infos if i.seasons]


def builtin_catalog() -> Catalog:
    """The seeded competitions (what a store holds before any import adds its own)."""
    return Catalog([CompetitionInfo(n, code, name, country, kind, tier, eras, None, None)
                    for n, (code, name, country, kind, tier, eras) in enumerate(SEED, 1)])


BUILTIN = builtin_catalog()
_CURRENT: ContextVar[Catalog | None] = ContextVar("catalog", default=None)


class _Current:
    """The catalogue of the store answering the current command (set per task by the core;
    the seeded one elsewhere)."""

    @staticmethod
    def get() -> Catalog:
        return _CURRENT.get() or BUILTIN

    @staticmethod
    def set(catalog: Catalog) -> None:
        _CURRENT.set(catalog)


CATALOG = _Current()


async def load_catalog(store) -> Catalog:  # noqa: ANN001 - Store (no import cycle)
    """The store's catalogue, cached per data version on the store object."""
    cached = getattr(store, "_catalog", None)
    if cached is not None and cached[0] == store.data_version:
        return cached[1]
    catalog = Catalog(await store.competition_catalog())
    store._catalog = (store.data_version, catalog)
    return catalog


@dataclass(frozen=True, slots=True)
class Resolved:
    """A competition word resolved: what to count and the words for it."""

    key: str                        # the UEFA word, 'league', or a stored code (lower case)
    codes: tuple[str, ...]
    since_year: int | None
    label: str                      # footnote: names the era
    phrase: str                     # in a sentence: 'Premier League', 'league'


def competition_key(value: str) -> str:
    """The normalised word (a UEFA key, 'league', or a lower-case code); raises if unknown."""
    return resolve_competition(value).key


def resolve_competition(value: str, countries: tuple[str | None, ...] = ()) -> Resolved:
    """Any competition word → codes, first season and labels. `countries` are the clubs'
    countries, which `league` needs (and which break a tie between era names)."""
    key = _fold(value)
    key = SYNONYMS.get(key, key)
    catalog = CATALOG.get()
    if key in COMPETITIONS:
        codes, since, label = COMPETITIONS[key]
        if key == "europe":  # every UEFA competition, and codes of unknown country
            codes = tuple(i.code for i in catalog.infos if i.country in ("UEFA", None))
        return Resolved(key, codes, since, label, label)
    if key == LEAGUE:
        return _league(catalog, countries)
    hit = catalog.words.get(key)
    if hit is None:
        raise UserError(
            f"Unknown competition “{value}”. Use one of: "
            + ", ".join([*COMPETITIONS, LEAGUE, *(i.code.lower() for i in catalog.with_data()
                                                   if i.country != "UEFA")]) + ".")
    code, since = hit
    info = catalog.by_code[code.upper()]
    if since is not None:
        name = info.name_in(since)
        return Resolved(code.lower(), (code,), since, f"{name} (since {season_text(since)})",
                        name)
    phrase = info.eras[-1][1] if len(info.eras) == 1 else info.name
    return Resolved(code.lower(), (code,), None, era_label(info), phrase)


def _league(catalog: Catalog, countries: tuple[str | None, ...]) -> Resolved:
    known = {c for c in countries if c}
    if not known:
        raise UserError("competition:league means the domestic league of the clubs asked "
                        "about: name a club.")
    if len(known) > 1:
        raise UserError("Those clubs play in different countries' leagues; name a "
                        "competition, e.g. competition:cl.")
    country = known.pop()
    codes = catalog.leagues(country)
    if not codes:
        raise UserError(f"There is no league data for {country} clubs in our data.")
    top = catalog.by_code[codes[0].upper()]
    nation = top.name.split(" ")[0] if top.name.endswith("top flight") else country
    return Resolved(LEAGUE, codes, None, f"{nation} league, every tier", "league")


def make_scope(competition: str | None, stage: str | None, since: str | None,
               default_competition: str = "europe",
               default_stages: tuple[str, ...] = ALL_STAGES,
               countries: tuple[str | None, ...] = ()) -> Scope:
    """Build a scope from the user's options (all optional) and the command's defaults."""
    found = resolve_competition(competition or default_competition, countries)
    codes, since_year, label = found.codes, found.since_year, found.label
    stages = default_stages
    if stage:
        if stage.lower() not in STAGES:
            raise UserError(f"Unknown stage “{stage}”. Use one of: " + ", ".join(STAGES) + ".")
        stages = STAGES[stage.lower()]
    elif "league" in stages and Scope(codes, None, stages, label).is_league:
        stages = LEAGUE_ONLY        # league matches: a play-off is not one
    if since:
        year = parse_season(since, 1871)
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
