"""Everyday fans' questions as sentence forms: top scorers, the last win over a club, a
season's winner, a club's finals, biggest wins, two players compared.

Each form is a pattern whose named groups are the slots (a club, a player, a ground); the
question words around them ("most", "last", "beat", "won", "record", a year or a season)
belong to the form, so a name never swallows them. questions.py tries these forms first,
on text already lower-cased, with the competition and stage words taken out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import UserError

SEASON = re.compile(r"(?<![\w-])(?:in |of |during |for )?(?:the )?"
                    r"(?P<season>(?:18|19|20)\d\d(?:[-/](?:\d\d|\d{4}))?)(?: season)?(?![\w-])")
VERSUS = re.compile(r"\s+(?:v|vs|versus|against|and|or|with|&)\s+")
# words that are the question's, never a name's, once the form has matched
QUESTION_WORDS = frozenset((
    "the", "a", "an", "what", "how", "do", "does", "did", "have", "has", "had", "is", "are",
    "was", "were", "when", "who", "whos", "which", "s", "in", "of", "for", "by", "me", "show",
    "tell", "about", "their", "his", "its", "all", "time", "ever", "history", "record",
    "most", "goals", "goal", "last", "won", "win", "wins", "beat", "final", "finals",
    "scored", "scorer", "scorers", "top", "club", "team", "many", "times", "played", "lost",
    "reached", "appearances", "done", "fared", "performed", "match", "matches", "game",
    "games", "suffered", "so", "far", "please", "list", "since", "competition", "round",
    "rounds", "stage", "phase"))


@dataclass(frozen=True, slots=True)
class Form:
    command: str
    args: dict[str, str]


def words(text: str) -> str:
    """The slot's text without the question's own words."""
    return " ".join(w for w in text.split() if w not in QUESTION_WORDS).strip(" -&")


def take_season(text: str) -> tuple[str, str | None]:
    """'top scorers in 2022-23' → ('top scorers', '2022-23')."""
    m = SEASON.search(text)
    if m is None:
        return text, None
    return (text[:m.start()] + " " + text[m.end():]).strip(), m["season"].replace("/", "-")


def pair(text: str) -> tuple[str, str] | None:
    parts = VERSUS.split(f" {text} ", maxsplit=1)
    if len(parts) == 2 and words(parts[0]) and words(parts[1]):
        return words(parts[0]), words(parts[1])
    return None


# --- compare Salah and Mané -------------------------------------------------------------
COMPARE = (
    re.compile(r"^(?:compare|comparing)\s+(?P<a>.+?)\s+(?:and|with|to|v|vs|versus|&)\s+"
               r"(?P<b>.+)$"),
    re.compile(r"^who (?:is|was|s|has been) (?:the )?better(?: scorer)?,?\s+(?P<a>.+?)\s+or\s+"
               r"(?P<b>.+)$"),
    re.compile(r"^who (?:has )?(?:scored|has) more(?: goals)?,?\s+(?P<a>.+?)\s+or\s+(?P<b>.+)$"),
    re.compile(r"^(?P<a>.+?)\s+compared (?:to|with)\s+(?P<b>.+)$"),
)


def compare(t: str) -> Form | None:
    for pattern in COMPARE:
        if (m := pattern.match(t)) and words(m["a"]) and words(m["b"]):
            return Form("compare", {"player": words(m["a"]), "other": words(m["b"])})
    return None


# --- when did Liverpool last beat Real Madrid ------------------------------------------
VERBS = {"beat": "win", "won": "win", "win": "win", "victory": "win", "drew": "draw",
         "draw": "draw", "drawn": "draw", "lost": "defeat", "lose": "defeat",
         "defeat": "defeat", "loss": "defeat", "beaten": "defeat", "play": "", "played": "",
         "meet": "", "met": "", "face": "", "faced": ""}
_VERB = "(?P<verb>" + "|".join(sorted(VERBS, key=len, reverse=True)) + ")"
_PREP = (r"(?:\s+(?P<prep>at home (?:to|against|v)|away (?:at|to|against|v)|against|over|with|"
         r"to|at|by|v|vs))?")
LAST = (
    re.compile(r"^(?:when did|when was|when were|when was the last time|the last time|"
               r"last time|when have)\s+(?P<a>.+?)\s+(?:last\s+)?" + _VERB + _PREP +
               r"(?:\s+(?P<b>.+?))?(?:\s+last)?$"),
    re.compile(r"^(?:when was\s+)?(?P<a>.+?)\s+last\s+" + _VERB + _PREP + r"\s+(?P<b>.+)$"),
)


def last(t: str) -> Form | None:
    for pattern in LAST:
        m = pattern.match(t)
        if m is None or not words(m["a"]):
            continue
        a, b, prep = m["a"], m["b"] or "", m["prep"] or ""
        venue = re.search(r"\s+(?:at (?P<home>home)|away|at a (?P<neutral>neutral) venue)$", b)
        if venue:
            b = b[:venue.start()]
        if not words(b):
            if (both := pair(a)) is None:
                return None
            a, b = both
        args = {"team": words(a)}
        if prep == "at":
            args["ground"] = words(b)       # a ground, or the club whose ground it is
        else:
            args["opponent"] = words(b)
            if prep.startswith(("at home", "away")):
                args["venue"] = "home" if prep.startswith("at home") else "away"
        if venue:
            args["venue"] = venue["home"] or venue["neutral"] or "away"
        if result := VERBS[m["verb"]]:
            args["result"] = result
        return Form("last", args)
    return None


# --- who won the champions league in 2005 -------------------------------------------
WINNER = re.compile(r"^(?:who won|who were|winners? of|who was|who were the winners of)\b"
                    r"|\b(?:winners?|champions|won)$")


def season_winner(t: str, league: bool = False) -> Form | None:
    """A cup's winner is its final's; a league's is the top of its table."""
    rest, season = take_season(t)
    if season is None or not WINNER.search(rest):
        return None
    if words(rest.replace("winners", "").replace("winner", "").replace("champions", "")):
        return None     # a club is named: "how many times have Liverpool won"
    if league and season.isdigit():     # the league won in 1989: the 1988-89 season
        season = f"{int(season) - 1}-{int(season) % 100:02d}"
    return Form("table" if league else "honours", {"season": season})


# --- the premier league table 1988-89; Liverpool's league position --------------------
TABLE = re.compile(r"\b(?:league )?(?:table|standings)\b")
# ("in the league" reaches the forms as "in": its competition words were taken out)
POSITION = re.compile(r"^(?:where (?:are|is|were|was) |what (?:is|was) )?(?P<a>.+?)\s+"
                      r"(?:league |table )?position$"
                      r"|^where (?:are|is|were|was|do|does|did) (?P<b>.+?)"
                      r"(?: in(?: the)?(?: league| table)?| stand)*$"
                      r"|^(?:are|is|were|was) (?P<c>.+?) (?:top|bottom)"
                      r"(?: of)?(?: the)?(?: league| table)?$")


def table(t: str) -> Form | None:
    if (m := POSITION.match(t)) and (who := words(m["a"] or m["b"] or m["c"] or "")):
        return Form("position", {"team": who})
    if TABLE.search(t):
        rest, season = take_season(TABLE.sub(" ", t))
        return Form("table", {"season": season} if season else {}) if not words(rest) else None
    return None


# --- Liverpool record in finals -----------------------------------------------------
FINALS = re.compile(r"\bfinals?\b")


def finals(t: str) -> Form | None:
    if not FINALS.search(t) or t.startswith("who won") or SEASON.search(t):
        return None
    who = words(t)
    if not who:
        return None
    both = pair(who)
    return Form("honours", {"team": f"{both[0]} v {both[1]}" if both else who})


# --- biggest win in Champions League history ----------------------------------------
BIGGEST = (
    (re.compile(r"\b(?:biggest|largest|record|best|heaviest|worst)\s+(?:ever\s+)?"
                r"(?:wins?|victor(?:y|ies)|thrashings?|margins? of victory)\b"), "wins"),
    (re.compile(r"\b(?:biggest|largest|record|heaviest|worst)\s+(?:ever\s+)?"
                r"(?:defeats?|loss(?:es)?|beatings?)\b"), "defeats"),
    (re.compile(r"\b(?:highest|high)[- ]scoring(?:\s+(?:matches|match|games?))?\b"
                r"|\bmost goals in (?:a|one) (?:match|game)\b"), "goals"),
    (re.compile(r"\bbiggest(?:\s+(?:matches|match|games?|results?))?\b"), ""),
)


def biggest(t: str) -> Form | None:
    for pattern, kind in BIGGEST:
        if (m := pattern.search(t)) is None:
            continue
        rest, season = take_season(t[:m.start()] + " " + t[m.end():])
        args = {"kind": kind} if kind else {}
        if season:
            args["season"] = season
        if both := pair(rest):
            args["team"], args["opponent"] = both
        elif (m2 := re.search(r"\b(?:over|against|v|vs)\s+(?P<b>.+)$", rest)) and kind and \
                not words(rest[:m2.start()]):
            # "the biggest win over Real Madrid": Real Madrid's heaviest defeats
            args["team"] = words(m2["b"])
            args["kind"] = {"wins": "defeats", "defeats": "wins"}.get(kind, kind)
        elif team := words(rest):
            args["team"] = team
        return Form("biggest", args)
    return None


# --- who has scored most for Liverpool ----------------------------------------------
SCORERS = re.compile(
    r"\b(?:all[- ]time\s+)?(?:top|leading|highest|best|record|most prolific)\s+"
    r"(?:goal[- ]?)?scorers?\b|\bwho (?:has |have |s )?scored (?:the )?most(?: goals)?\b"
    r"|\bscored (?:the )?most(?: goals)?\b|\bmost goals\b|\bgoal[- ]?scorers\b|\bscorers\b")


def scorers(t: str) -> Form | None:
    if (m := SCORERS.search(t)) is None:
        return None
    if re.search(r"\b(?:against|conceded)\b", t):
        raise UserError("Top scorers count a club's own scorers (`scorers Liverpool`), not "
                        "the players who scored against it.")
    rest, season = take_season(t[:m.start()] + " " + t[m.end():])
    args = {"season": season} if season else {}
    if team := words(rest):
        args["team"] = team
    return Form("scorers", args)


# --- most points in a premier league season; Liverpool's best season ------------------
SEASON_RECORD = re.compile(r"\b(?:most|fewest|least|highest|longest)\b.*\bin (?:a|one|any|a "
                           r"single)(?: league)? season\b|\bseason records?\b")
CLUB_SEASONS = re.compile(r"^(?P<a>.+?)\s+(?:(?:best|worst) (?:league )?seasons?|(?:league )?"
                          r"seasons|finishing positions?)$")


def season_records(t: str) -> Form | None:
    """A league's season records (the league is the question's competition word), or a
    club's league seasons; "Salah most goals in a season" names someone: not ours."""
    t = " ".join(t.split())   # the competition's words were taken out of the middle
    if SEASON_RECORD.search(t):
        return Form("seasons", {}) if not words(SEASON_RECORD.sub(" ", t)) else None
    if (m := CLUB_SEASONS.match(t)) and (who := words(m["a"])):
        return Form("seasons", {"subject": who})
    return None


FORMS: tuple[Callable[[str], Form | None], ...] = (
    compare, last, season_winner, finals, season_records, biggest, scorers, table)


LAST_TITLE = re.compile(r"^when (?:did|have|has) (?P<a>.+?) last (?:win|won)(?: (?:the|a|it))?"
                        r"(?: (?:title|trophy|cup|final))?$")
LAST_MATCH = re.compile(r"^(?P<a>.+?) (?:last|latest|most recent) (?:match|game|result)$")


def everyday(t: str, league: bool = False, competition: bool = False) -> Form | None:
    """The first form the question fits, or None (the older grammar then tries); `league`
    when the question names a league ('who won the premier league in 1989'), `competition`
    when it names any ('when did Liverpool last win the champions league': a title)."""
    if league and (found := season_winner(t, league=True)):
        return found
    if competition and (m := LAST_TITLE.match(t)) and words(m["a"]):
        if league:
            raise UserError("A league title is the top of a season's table, not a final: ask "
                            "for the table, e.g. `table eng1 1988-89`.")
        return Form("honours", {"team": words(m["a"])})
    if (m := LAST_MATCH.match(t)) and words(m["a"]):
        return Form("form", {"team": words(m["a"]), "n": "1"})
    for form in FORMS:
        if found := form(t):
            return found
    return None
