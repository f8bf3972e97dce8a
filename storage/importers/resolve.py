"""Club resolution shared by all importers: one club per real club, whatever the spelling.

Order, within the club's country: curated alias (club_aliases.csv) -> exact alias in the
database -> "core" key (affixes such as FC, CF, Club, de, 1893 stripped) -> fuzzy match
(rapidfuzz, high threshold, one club only) -> create. A file without countries (the older
Football.TXT history files) goes the same way across all countries, preferring clubs already
seen in the same competition season, but never creates a club it cannot place: the caller
skips and logs such a match. Every variant that resolves becomes an alias, so the next lookup
is exact and the bot's name index knows it.

A name that meant different clubs in different eras (england.csv's 'Aldershot' is Aldershot FC
until 1992 and Aldershot Town in 2008-12) has a curated row per era, with the seasons it
covers; `curated.season_names` rewrites such names to the era's club before resolution, where the
season is known (every import), so the ambiguous name itself never becomes an alias.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from functools import cache

from rapidfuzz import fuzz, process

from storage.importers.common import ClubRef, country_code
from storage.importers.curated import canonical_aliases, curated_aliases, name_key

log = logging.getLogger(__name__)

FUZZY_CUTOFF = 90
_AFFIXES = frozenset({
    "fc", "cf", "ac", "sc", "afc", "club", "de", "del", "da", "do", "di", "la", "le", "cd",
    "sl", "rsc", "sk", "fk", "nk", "gnk", "hnk", "hsk", "kv", "kaa", "krc", "ksk", "royal",
    "royale", "bk", "bc", "if", "ff", "sv", "vfb", "vfl", "tsg", "ssc", "as", "ss", "us", "ud",
    "rc", "cs", "pfc", "bsc", "kf", "jk", "sd", "rcd", "ogc", "osc", "sad", "spa", "the", "umf",
    "sp", "fci", "pae", "sfp", "ks", "fcsb"
})


def core(name: str) -> str:
    """Folded name without club-form affixes and numbers: 'FC Basel 1893' -> 'basel'."""
    words = [w for w in name_key(name).split() if w not in _AFFIXES and not w.isdigit()]
    return " ".join(words) or name_key(name)


@cache
def _curated_by_key() -> dict[str, set[tuple[str, str]]]:
    by_key: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for (key, _country), target in curated_aliases().items():
        by_key[key].add(target)
    return by_key


class ClubResolver:
    """Resolves names to club ids inside one import transaction, creating clubs as needed."""

    def __init__(self, store, strict: bool = False) -> None:  # noqa: ANN001 - Store
        self.store = store
        # strict (the domestic files: one spelling per club, hundreds of clubs a country):
        # curated, exact and core-key matches only; never "contained" or fuzzy, which
        # would make 'Sheffield' (1870s) Sheffield United
        self.strict = strict
        self.created = 0
        self._alias: dict[tuple[str, str], int] = {}
        self._core: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self._country: dict[int, str] = {}
        self._names: dict[int, list[str]] = defaultdict(list)
        self._memo: dict[tuple[str, str | None, frozenset[int]], int | None] = {}

    async def load(self) -> ClubResolver:
        for club in await self.store.clubs():
            self._country[club.id] = club.country
        for alias, club_id in await self.store.club_aliases():
            self._remember(club_id, alias, self._country[club_id])
        return self

    def new_file(self) -> None:
        """Before the next file of an import run: forget the answers kept for the last one
        (a name no club took there may be placed after the clubs this file adds); what is
        known of the clubs stays, as load() would read it again."""
        self._memo.clear()

    def _remember(self, club_id: int, alias: str, country: str) -> None:
        self._alias.setdefault((name_key(alias), country), club_id)
        self._names[club_id].append(alias)
        self._core[country][core(alias)].add(club_id)

    async def _add_alias(self, club_id: int, alias: str) -> None:
        country = self._country[club_id]
        if (name_key(alias), country) not in self._alias:
            await self.store.insert_club_alias(club_id, alias, country)
            self._remember(club_id, alias, country)

    def find(self, name: str, country: str) -> int | None:
        """The club a name already stands for in the country; never creates one (the live
        feed tries a team's full and short names before letting `resolve` create a club)."""
        country = country_code(country)
        curated = curated_aliases().get((name_key(name), country))
        if curated:
            return self._exact(name, country) or self._exact(curated[0], country)
        return self._find(name, country)

    async def remember(self, club_id: int, name: str) -> None:
        """Record `name` as an alias of the club (inside the caller's transaction)."""
        await self._add_alias(club_id, name)

    async def resolve(self, ref: ClubRef, prefer: frozenset[int] = frozenset()) -> int | None:
        """The club's id; created when the name has a country and is new; None if unplaceable."""
        memo_key = (ref.name, ref.country, prefer)
        if memo_key in self._memo:
            return self._memo[memo_key]
        if ref.country:
            club_id: int | None = await self._in_country(ref.name, country_code(ref.country))
        else:
            club_id = await self._anywhere(ref.name, prefer)
        self._memo[memo_key] = club_id
        return club_id

    async def _in_country(self, name: str, country: str) -> int:
        curated = curated_aliases().get((name_key(name), country))
        if curated:  # the curated file is authoritative: exact names only, never fuzzy
            canonical = curated[0]
            club_id = self._exact(name, country) or self._exact(canonical, country)
        else:
            canonical = name
            club_id = self._find_strict(name, country) if self.strict \
                else self._find(name, country)
        if club_id is None:
            club_id = await self.store.insert_club(canonical, country)
            self.created += 1
            self._country[club_id] = country
            self._remember(club_id, canonical, country)
            for alias in canonical_aliases().get((canonical, country), []):
                await self._add_alias(club_id, alias)
        await self._add_alias(club_id, name)
        return club_id

    def _exact(self, name: str, country: str) -> int | None:
        return self._alias.get((name_key(name), country))

    def _find_strict(self, name: str, country: str) -> int | None:
        if (hit := self._exact(name, country)) is not None:
            return hit
        ids = self._core[country].get(core(name), set())
        return next(iter(ids)) if len(ids) == 1 else None

    def _find(self, name: str, country: str) -> int | None:
        """Exact alias, then core key, then core words contained one in the other (unique,
        'Partizan' / 'Partizan Belgrade'), then fuzzy: all within the country."""
        if (hit := self._exact(name, country)) is not None:
            return hit
        cores = self._core[country]
        key_core = core(name)
        ids = cores.get(key_core, set())
        if ids:
            return next(iter(ids)) if len(ids) == 1 else None
        words = set(key_core.split())
        if max(map(len, words), default=0) >= 4:
            near = {cid for c, cids in cores.items() if _contained(words, set(c.split()))
                    for cid in cids}
            if len(near) == 1:
                return next(iter(near))
            if near:
                return None
        return _unique_fuzzy(key_core, cores)

    async def _anywhere(self, name: str, prefer: frozenset[int]) -> int | None:
        targets = _curated_by_key().get(name_key(name), set())
        if len(targets) == 1:
            canonical, country = next(iter(targets))
            return await self._in_country(canonical, country) if canonical else None
        folded, key_core = name_key(name), core(name)
        exact = {cid for (k, _c), cid in self._alias.items() if k == folded}
        by_core = {cid for groups in self._core.values() for cid in groups.get(key_core, ())}
        for found in (exact, by_core):
            if len(found & prefer) == 1:
                club_id = next(iter(found & prefer))
            elif len(found) == 1:
                club_id = next(iter(found))
            else:
                continue
            await self._add_alias(club_id, name)
            return club_id
        pool: dict[str, set[int]] = defaultdict(set)
        for country_cores in self._core.values():
            for c, ids in country_cores.items():
                if ids & prefer:
                    pool[c] |= ids & prefer
        club_id = _unique_fuzzy(key_core, pool) or _best_in_season(name, prefer, self._names)
        if club_id is not None:
            await self._add_alias(club_id, name)
        else:
            log.warning("club %r (no country given) matches no known club", name)
        return club_id


def _contained(a: set[str], b: set[str]) -> bool:
    """One name's words inside the other's, the extra words real ones ('Partizan Belgrade'),
    not initials ('KB Kobenhavn' is another club than 'Kobenhavn')."""
    small, big = (a, b) if len(a) < len(b) else (b, a)
    return small < big and all(len(w) >= 4 for w in big - small)


def _best_in_season(name: str, prefer: frozenset[int], names: dict[int, list[str]]) -> int | None:
    """Among the clubs of the same competition season (a few dozen), the one whose names
    clearly fit best ('Marseille' -> 'Olympique Marseille', 'Dynamo Kiew' -> 'Dynamo Kyiv')."""
    scores = sorted(((max(fuzz.WRatio(name_key(name), name_key(n)) for n in names[cid]), cid)
                     for cid in prefer if names.get(cid)), reverse=True)
    if scores and scores[0][0] >= 80 and (len(scores) == 1 or scores[1][0] <= scores[0][0] - 8):
        return scores[0][1]
    return None


def _unique_fuzzy(key: str, pool: dict[str, set[int]]) -> int | None:
    """The one club whose core key is near `key`, or None when none or several are."""
    if not pool or len(key) < 4:
        return None
    hits = process.extract(key, list(pool), scorer=fuzz.token_sort_ratio,
                           score_cutoff=FUZZY_CUTOFF, limit=5)
    ids = {cid for choice, _score, _i in hits for cid in pool[choice]}
    return next(iter(ids)) if len(ids) == 1 else None

