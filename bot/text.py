"""Wording shared by every family: dates, rounds, scores, counts. Plain text only."""

from __future__ import annotations

from datetime import date

from bot.scope import CATALOG, Catalog, Scope
from storage.rows import Match

ROUNDS = {
    "Q0": "preliminary round", "Q1": "first qualifying round", "Q2": "second qualifying round",
    "Q3": "third qualifying round", "PO": "play-off round", "R1": "first round",
    "R2": "second round", "R32": "round of 32", "KPO": "knockout play-off",
    "R16": "round of 16", "QF": "quarter-final", "SF": "semi-final", "F": "final",
    "LP": "league phase", "R3": "third round", "R4": "fourth round", "R5": "fifth round",
    "R6": "sixth round", "PR": "preliminary round",
}
NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
ORDINALS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth"]


def number(n: int) -> str:
    """Broadcast style: words up to ten, digits beyond, thousands separated (2,412)."""
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else f"{n:,}"


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    return f"{number(n)} {word if n == 1 else (plural_word or word + 's')}"


def day(iso: str | date) -> str:
    d = date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{d.day} {d:%b %Y}"


def season_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def round_name(code: str) -> str:
    if code.startswith("G-"):
        return f"group {code[2:]}"
    return ROUNDS.get(code, code)


def stage_label(m: Match, catalog: Catalog | None = None) -> str:
    """E.g. '2022-23 round of 16, first leg' or '2017-18 final' in Europe; a domestic match
    names its competition as it was called then: '1988-89 First Division', '2018-19 FA Cup
    third round', '2023-24 Championship play-off final'. `catalog`: the current one unless
    given (a label derived ahead of the question names its catalogue)."""
    text = f"{season_label(m.season)} {round_name(m.round)}"
    info = (catalog or CATALOG.get()).by_code.get(m.competition.upper())
    if info is not None and info.country != "UEFA":
        name = info.name_in(m.season)
        if m.round == "L":
            text = f"{season_label(m.season)} {name}"
        else:
            play_off = " play-off" if info.kind == "league" else ""
            text = f"{season_label(m.season)} {name}{play_off} {round_name(m.round)}"
    if m.leg in ("1", "2"):
        text += f", {ORDINALS[int(m.leg)]} leg"
    elif m.leg == "replay":
        text += ", replay"
    return text


_LABELS_KEYS: dict[int, tuple[Catalog, int]] = {}


def labels_key(catalog: Catalog) -> int:
    """What of a catalogue `stage_label` reads (codes, countries, kinds, era names), as a
    number: words derived ahead of a question are keyed by it, so a catalogue naming a
    competition otherwise is never answered with the old words."""
    known = _LABELS_KEYS.get(id(catalog))
    if known is not None and known[0] is catalog:
        return known[1]
    key = hash(tuple((i.code.upper(), i.country, i.kind, i.name, i.eras)
                     for i in catalog.infos))
    if len(_LABELS_KEYS) > 64:    # a catalogue per data version: keep the last few
        _LABELS_KEYS.clear()
    _LABELS_KEYS[id(catalog)] = (catalog, key)
    return key


def score(m: Match) -> str:
    """'2-5', '3-2 a.e.t.', '1-1 a.e.t., 4-3 on penalties' (a cup file may give only the
    score after extra time, no 90-minute score: that is still a played match)."""
    if m.ft_home is None and m.aet_home is None:
        return "v"
    if m.aet_home is not None:
        text = f"{m.aet_home}-{m.aet_away} a.e.t."
    else:
        text = f"{m.ft_home}-{m.ft_away}"
    if m.pen_home is not None:
        text += f", {m.pen_home}-{m.pen_away} on penalties"
    return text


def fixture_line(m: Match) -> str:
    return f"{m.home} {score(m)} {m.away}"


def result_letter(m: Match, club_id: int) -> str:
    """W, D or L for the club, by goals incl. extra time (shoot-outs count as draws)."""
    gf, ga = m.goals_for(club_id), m.goals_against(club_id)
    if gf is None or ga is None:
        return "-"
    return "W" if gf > ga else "L" if gf < ga else "D"


def where(m: Match, club_id: int) -> str:
    if m.neutral:
        return "neutral"
    return "home" if m.home_id == club_id else "away"


def footnote(scope: Scope | None, as_of: date | None, extra: str = "") -> str:
    parts = [scope.describe()] if scope else []
    if extra:
        parts.append(extra)
    parts.append(f"as of {day(as_of)}" if as_of else "all matches in our data")
    return " · ".join(parts)


def match_data(m: Match) -> dict[str, object]:
    """The structured record of a counted match, so every number can be checked."""
    return {
        "id": m.id, "date": m.date, "competition": m.competition, "season": m.season,
        "stage": m.stage, "round": m.round, "leg": m.leg, "home": m.home, "away": m.away,
        "neutral": m.neutral, "score": score(m), "ft": [m.ft_home, m.ft_away],
        "aet": [m.aet_home, m.aet_away] if m.aet_home is not None else None,
        "pens": [m.pen_home, m.pen_away] if m.pen_home is not None else None,
    }


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def times(n: int) -> str:
    """'once', 'twice', 'three times'."""
    return {1: "once", 2: "twice"}.get(n, f"{number(n)} times")


def plural_word(n: int, word: str, plural_form: str | None = None) -> str:
    """The noun alone, agreeing with n: 'tie' / 'ties'."""
    return word if n == 1 else (plural_form or word + "s")


def every(n: int, word: str, whose: str = "their", plural_form: str | None = None) -> str:
    """All of n things: 'their only tie', 'both ties', 'all five ties'."""
    if n == 1:
        return f"{whose} only {word}"
    noun = plural_word(n, word, plural_form)
    return f"both {noun}" if n == 2 else f"all {number(n)} {noun}"


def share(k: int, n: int, word: str, whose: str = "their",
          plural_form: str | None = None) -> str:
    """k of n things: 'three of their five goals', 'all five of his goals', 'both of his
    goals', 'his only goal', 'none of his four goals' (words and plurals agree)."""
    noun = plural_word(n, word, plural_form)
    if n == 1:
        return f"{whose} only {word}" if k == 1 else f"not {whose} only {word}"
    if k == n:
        return f"both of {whose} {noun}" if n == 2 else f"all {number(n)} of {whose} {noun}"
    if k == 0:
        return f"neither of {whose} {noun}" if n == 2 else f"none of {whose} {number(n)} {noun}"
    return f"{number(k)} of {whose} {number(n)} {noun}"


def capital(text: str) -> str:
    """The first letter upper-cased (a sentence that starts with a count)."""
    return text[:1].upper() + text[1:]


def month(iso: str) -> str:
    """'May 2018'."""
    return f"{date.fromisoformat(iso):%B %Y}"


def data_span(first_season: int, last_season: int, short: int = 10) -> str:
    """'on record', or 'in our data, since 2020-21' when the data covers few seasons."""
    if last_season - first_season + 1 < short:
        return f"in our data, since {season_label(first_season)}"
    return "on record"


def ordinal(n: int) -> str:
    """'first' … 'tenth', then '11th', '22nd'."""
    if 0 < n < len(ORDINALS):
        return ORDINALS[n]
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
