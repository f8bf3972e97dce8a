"""Team and player streaks: the current run, since when, its goals, and the longest on record."""

from __future__ import annotations

from dataclasses import dataclass

from bot.chartdata import streak_bars
from bot.commands import AS_OF, CHART, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.common import (
    VENUE_PARAM,
    Scoped,
    result_phrase,
    scoped,
    when,
)
from bot.families.h2h import SCOPE_PARAMS
from bot.names import Named
from bot.reply import Reply
from bot.text import data_span, day, footnote, match_data, number, plural
from storage.rows import Match

# kind → (test on goals for/against, sentence verb for a run of n, word for a broken run)
TEAM_KINDS: dict[str, tuple[str, str]] = {
    "scoring": ("have scored in each of their last {n}", "did not score"),
    "unbeaten": ("are unbeaten in their last {n}", "lost"),
    "winning": ("have won each of their last {n}", "did not win"),
    "winless": ("have not won in their last {n}", "won"),
    "losing": ("have lost each of their last {n}", "did not lose"),
    "clean": ("have kept a clean sheet in each of their last {n}", "conceded"),
}
KIND_SYNONYMS = {"goals": "scoring", "scored": "scoring", "unbeaten": "unbeaten",
                 "wins": "winning", "won": "winning", "win": "winning", "winless": "winless",
                 "without a win": "winless", "no win": "winless", "defeats": "losing",
                 "lost": "losing", "losses": "losing", "clean sheets": "clean",
                 "clean sheet": "clean", "cleansheets": "clean", "assist": "assists"}
PLAYER_KINDS = ("scoring", "assists")


def kind_key(value: str | None) -> str | None:
    if not value:
        return None
    key = " ".join(value.lower().replace("_", " ").split())
    key = KIND_SYNONYMS.get(key, key)
    if key not in TEAM_KINDS and key not in PLAYER_KINDS:
        raise UserError(f"Unknown streak kind “{value}”. Use one of: "
                        + ", ".join([*TEAM_KINDS, "assists"]) + ".")
    return key


@dataclass(frozen=True, slots=True)
class TeamRun:
    kind: str
    club: str
    matches: list[Match]        # the club's timeline in scope
    current: int
    longest: tuple[int, int] | None
    goals: int                  # scored in the current run

    @property
    def run(self) -> list[Match]:
        return self.matches[len(self.matches) - self.current:] if self.current else []

    @property
    def breaker(self) -> Match | None:
        """The match that ended the previous run (just before the current one)."""
        i = len(self.matches) - self.current - 1
        return self.matches[i] if i >= 0 else None


async def team_runs(ctx: Context, club: Named, sc: Scoped) -> dict[str, TeamRun]:
    """Every kind's runs of a club in a scope, derived once until the club's matches change (a
    preview asks for them from several facts; a streak question for one kind gets all six)."""
    s = sc.scope
    key = ("team_runs", club.id, s.competitions, s.stages, s.since_year, ctx.before, sc.venue)
    return await ctx.store.derived([("club", club.id)], key, lambda: _team_runs(ctx, club, sc))


async def _team_runs(ctx: Context, club: Named, sc: Scoped) -> dict[str, TeamRun]:
    s = sc.scope
    timeline = await ctx.store.timeline(club.id, s.competitions, s.stages, s.since_year,
                                        ctx.before)
    timeline = [m for m in timeline if sc.keep(m, club.id) and m.home_goals is not None]
    # goals for and against once per match (not once per kind): a league timeline is
    # thousands of matches, and this runs for six kinds
    gf = [(m.aet_home if m.aet_home is not None else m.ft_home) or 0 if m.home_id == club.id
          else (m.aet_away if m.aet_away is not None else m.ft_away) or 0 for m in timeline]
    ga = [(m.aet_away if m.aet_away is not None else m.ft_away) or 0 if m.home_id == club.id
          else (m.aet_home if m.aet_home is not None else m.ft_home) or 0 for m in timeline]
    out = {}
    for kind, flags in kind_flags(gf, ga).items():
        current, longest = current_and_longest_of(flags)
        goals = sum(gf[len(gf) - current:]) if current else 0
        out[kind] = TeamRun(kind, club.name, timeline, current, longest, goals)
    return out


def kind_flags(gf: list[int], ga: list[int]) -> dict[str, list[bool]]:
    """Each kind's test on every match (goals for, against), one pass per kind."""
    pairs = list(zip(gf, ga, strict=True))
    return {"scoring": [f > 0 for f in gf], "unbeaten": [f >= a for f, a in pairs],
            "winning": [f > a for f, a in pairs], "winless": [f <= a for f, a in pairs],
            "losing": [f < a for f, a in pairs], "clean": [a == 0 for a in ga]}


def current_and_longest_of(flags: list[bool]) -> tuple[int, tuple[int, int] | None]:
    """common.current_and_longest, walking only the breaks: the run ending at the latest
    match, and the longest run (start, length), the later one of equals."""
    n = len(flags)
    edges = [-1, *[i for i, ok in enumerate(flags) if not ok], n]
    runs = [(b - a - 1, a + 1) for a, b in zip(edges, edges[1:], strict=False)
            if b - a > 1]
    if not runs:
        return 0, None
    length, start = max(runs)
    return n - edges[-2] - 1, (start, length)


def team_sentence(r: TeamRun, club_id: int, phrase: str) -> str:
    """'X have scored in each of their last 7 Champions League knockout matches (15 goals)
    since a 0-0 draw with Y (2015-16 semi-final, first leg, 26 Apr 2016).'"""
    verb, broken = TEAM_KINDS[r.kind]
    if not r.matches:
        return f"{r.club} have no {phrase} matches in our data."
    if r.current == 0:
        last = r.matches[-1]
        return f"{r.club} {broken} in their last {phrase} match: {result_phrase(last, club_id)} " \
               f"({when(last)})."
    n = r.current
    run = verb.format(n=number(n))
    if n == 1:
        run = run.replace("each of ", "").replace(" last one", " last")
    text = f"{r.club} {run} {phrase} {'match' if n == 1 else 'matches'}"
    if r.kind in ("scoring", "unbeaten", "winning"):
        text += f" ({plural(r.goals, 'goal')})"
    if r.breaker is not None:   # one match is not a run 'since' the one before it
        text += (f", {'after' if n == 1 else 'since'} {result_phrase(r.breaker, club_id)} "
                 f"({when(r.breaker)})")
    else:
        whole = {1: "their only one", 2: "the only two"}.get(n, "every one")
        text += f", {whole} {span_of(r)}"
    return text + "."


def chart_row(r: TeamRun) -> tuple[str, int, str, int, str]:
    """(kind, current, since when, record, record span) for the streak chart."""
    since = (f"since {day(r.breaker.date)}" if r.breaker is not None
             else "every match on record") if r.current else ""
    record, span = 0, ""
    if r.longest:
        start, record = r.longest
        span = f"{day(r.matches[start].date)} to {day(r.matches[start + record - 1].date)}"
    return r.kind, r.current, since, record, span


def span_of(r: TeamRun) -> str:
    """'on record', or 'in our data, since 2020-21' when the club's matches in scope cover
    few seasons: a record is claimed only over the span the data covers."""
    return data_span(r.matches[0].season, r.matches[-1].season) if r.matches else "on record"


def longest_sentence(r: TeamRun) -> str:
    if not r.longest:
        return ""
    start, length = r.longest
    if r.current == length and start + length == len(r.matches):
        return f"It is their longest such run {span_of(r)} ({number(length)})."
    first, last = r.matches[start], r.matches[start + length - 1]
    return (f"Their longest: {number(length)}, from {day(first.date)} to {day(last.date)}.")


async def streak(ctx: Context, cmd: Command) -> Reply:
    """Streaks of a club (scoring, unbeaten, winning, winless, losing, clean) or a player.

    Shows the current run, since when, the goals in it and the longest on record. A player's
    streak counts his appearances; without appearance data it counts his club's matches
    and says so. Filters: kind, competition, stage, since, venue, as_of.
    """
    subject = ctx.subject(cmd.args["subject"])
    kind = kind_key(cmd.args.get("kind"))
    sc = scoped(cmd.args, countries=(getattr(subject, "country", None),))
    if subject.kind == "player":
        from bot.families.players import player_streak
        return await player_streak(ctx, subject, kind or "scoring", sc)
    if kind == "assists":
        raise UserError("Assist streaks are for players; name a player.")
    runs = await team_runs(ctx, subject, sc)
    kinds = [kind] if kind else [k for k in TEAM_KINDS if runs[k].current] or ["unbeaten"]
    lines = []
    for k in kinds:
        lines.append(team_sentence(runs[k], subject.id, sc.phrase))
        if kind:
            lines.append(longest_sentence(runs[k]))
    first = runs[kinds[0]]
    note = footnote(sc.scope, ctx.today, "extra-time goals count; shoot-outs are draws")
    return Reply(
        title=f"{subject.name}: {kind or 'current'} streak{'' if kind else 's'}",
        lines=tuple(x for x in lines if x),
        footnote=note,
        chart=streak_bars(subject.name, [chart_row(runs[k]) for k in kinds], sc.phrase, note)
        if first.matches else None,
        data={
            "club": subject.name, "scope": sc.scope.describe(),
            "streaks": {k: {"current": runs[k].current, "goals": runs[k].goals,
                            "longest": runs[k].longest[1] if runs[k].longest else 0,
                            "since": match_data(runs[k].breaker) if runs[k].breaker else None,
                            "matches": [match_data(m) for m in runs[k].run]}
                        for k in kinds},
            "counted": len(first.matches),
        },
    )


COMMANDS = (
    CommandSpec(
        "streak", streak,
        params=(Param("subject", "subject", "A club or a player (default: the server's club)",
                      required=True, positional=True, club_default=True),
                Param("kind", "choice", "scoring, unbeaten, winning, winless, losing, clean "
                      "or (players) assists",
                      choices=(*TEAM_KINDS, "assists")),
                *SCOPE_PARAMS, VENUE_PARAM, AS_OF, CHART),
        layout="single",
        examples=("streak Liverpool kind:unbeaten competition:cl",
                  "streak Real Madrid kind:scoring stage:knockout", "streak Salah competition:cl"),
    ),
)
