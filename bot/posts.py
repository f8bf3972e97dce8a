"""What a scheduled post says: the preview (the `facts` answer plus team news) and the result.

The facts come from the core's own commands (one call, in `match_facts`), so a preview says
exactly what `facts Home v Away` would have said the day before the match.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.chart_choice import wants_chart
from bot.commands import Command
from bot.core import Core
from bot.reply import Chart, Reply, Section
from bot.text import fixture_line, stage_label
from storage.rows import Match

POST_KEY = "post_key"   # reply.data key carrying the ledger key (an idempotency nonce)
MENTION = "mention"     # reply.data key: who the post mentions ("here", "role:ID", "group:ID")


def local_kickoff(kickoff_utc: str, tz: str) -> str:
    """E.g. 'Sun 29 Mar 2026, 20:00 BST' — the channel's own clock, DST included."""
    local = datetime.fromisoformat(kickoff_utc).astimezone(ZoneInfo(tz))
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname()}"


async def match_facts(core: Core, m: Match) -> tuple[tuple[Section, ...], Chart | None]:
    """The facts the preview carries: the `facts` command as of the match day (else h2h+tie),
    and its preview card."""
    as_of = date.fromisoformat(m.date)
    args = {"team": m.home, "opponent": m.away}
    names = ("facts",) if core.spec("facts") else ("h2h", "tie")
    sections: list[Section] = []
    card: Chart | None = None
    for name in names:
        reply = await core.dispatch(Command(name, args, as_of=as_of))
        if reply.is_error:
            continue
        if reply.chart is not None and reply.chart.kind == "preview_card":
            card = reply.chart
        if reply.sections:
            sections += reply.sections
        lines = tuple(x for x in reply.lines if x)
        if lines:
            sections.append(Section(reply.title, lines))
    return tuple(sections), card


async def team_news(core: Core, m: Match) -> Section | None:
    rows = await core.store.team_news_rows(m.id)
    if not rows:
        return None
    lines = tuple(f"{r[0]}: {r[1]} {r[2]}" + (f" ({r[3]})" if r[3] else "") for r in rows)
    return Section("Team news", lines)


async def preview_reply(core: Core, m: Match, tz: str, lead_minutes: int, key: str) -> Reply:
    assert m.kickoff_utc is not None
    facts, card = await match_facts(core, m)
    sections = list(facts)
    platform, channel = key.split("/")[:2]
    if card is not None and not wants_chart(None, await core.chart_default(platform, channel)):
        card = None   # the channel does not take attachments
    if news := await team_news(core, m):
        sections.append(news)
    return Reply(
        title=f"{m.home} v {m.away} — {stage_label(m)}",
        lines=(f"Kick-off: {local_kickoff(m.kickoff_utc, tz)}" + (f", {m.venue}" if m.venue
                                                                   else "") + ".",),
        sections=tuple(sections),
        footnote=f"Preview {_lead_text(lead_minutes)} before kick-off · times in {tz}",
        chart=card,
        data={POST_KEY: key, "kind": "preview", "match_id": m.id, "kickoff_utc": m.kickoff_utc,
              "timezone": tz},
    )


async def result_reply(core: Core, m: Match, key: str, correction: bool = False) -> Reply:
    """Score, scorers, and the tie as it now stands (the facts the result changed); as a
    correction, the same under a title that says the earlier result post was wrong."""
    goals = await core.store.goals([m.id])
    lines = []
    for club_id, club in ((m.home_id, m.home), (m.away_id, m.away)):
        mine = [g for g in goals if g.team_id == club_id]
        if mine:
            lines.append(f"{club}: " + ", ".join(
                f"{g.player} {g.minute}" + (f"+{g.stoppage}" if g.stoppage else "")
                + (" (pen)" if g.penalty else "") + (" (og)" if g.own_goal else "")
                for g in mine))
    sections: list[Section] = []
    if m.leg in ("1", "2"):
        after = date.fromisoformat(m.date) + timedelta(days=1)
        tie = await core.dispatch(Command("tie", {"team": m.home, "opponent": m.away},
                                          as_of=after))
        if not tie.is_error:
            body = [x for x in tie.lines if x] + [f.value for f in tie.fields
                                                  if f.name != "Rules"]
            sections.append(Section("The tie", tuple(body)))
    title = (f"Correction: {fixture_line(m)}" if correction
             else f"Full time: {fixture_line(m)}")
    first = stage_label(m) + "." + (" The score posted earlier was corrected." if correction
                                    else "")
    return Reply(title=title, lines=(first, *lines), sections=tuple(sections),
                 data={POST_KEY: key, "kind": "correction" if correction else "result",
                       "match_id": m.id})


def _lead_text(minutes: int) -> str:
    if minutes % 1440 == 0:
        return f"{minutes // 1440 * 24} h"
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"


def with_key(reply: Reply, key: str) -> Reply:
    return replace(reply, data={**reply.data, POST_KEY: key})


def with_mention(reply: Reply, mention: str | None) -> Reply:
    """The post with the channel's match-day mention (`admin settings mention:`) attached as
    data; each adapter turns it into its own markup (Discord role ping, Slack @here/group)."""
    if not mention:
        return reply
    return replace(reply, data={**reply.data, MENTION: mention})


def mention_parts(reply: Reply) -> tuple[str, str] | None:
    """(kind, id) of the post's mention: ("here", ""), ("role", ID) or ("group", ID)."""
    value = str((reply.data or {}).get(MENTION) or "")
    if not value:
        return None
    kind, _, ref = value.partition(":")
    return kind, ref
