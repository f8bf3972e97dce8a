"""Head-to-head: every meeting of two clubs, their record, and the shape of the run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.chartdata import h2h_marks, h2h_timeline
from bot.commands import AS_OF, CHART, Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families.league_facts import ground_of, ground_sentence
from bot.families.listing import pick, with_parts
from bot.names import Named
from bot.reply import Mark, Reply, Table
from bot.scope import ALL_STAGES, CATALOG, COMPETITION_WORDS, Catalog, Scope, make_scope
from bot.text import (
    day,
    fixture_line,
    footnote,
    labels_key,
    month,
    number,
    ordinal,
    plural,
    result_letter,
    stage_label,
    times,
    where,
)
from storage.rows import Match

VERBS = {"W": ("won", "winning"), "D": ("drawn", "drawing"), "L": ("lost", "losing")}
COMPETITION_PARAM = Param("competition", "competition",
                          f"{COMPETITION_WORDS}; default: europe")
SCOPE_PARAMS = (
    COMPETITION_PARAM,
    Param("stage", "choice", "all, main, knockout, group or qualifying",
          choices=("all", "main", "knockout", "group", "qualifying")),
    Param("since", "text", "First season counted, e.g. 2000 or 2000-01"),
)


def scope_from(args: Mapping[str, str], default_competition: str = "europe",
               default_stages: tuple[str, ...] = ALL_STAGES,
               countries: tuple[str | None, ...] = ()) -> Scope:
    """The scope a command's competition/stage/since options ask for."""
    return make_scope(args.get("competition"), args.get("stage"), args.get("since"),
                      default_competition, default_stages, countries)


async def h2h(ctx: Context, cmd: Command) -> Reply:
    """Head-to-head record of two clubs: every meeting, W-D-L, goals and the shape of the run.

    Filters (the options below): competition, stage, since, venue (home, away or neutral,
    from the first club's side), as_of.
    """
    team, opp = ctx.club(cmd.args["team"]), ctx.club(cmd.args["opponent"])
    if team.id == opp.id:
        raise UserError("Name two different clubs.")
    scope = scope_from(cmd.args, countries=(team.country, opp.country))
    venue = cmd.args.get("venue")
    if venue and venue not in ("home", "away", "neutral"):
        raise UserError(f"venue must be home, away or neutral, not “{venue}”.")
    catalog = CATALOG.get()
    matches, records, parts = await with_parts(
        ctx, [("club", team.id), ("club", opp.id)],
        ("meetings", team.id, opp.id, scope.competitions, scope.stages, scope.since_year,
         ctx.before, labels_key(catalog)),
        lambda: ctx.store.meetings(team.id, opp.id, scope.competitions, scope.stages,
                                   scope.since_year, ctx.before), list,
        lambda found: Meetings.of(found, team.id, catalog))
    if venue:
        chosen = [i for i, v in enumerate(parts.venues) if v == venue]
        matches, parts = [matches[i] for i in chosen], parts.subset(chosen)
    note = f"{team.name} {venue} only" if venue else ""
    if not matches:
        return Reply(
            title=f"{team.name} v {opp.name}",
            lines=(f"{team.name} and {opp.name} have never met in {scope.label}"
                   + (f" ({note})" if note else "") + ".",),
            footnote=footnote(scope, ctx.today, note),
            data={"team": team.name, "opponent": opp.name, "matches": []},
        )
    letters = parts.letters
    won, drawn, lost, gf, ga = parts.tally
    last = matches[-1]
    lines = [
        f"Played {len(matches)}: {team.name} won {won}, drew {drawn}, lost {lost}; "
        f"goals {gf}-{ga}.",
        shape_in_words(team.name, opp.name, letters),
        f"Last meeting: {parts.rows[-1][2]} ({parts.labels[-1]}, {day(last.date)}).",
    ]
    if scope.is_domestic and not venue:   # the record at each ground
        for visitor, home in ((opp, team), (team, opp)):
            text = ground_sentence(visitor, home, await ground_of(ctx, home), matches, "")
            if text:
                lines.append(text)
    lines += await next_meeting_lines(ctx, team, opp)
    table = Table(("Date", "Round", "Match", team.name[:12]), parts.rows)
    note_text = footnote(scope, ctx.today, note)
    return Reply(
        title=f"{team.name} v {opp.name}: head-to-head",
        lines=tuple(lines),
        table=table,
        footnote=note_text,
        chart=h2h_timeline(team.name, opp.name, matches, parts.marks, parts.labels,
                           (won, drawn, lost), (gf, ga), note_text),
        data={
            "team": team.name, "opponent": opp.name,
            "record": {"played": len(matches), "won": won, "drawn": drawn, "lost": lost,
                       "goals_for": gf, "goals_against": ga},
            "shape": lines[1], "matches": pick(records, matches),
        },
    )


@dataclass(frozen=True, slots=True)
class Meetings:
    """Each meeting's words and numbers from the first club's side, in order: derived once
    with the list of meetings (storage/derived.py), shared by the answers: read-only."""

    letters: tuple[str, ...]                  # W, D or L (result_letter)
    goals: tuple[tuple[int, int], ...]        # for, against (incl. extra time)
    venues: tuple[str, ...]                   # home, away or neutral (where)
    labels: tuple[str, ...]                   # stage_label
    rows: tuple[tuple[str, str, str, str], ...]   # the table's: date, round, match, letter
    marks: tuple[Mark, ...]                   # the timeline chart's (h2h_marks)
    tally: tuple[int, int, int, int, int]     # won, drawn, lost, goals for, against

    @classmethod
    def of(cls, matches: list[Match], team_id: int, catalog: Catalog) -> Meetings:
        letters = tuple(result_letter(m, team_id) for m in matches)
        goals = tuple((m.goals_for(team_id) or 0, m.goals_against(team_id) or 0)
                      for m in matches)
        labels = tuple(stage_label(m, catalog) for m in matches)
        rows = tuple((m.date, labels[i], fixture_line(m), letters[i])
                     for i, m in enumerate(matches))
        return cls(letters, goals, tuple(where(m, team_id) for m in matches), labels, rows,
                   h2h_marks(matches, team_id, letters), _tally(letters, goals))

    def subset(self, chosen: list[int]) -> Meetings:
        """The parts of the meetings at these positions (a venue's)."""
        letters = tuple(self.letters[i] for i in chosen)
        goals = tuple(self.goals[i] for i in chosen)
        return Meetings(letters, goals, tuple(self.venues[i] for i in chosen),
                        tuple(self.labels[i] for i in chosen),
                        tuple(self.rows[i] for i in chosen),
                        tuple(self.marks[i] for i in chosen), _tally(letters, goals))


def _tally(letters: tuple[str, ...], goals: tuple[tuple[int, int], ...]
           ) -> tuple[int, int, int, int, int]:
    return (letters.count("W"), letters.count("D"), letters.count("L"),
            sum(g[0] for g in goals), sum(g[1] for g in goals))


def shape_in_words(team: str, opp: str, letters: Sequence[str]) -> str:
    """'After winning their first three meetings with X, T have lost each of their last four.'"""
    n = len(letters)
    first = _run_length(letters)
    last = _run_length(letters[::-1])
    if first == n:
        every = "both" if n == 2 else f"all {number(n)}"
        return (f"{team} have {VERBS[letters[0]][0]} {every} meetings with {opp}."
                if n > 1 else f"{team} have {VERBS[letters[0]][0]} their only meeting with {opp}.")
    last_text = (f"{VERBS[letters[-1]][0]} each of their last {number(last)}" if last > 1
                 else f"{VERBS[letters[-1]][0]} the last one")
    if first > 1 and letters[0] != letters[-1] and first + last <= n:
        return (f"After {VERBS[letters[0]][1]} their first {number(first)} meetings with "
                f"{opp}, {team} have {last_text}.")
    if last > 1:
        return f"{team} have {last_text} meetings with {opp}."
    unbeaten = _run_length(["ok" if x != "L" else "L" for x in letters[::-1]])
    if letters[-1] != "L" and unbeaten > 1:
        return f"{team} are unbeaten in their last {number(unbeaten)} meetings with {opp}."
    winless = _run_length(["no" if x != "W" else "W" for x in letters[::-1]])
    if letters[-1] != "W" and winless > 1:
        return f"{team} have not beaten {opp} in their last {number(winless)} meetings."
    return f"{team} have {last_text} of {plural(n, 'meeting')} with {opp}."


def _run_length(letters: Sequence[str]) -> int:
    count = 0
    for x in letters:
        if x != letters[0]:
            break
        count += 1
    return count


async def coming_meeting(ctx: Context, a: int, b: int) -> Match | None:
    """The first meeting on or after the command's day, played or scheduled. A meeting
    played long after an as-of day is not its coming match: nobody knew of it then."""
    fixture = await ctx.store.next_meeting(a, b, ctx.today.isoformat())
    if fixture is not None and fixture.status == "played" and \
            date.fromisoformat(fixture.date) > ctx.today + timedelta(days=COMING_DAYS):
        return None
    return fixture


async def next_meeting_lines(ctx: Context, team: Named, opp: Named) -> list[str]:
    """For a stored coming fixture: how often the visitors have played at this ground.

    As of a date the answer counts only the matches before it, so a meeting played on or
    after it was still to come: the next meeting is the first of those, or of the stored
    fixtures after it."""
    after = ctx.today.isoformat()
    if ctx.as_of is not None:
        fixture = await coming_meeting(ctx, team.id, opp.id)
    else:
        fixtures = await ctx.store.meetings(team.id, opp.id, status="scheduled")
        fixture = next((m for m in fixtures if m.date >= after), None)
    if fixture is None:
        return []
    lines = [f"Next meeting: {fixture.home} v {fixture.away}, {stage_label(fixture)}, "
             f"{day(fixture.date)}."]
    if fixture.neutral:
        return lines + ["It is at a neutral venue."]
    visits = await visits_to(ctx, fixture)
    ground = (await ctx.store.club(fixture.home_id)).ground or f"{fixture.home}'s ground"  # type: ignore[union-attr]
    if not visits:
        return lines + [f"{fixture.away} have never played at {ground} in our data."]
    if len(visits) <= FEW_VISITS:
        return lines + [visits_sentence(fixture.away, fixture.away_id, ground, visits)]
    letters = [result_letter(m, fixture.away_id) for m in visits]
    return lines + [
        f"{fixture.away} have played at {ground} {times(len(visits))} before: "
        f"won {letters.count('W')}, drew {letters.count('D')}, lost {letters.count('L')}."
    ]


FEW_VISITS = 5   # up to this many earlier visits, each one is told
COMING_DAYS = 60   # a meeting played this close after the as-of day is its coming match


def visits_sentence(away: str, away_id: int, ground: str, visits: list[Match]) -> str:
    """'This will be Liverpool's third visit to Anfield: they lost 3-1 in May 2018 and won
    2-0 in April 2021.' (the winner's goals first, as said aloud)."""
    n = len(visits) + 1
    head = f"This will be {away}'s {ordinal(n)} visit to {ground}"
    if not visits:
        return head + " in our data."
    said = []
    for m in visits:
        gf, ga = m.goals_for(away_id) or 0, m.goals_against(away_id) or 0
        verb = "won" if gf > ga else "lost" if gf < ga else "drew"
        said.append(f"{verb} {max(gf, ga)}-{min(gf, ga)} in {month(m.date)}")
    listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return f"{head}: they {listed}."


async def visits_to(ctx: Context, fixture: Match) -> list[Match]:
    """Earlier non-neutral matches of the visitors at the home club's ground."""
    earlier = await ctx.store.meetings(fixture.away_id, fixture.home_id, before=fixture.date)
    return [m for m in earlier if m.home_id == fixture.home_id and not m.neutral]


PAIR = (Param("team", "club", "A club (default: the server's club)", required=True,
              positional=True, club_default=True),
        Param("opponent", "club", "The other club", required=True, positional=True,
              club_default=True))

COMMANDS = (
    CommandSpec(
        "h2h", h2h,
        params=(*PAIR, *SCOPE_PARAMS,
                Param("venue", "choice", "home, away or neutral (from the first club's side)",
                      choices=("home", "away", "neutral")), AS_OF, CHART),
        layout="pair",
        examples=("h2h Liverpool v Real Madrid", "h2h Liverpool v Real Madrid competition:cl",
                  "h2h Liverpool v Real Madrid as_of:2021-04-01"),
    ),
)
