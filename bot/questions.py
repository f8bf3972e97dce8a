"""Questions in plain words → a command and its options, through one grammar (no model).

"Salah's CL streak", "head to head Liverpool Real Madrid", "what do Liverpool need",
"Liverpool v Real Madrid facts", "how have Real done after winning the first leg by 2".
The grammar finds an intent by its key words, pulls out competition / stage / kind words,
and takes what is left as the club or player names (splitting two clubs with the name
index when no "v" separates them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from bot.commands import CommandSpec
from bot.errors import UserError
from bot.names import NameIndex
from bot.question_forms import everyday
from bot.scope import CATALOG
from bot.scope import SYNONYMS as COMPETITION_SYNONYMS

# intent → patterns (regex on lower-case text with the key words); the first match wins
INTENTS: tuple[tuple[str, str], ...] = (
    ("facts", r"\b(match facts|facts|preview|stats pack)\b"),
    ("h2h", r"\b(head[ -]to[ -]head|h2h|meetings|record(?= (?:against|vs|v) ))\b"),
    ("ties", r"\bafter (?P<verb>winning|losing|drawing|won|lost|drew) (?:the |their |a )?"
             r"first leg(?: (?:by )?(?P<by>\d|one|two|three|four))?(?: (?P<at>at home|away))?"),
    ("needs", r"\bwhat (?:do|does|did) (?P<who>.+?) need\b|\bneeds?\b"),
    ("tie", r"\b(tie|aggregate)\b"),
    ("streak", r"\b(streak|run|in a row|consecutive)\b"),
    ("honours", r"\b(honours|honors|titles|trophies|holders|who won|finals|how many times)\b"),
    ("fixtures", r"\b(fixtures|next match|next game|schedule|play(?:s|ing)? next)\b"),
    ("form", r"\b(form|results|doing)\b"),
    ("record", r"\b(home record|away record|record|ties)\b"),
    ("player", r"\b(goals|scored|scorer)\b"),
)
KINDS = {"unbeaten": "unbeaten", "scoring": "scoring", "winless": "winless", "winning": "winning",
         "losing": "losing", "clean sheet": "clean", "clean sheets": "clean", "assist": "assists",
         "assists": "assists", "without a win": "winless", "wins": "winning",
         "defeats": "losing"}
STAGES = {"knockout": "knockout", "knockouts": "knockout", "knock out": "knockout",
          "ko": "knockout", "qualifying": "qualifying", "qualifiers": "qualifying",
          "with qualifiers": "all", "incl qualifying": "all", "including qualifying": "all",
          "main draw": "main", "group stage": "group", "groups": "group"}
COMPETITIONS = {**{k: k for k in ("cl", "ec", "el", "uecl", "ucl", "uel")},
                **{k: v for k, v in COMPETITION_SYNONYMS.items() if " " in k or len(k) > 4}}
FILLER = frozenset((
    "the", "a", "an", "what", "how", "do", "does", "did", "have", "has", "had", "is", "are",
    "was", "were", "done", "doing", "fared", "in", "of", "for", "me", "show", "tell", "about",
    "their", "his", "her", "its", "when", "who", "s", "after", "give", "get", "please", "on",
    "at", "been", "last", "many", "much", "won", "win", "play", "next", "round", "rounds",
    "scored", "stage", "matches", "games", "times", "team"))
PAIR_INTENTS = ("facts", "h2h", "tie")
_VERSUS = re.compile(r"\s+(?:v|vs|versus|against|and)\s+")
EXAMPLES = (
    "Liverpool v Real Madrid facts", "head to head Liverpool Real Madrid",
    "Salah's CL streak", "Liverpool unbeaten streak in the Champions League",
    "what do Liverpool need", "how have Real done after winning the first leg by 2",
    "Liverpool home record in the CL", "Liverpool titles", "Bayern form", "Liverpool fixtures",
)


MONTHS = {m: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for m in names}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_YEAR = r"(?:18|19|20)\d\d"
DATE_PHRASE = re.compile(
    rf"\b(?:on )?this (?:day|date) in (?P<ty>{_YEAR})\b"
    rf"|\bon (?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m>{_MONTH}) (?P<y>{_YEAR})\b"
    rf"|\bon (?P<m2>{_MONTH}) (?P<d2>\d{{1,2}})(?:st|nd|rd|th)? (?P<y2>{_YEAR})\b"
    rf"|\bon (?P<iso>{_YEAR}-\d\d-\d\d)\b")


def take_date(text: str, today: date) -> tuple[str, str | None]:
    """'where were liverpool on this day in 1990' → ('where were liverpool', '1990-12-04'):
    a day named in the question is the answer's as-of date ("on 1 april 1990" too)."""
    m = DATE_PHRASE.search(text)
    if m is None:
        return text, None
    try:
        if m["ty"]:
            day = date(int(m["ty"]), today.month, today.day)
        elif m["iso"]:
            day = date.fromisoformat(m["iso"])
        else:
            month, d, y = (m["m"], m["d"], m["y"]) if m["m"] else (m["m2"], m["d2"], m["y2"])
            day = date(int(y), MONTHS[month], int(d))
    except ValueError:
        raise UserError(f"“{m[0].removeprefix('on ')}” is not a day of the calendar.") \
            from None
    return (text[:m.start()] + " " + text[m.end():]).strip(), day.isoformat()


@dataclass(frozen=True, slots=True)
class Interpreted:
    command: str
    args: dict[str, str]


def _take(text: str, table: dict[str, str]) -> tuple[str, str | None]:
    """Remove the longest phrase of `table` found as whole words; return text and value."""
    for phrase in sorted(table, key=len, reverse=True):
        m = re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", text)
        if m:
            return (text[:m.start()] + " " + text[m.end():]).strip(), table[phrase]
    return text, None


def competition_words() -> dict[str, str]:
    """The UEFA words, and every competition name the store's catalogue knows ('fa cup')."""
    return {**{w: w for w in CATALOG.get().words if " " in w or len(w) > 4}, **COMPETITIONS}


def is_league(word: str | None) -> bool:
    """Whether a competition word names a league (its winner tops a table, not a final)."""
    hit = CATALOG.get().words.get(" ".join((word or "").replace("-", " ").split()))
    info = CATALOG.get().by_code.get(hit[0].upper()) if hit else None
    return word == "league" or (info is not None and info.kind == "league")


def is_domestic_cup(word: str | None) -> bool:
    """Whether a competition word names a domestic cup (the FA Cup): a preview cannot be
    narrowed to one, its head-to-head can."""
    hit = CATALOG.get().words.get(" ".join((word or "").replace("-", " ").split()))
    info = CATALOG.get().by_code.get(hit[0].upper()) if hit else None
    return info is not None and info.kind == "cup" and info.country not in ("UEFA", None)


def _clean(text: str) -> str:
    words = [w for w in text.split() if w not in FILLER]
    return " ".join(words).strip(" -,.")


def interpret(text: str, names: NameIndex | None = None, today: date | None = None
              ) -> Interpreted | None:
    """A plain-words question → a command name and its text arguments, or None. `today`
    is the day "on this day in 1990" means (the answer's as-of day, else the clock's)."""
    t = " " + re.sub(r"[?!,.]", " ", text.lower()) + " "
    t = re.sub(r"(\w)['’]s\b", r"\1", t)
    t = " ".join(t.split())
    args: dict[str, str] = {}
    t, as_of = take_date(t, today or date.today())
    if as_of:
        args["as_of"] = as_of
    t, competition = _take(t, competition_words())
    if competition:
        args["competition"] = competition
    t, stage = _take(t, STAGES)
    if stage:
        args["stage"] = stage
    if form := everyday(t, league=is_league(competition), competition=bool(competition)):
        return Interpreted(form.command, {**form.args, **args})
    intent, match = None, None
    for name, pattern in INTENTS:
        match = re.search(pattern, t)
        if match:
            intent = name
            break
    if intent == "ties":
        assert match is not None
        verb = {"wi": "won", "wo": "won", "lo": "lost", "dr": "drew"}[match["verb"][:2]]
        args["kind"] = "ties"
        args["first_leg"] = f"{verb} by {match['by']}" if match["by"] and verb != "drew" else verb
        if match["at"]:
            args["first_leg_at"] = "home" if "home" in match["at"] else "away"
        rest = t[:match.start()] + " " + t[match.end():]
        return _single("record", "team", _clean(rest), args)
    if intent == "needs" and match is not None and match.group("who"):
        return _single("needs", "team", _clean(match["who"]), {})
    if intent:
        assert match is not None
        rest = t[:match.start()] + " " + t[match.end():]
    else:
        rest = t
    if intent == "streak":
        rest, kind = _take(rest, KINDS)
        if kind:
            args["kind"] = kind
    if intent == "record":
        word = match.group(1) if match else ""
        if word.startswith(("home", "away")):
            args["kind"] = word.split()[0]
        elif word == "ties":
            args["kind"] = "ties"
    if intent in ("form", None) and (n := re.search(r"\b(?:last )?(\d{1,2})\b", rest)):
        args["n"] = n[1]
        rest = rest.replace(n[1], " ")
    rest = _clean(rest)
    if intent in PAIR_INTENTS or (intent is None and _VERSUS.search(f" {rest} ")):
        pair = split_pair(rest, names)
        if pair is None:
            return None
        if intent in ("facts", None) and is_domestic_cup(competition):
            intent = "h2h"      # "Liverpool v Everton in the FA Cup": their cup meetings
        return Interpreted(intent or "facts", {"team": pair[0], "opponent": pair[1], **args})
    if intent is None:
        return _single("form", "team", rest, args) if rest and names and _is_club(rest, names) \
            else None
    if intent == "honours":
        return Interpreted("honours", {"team": rest, **args} if rest else args)
    if intent == "fixtures":
        return Interpreted("fixtures", {"team": rest, **args} if rest else args)
    key = {"streak": "subject", "player": "player"}.get(intent, "team")
    return _single(intent, key, rest, args)


def _single(command: str, key: str, rest: str, args: dict[str, str]) -> Interpreted | None:
    return Interpreted(command, {key: rest, **args}) if rest else None


def _is_club(text: str, names: NameIndex) -> bool:
    try:
        names.resolve(text, ("club",))
    except UserError:
        return False
    return True


NAMED = {"club": ("club",), "player": ("player",), "subject": ("club", "player")}


def names_resolve(spec: CommandSpec, args: dict[str, str], names: NameIndex) -> bool:
    """Whether every club or player the command's text names is one we know: when not
    ("last time Liverpool beat Real Madrid" read as `last` of a club called "time
    Liverpool beat"), the text is read again as a question in plain words."""
    for p in spec.params:
        kinds = NAMED.get(p.type)
        if kinds and args.get(p.name):
            try:
                names.resolve(args[p.name], kinds)
            except UserError:
                return False
    return True


def split_pair(text: str, names: NameIndex | None) -> tuple[str, str] | None:
    """'liverpool v real madrid' or 'liverpool real madrid' → the two club names."""
    parts = _VERSUS.split(f" {text} ", maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[0].strip(), parts[1].strip()
    words = text.split()
    if names is None or not names.entities:
        return None
    for i in range(1, len(words)):
        left, right = " ".join(words[:i]), " ".join(words[i:])
        if _is_club(left, names) and _is_club(right, names):
            return left, right
    return None


# a word of an unmatched question → the command it most likely wanted
HINTS = (("compare", r"compar|better"), ("biggest", r"biggest|heaviest|highest|thrash"),
         ("scorers", r"scor|goal"), ("honours", r"\bwon\b|winner|final|title|trophy|holder"),
         ("last", r"\blast\b|\bbeat|\bwhen\b"), ("streak", r"streak|\brun\b|in a row"),
         ("fixtures", r"fixture|\bnext\b"), ("form", r"\bform\b|result"),
         ("h2h", r"\bv\b|\bvs\b|against|head"))
PLAIN = {"scorers": "who has scored most for Liverpool", "compare": "compare Salah and Mané",
         "last": "when did Liverpool last beat Real Madrid",
         "biggest": "biggest win in Champions League history",
         "honours": "who won the champions league in 2005", "streak": "Salah's CL streak",
         "h2h": "head to head Liverpool Real Madrid", "form": "Liverpool's last 5 results"}
GENERAL = ("Liverpool v Real Madrid facts", "Salah's CL streak",
           "who has scored most for Liverpool", "when did Liverpool last beat Real Madrid",
           "who won the champions league in 2005", "compare Salah and Mané")


def nearest(text: str, commands: tuple[CommandSpec, ...]) -> CommandSpec | None:
    """The command an unmatched question most likely meant: its first word misspelt
    ("scorres"), else a telling word in it ("goals", "beat", "final")."""
    by_name = {c.full_name: c for c in commands if not c.admin}
    first = text.split()[0].lower() if text.split() else ""
    if hit := process.extractOne(first, list(by_name), scorer=fuzz.ratio, score_cutoff=75):
        return by_name[hit[0]]
    lowered = text.lower()
    return next((by_name[name] for name, pattern in HINTS
                 if name in by_name and re.search(pattern, lowered)), None)


def not_understood(text: str, commands: tuple[CommandSpec, ...] = ()) -> UserError:
    """No form fits: say so, and point at the nearest command with examples to copy."""
    head = f"I couldn't match “{text.strip()}” to a question I can answer."
    spec = nearest(text, commands)
    if spec is None:
        return UserError(
            f"{head} I can do head-to-heads, match-facts previews, streaks (club or player), "
            "tie records by first-leg result, home and away records, titles and finals, "
            "season winners, top scorers, last wins, biggest wins, two players compared, "
            "form, fixtures and player goals. For example:", suggestions=GENERAL,
            data={"nearest": None})
    plain = (PLAIN[spec.name],) if spec.name in PLAIN else ()
    return UserError(f"{head} The nearest command is `{spec.full_name}`: {spec.summary} "
                     "For example:", suggestions=(*plain, *spec.examples[:3]),
                     data={"nearest": spec.full_name})
