"""Reply → Slack Block Kit plus a plain `text` fallback, always within Slack's limits.

Slack rejects a whole message (`invalid_blocks`) when one block breaks a limit, so every
piece is cut here, at line or row boundaries, before it leaves the adapter.
"""

from __future__ import annotations

from typing import Any

from bot.posts import mention_parts
from bot.reply import Reply, Table, table_lines

MAX_BLOCKS = 50
MAX_SECTION = 3000      # characters in a section's text
MAX_FIELDS = 10         # fields in one section
MAX_FIELD = 2000        # characters in one field
MAX_HEADER = 150        # characters in a header's plain_text
MAX_FALLBACK = 3900     # Slack advises keeping the top-level text under 4000
FENCE = "```"

Block = dict[str, Any]


def escape(text: str) -> str:
    """Slack's three control characters; everything else in mrkdwn is left as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Slash-command text arrives HTML-escaped; the core wants what the user typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message(reply: Reply) -> dict[str, Any]:
    """The keyword arguments for `respond()` / `chat.postMessage`: blocks, text, response_type."""
    return {"blocks": blocks(reply), "text": fallback(reply),
            "response_type": "in_channel" if reply.public else "ephemeral"}


def fallback(reply: Reply) -> str:
    return clip(escape(reply.plain_text()), MAX_FALLBACK)


def blocks(reply: Reply) -> list[Block]:
    out: list[Block] = []
    if reply.is_error:
        out += _sections([":warning: " + escape(reply.title)])
    else:
        out.append({"type": "header",
                    "text": {"type": "plain_text", "text": clip(reply.title, MAX_HEADER),
                             "emoji": True}})
    if reply.lines:
        out += _sections([escape(line) for line in reply.lines])
    for section in reply.sections:
        out += _sections([f"*{escape(section.heading)}*",
                          *(f"• {escape(line)}" for line in section.lines)])
    if reply.fields:
        out += _fields(reply)
    if reply.table:
        out += _table(reply.table)
    if reply.suggestions:
        out += _sections(["Did you mean: " + ", ".join(f"`{escape(s)}`"
                                                       for s in reply.suggestions) + "?"])
    footer = [{"type": "mrkdwn", "text": clip(escape(reply.footnote), MAX_SECTION)}] \
        if reply.footnote else []
    if len(out) + bool(footer) > MAX_BLOCKS:
        shown = MAX_BLOCKS - 1 - bool(footer)
        out = out[:shown] + [_context("… cut to fit Slack; the full answer is in the "
                                      "message text or on the console.")]
    if footer:
        out.append({"type": "context", "elements": footer})
    return out


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _sections(lines: list[str]) -> list[Block]:
    """Lines joined into as few sections as fit; an overlong single line is clipped."""
    return [_section(chunk) for chunk in _pack(lines, MAX_SECTION)]


def _pack(lines: list[str], limit: int, overhead: int = 0) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = overhead
    for line in (clip(x, limit - overhead) for x in lines):
        if current and size + 1 + len(line) > limit:
            chunks.append("\n".join(current))
            current, size = [], overhead
        size += len(line) + (1 if current else 0)
        current.append(line)
    if current:
        chunks.append("\n".join(current))
    return chunks


def _fields(reply: Reply) -> list[Block]:
    items = [{"type": "mrkdwn",
              "text": clip(f"*{escape(f.name)}*\n{escape(f.value)}", MAX_FIELD)}
             for f in reply.fields]
    return [{"type": "section", "fields": items[i:i + MAX_FIELDS]}
            for i in range(0, len(items), MAX_FIELDS)]


def _table(table: Table) -> list[Block]:
    """A monospace table in code sections; each piece repeats the header row."""
    head, *rows = (escape(line) for line in table_lines(table))
    overhead = 2 * len(FENCE) + 2 + len(head) + 1
    pieces = _pack(rows, MAX_SECTION, overhead) if rows else [""]
    return [_section(f"{FENCE}\n{head}" + (f"\n{piece}" if piece else "") + f"\n{FENCE}")
            for piece in pieces]


def mention_markup(reply: Reply) -> str:
    """A scheduled post's match-day mention in Slack markup ('' for none, or a Discord role)."""
    parts = mention_parts(reply)
    if parts is None:
        return ""
    kind, ref = parts
    if kind == "here":
        return "<!here>"
    if kind == "group" and ref:
        return f"<!subteam^{ref}>"
    return ""
