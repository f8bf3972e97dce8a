"""Charts as data, built by the families from the very rows their answers count.

No drawing here (that is `adapters/charts.py`): only what each mark means — outcome, height,
its words — and alt text that states the same facts as the picture, numbers first.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.reply import Chart, Mark, Series
from bot.text import day, number, plural, score
from storage.rows import Match

ALT_MATCHES = 30   # meetings listed one by one in alt text; a longer run is summarised


def _flag(m: Match) -> str:
    if m.round == "F":
        return "final"
    return "knockout" if m.stage == "knockout" else ""


def _gd(m: Match, club_id: int) -> int:
    return (m.goals_for(club_id) or 0) - (m.goals_against(club_id) or 0)


def _from_side(m: Match, club_id: int) -> str:
    """The score from the club's side, e.g. '1-3' for a 1-3 defeat away."""
    gf, ga = m.goals_for(club_id), m.goals_against(club_id)
    text = f"{gf}-{ga}" if m.aet_home is None else f"{gf}-{ga} aet"
    if m.pen_home is not None:
        pens = (m.pen_home, m.pen_away) if m.home_id == club_id else (m.pen_away, m.pen_home)
        text += f" ({pens[0]}-{pens[1]} p)"
    return text


def h2h_marks(matches: Sequence[Match], team_id: int, letters: Sequence[str]
              ) -> tuple[Mark, ...]:
    """The timeline's marks: per meeting its date, goal difference for `team_id`, outcome,
    the score from that side and whether it was a final or a knockout match."""
    return tuple(Mark(m.date, _gd(m, team_id), letters[i], _from_side(m, team_id), _flag(m))
                 for i, m in enumerate(matches))


def h2h_timeline(team: str, opp: str, matches: Sequence[Match], marks: Sequence[Mark],
                 labels: Sequence[str], record: tuple[int, int, int],
                 goals: tuple[int, int], caption: str) -> Chart:
    """Every meeting in order: colour W/D/L for `team`, goal difference as height.

    marks: `h2h_marks` of the matches; labels: their `stage_label`s; record: won, drawn,
    lost (derived once per list of meetings: see bot/families/h2h.py)."""
    won, drawn, lost = record
    finals = sum(1 for m in marks if m.flag == "final")
    alt = [f"Head-to-head timeline, {team} v {opp}: {number(len(matches))} meetings from "
           f"{day(matches[0].date)} to {day(matches[-1].date)}. {team} won {won}, drew "
           f"{drawn}, lost {lost}; goals {goals[0]}-{goals[1]}"
           + (f"; {number(finals)} final{'s' if finals != 1 else ''}" if finals else "") + "."]
    start = max(0, len(matches) - ALT_MATCHES)
    if start:
        alt.append(f"The last {len(matches) - start}:")
    alt += [f"{day(m.date)} {labels[i]}: {marks[i].outcome} {marks[i].text} ({m.home} "
            f"{score(m)} {m.away})." for i, m in enumerate(matches[start:], start)]
    return Chart("h2h_timeline", f"{team} v {opp}: every meeting",
                 (Series(team, tuple(marks)),), caption, " ".join(alt),
                 subtitle=f"Bar height: goal difference for {team}")


def form_strip(club: str, club_id: int, matches: Sequence[Match], letters: Sequence[str],
               phrase: str, caption: str) -> Chart:
    """The last N results, oldest left: W/D/L with the score from the club's side."""
    marks = []
    for i, m in enumerate(matches):
        opp = m.away if m.home_id == club_id else m.home
        where = "n" if m.neutral else "h" if m.home_id == club_id else "a"
        marks.append(Mark(f"{opp} ({where})", _gd(m, club_id), letters[i],
                          f"{_from_side(m, club_id)}|{m.date}", _flag(m)))
    won, drawn, lost = (letters.count(x) for x in "WDL")
    alt = (f"Form strip, {club}'s last {len(matches)} {phrase} matches, oldest first: won "
           f"{won}, drew {drawn}, lost {lost}. "
           + " ".join(f"{day(m.date)}: {mk.outcome} {mk.text.split('|')[0]} v {mk.label}."
                      for m, mk in zip(matches, marks, strict=True)))
    return Chart("form_strip", f"{club}: last {len(matches)} ({''.join(letters)})",
                 (Series(club, tuple(marks)),), caption, alt, subtitle=phrase)


def streak_bars(subject: str, rows: Sequence[tuple[str, int, str, int, str]], phrase: str,
                caption: str) -> Chart:
    """Each kind's current run against its record run in the same scope.

    rows: (kind words, current length, since when, record length, record span).
    """
    series = tuple(Series(kind, (Mark("Current", current, text=since, flag="current"),
                                 Mark("Record", record, text=span, flag="record")))
                   for kind, current, since, record, span in rows)
    alt = [f"Streak chart, {subject} ({phrase}): current run against the record run."]
    for kind, current, since, record, span in rows:
        alt.append(f"{kind}: current {current}" + (f" ({since})" if since else "")
                   + f"; record {record}" + (f" ({span})" if span else "") + ".")
    return Chart("streak", f"{subject}: current run v record", series, caption, " ".join(alt),
                 subtitle=phrase)


def preview_card(title: str, subtitle: str, home: str, away: str, record: tuple[int, int, int],
                 facts: Sequence[str], caption: str) -> Chart:
    """`facts A v B` as one card: the two clubs, the head-to-head record, the top facts."""
    w, d, lost = record
    marks = (Mark(f"{home} wins", w), Mark("Draws", d), Mark(f"{away} wins", lost))
    alt = (f"Match facts card, {home} v {away}" + (f", {subtitle}" if subtitle else "")
           + f". Head-to-head: {home} won {w}, drew {d}, lost {lost}. " + " ".join(facts))
    return Chart("preview_card", title, (Series("Head-to-head", marks),), caption, alt,
                 subtitle=subtitle, labels=tuple(facts))


def league_position(club: str, league: str, curve: Sequence[tuple[str, int, int]], size: int,
                    finished: bool, caption: str) -> Chart:
    """A club's place in one league season after each date, 1st at the top.

    curve: (date, position, points) from `storage.league_table.positions_by_date`, its last
    point the answer's own standing.
    """
    from bot.families.table import nth  # the tables' own "11th"; lazy: table imports us

    marks = tuple(Mark(d, pos, text=f"{nth(pos)} · {pts} pt{'s' if pts != 1 else ''}",
                       flag="last" if i == len(curve) - 1 else "")
                  for i, (d, pos, pts) in enumerate(curve))
    best = min(curve, key=lambda c: (c[1], c[0]))
    worst = max(curve, key=lambda c: (c[1], c[0]))
    end_date, end_pos, end_pts = curve[-1]
    state = "finished" if finished else f"after {day(end_date)}:"
    alt = [f"League position chart, {club} in the {league}: {state} {nth(end_pos)} of {size} "
           f"with {plural(end_pts, 'point')}; highest {nth(best[1])} (after {day(best[0])}), "
           f"lowest {nth(worst[1])} (after {day(worst[0])})."]
    listed = [f"{day(d)}: {mk.text}." for (d, _, _), mk in zip(curve, marks, strict=True)]
    if len(listed) > ALT_MATCHES:
        alt.append(f"The last {ALT_MATCHES}:")
    alt += listed[-ALT_MATCHES:]
    return Chart("league_position", f"{club}: {league}",
                 (Series(club, marks), Series("clubs", (Mark("clubs", size),))), caption,
                 " ".join(alt), subtitle=f"League position after each matchday · {size} clubs",
                 labels=tuple(nth(p) for p in range(1, size + 1)))   # the places' names


def finishing_positions(club: str, seasons: Sequence[tuple[int, int, int, int, str, bool]],
                        bands: Sequence[tuple[int, str, int]], summary: Sequence[str],
                        caption: str) -> Chart:
    """A club's finishing position by season, tiers stacked (a relegation is a drop).

    seasons: (start year, tier, position, clubs, league name, complete), oldest first;
    bands: (tier, name, places drawn for it), top tier first. A mark's value is its place
    counted from the top of the top band, so the tiers lie one under the other.
    """
    from bot.families.table import nth  # lazy: table imports us

    above, offset = 0, {}
    for tier, _, height in bands:
        offset[tier] = above
        above += height
    marks = tuple(Mark(f"{year}-{(year + 1) % 100:02d}", offset[tier] + pos,
                       outcome="W" if pos == 1 and done else "",
                       text=f"{nth(pos)} of {size}, {league}" + ("" if done else " (so far)"),
                       flag="" if done else "in progress")
                  for year, tier, pos, size, league, done in seasons)
    listed = [f"{m.label}: {m.text}." for m in marks]
    alt = [f"Finishing positions chart, {club}, top tier at the top:", *summary]
    if len(listed) > ALT_MATCHES:
        alt.append(f"The last {ALT_MATCHES} seasons:")
    alt += listed[-ALT_MATCHES:]
    return Chart("finishing_positions", f"{club}: league finishing positions",
                 (Series(club, marks),
                  Series("tiers", tuple(Mark(name, height, text=str(tier))
                                        for tier, name, height in bands))),
                 caption, " ".join(alt),
                 subtitle=f"{plural(len(marks), 'season')}, "
                          f"{marks[0].label} to {marks[-1].label} · gold: champions")
