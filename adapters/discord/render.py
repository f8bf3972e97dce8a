"""Reply → Discord embeds, always within Discord's limits: long replies page, never fail.

Limits (Discord rejects anything over them): 256 title, 4096 description, 25 fields,
256 field name, 1024 field value, 2048 footer, 6000 characters across a message's embeds,
10 embeds per message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.reply import Reply, table_lines

TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER = 256, 4096, 25, 256, 1024, 2048
FOOTER_USED = 1024  # so a full title + description + footer stay under 6000
MESSAGE_TOTAL, EMBEDS_PER_MESSAGE = 6000, 10
COLOURS = {"answer": 0x2E7D32, "user_error": 0xF9A825, "internal_error": 0xC62828}
MORE = " (continued)"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chunks(text: str, limit: int) -> list[str]:
    """Split text at line breaks (or hard, for one very long line) into pieces ≤ limit."""
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                out.append(current)
                current = ""
            out.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        out.append(current)
    return out


def code_blocks(lines: list[str], limit: int) -> list[str]:
    """Monospace table lines in ``` blocks, each block whole and ≤ limit."""
    fence = 8  # "```\n" + "\n```"
    return [f"```\n{body}\n```" for body in chunks("\n".join(lines), limit - fence)]


@dataclass
class _Embed:
    title: str
    description: list[str] = field(default_factory=list)
    fields: list[tuple[str, str, bool]] = field(default_factory=list)
    footer: str = ""

    def size(self) -> int:
        return (len(self.title) + len("\n".join(self.description)) + len(self.footer)
                + sum(len(n) + len(v) for n, v, _ in self.fields))

    def to_dict(self, colour: int) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "rich", "title": self.title, "color": colour}
        if self.description:
            out["description"] = "\n".join(self.description)
        if self.fields:
            out["fields"] = [{"name": n, "value": v, "inline": i} for n, v, i in self.fields]
        if self.footer:
            out["footer"] = {"text": self.footer}
        return out


def _blocks(reply: Reply) -> list[str]:
    """The description, as pieces that each fit in one description."""
    text = "\n".join(reply.lines)
    out = chunks(text, DESCRIPTION) if text.strip() else []
    if reply.table:
        out += code_blocks(table_lines(reply.table), DESCRIPTION)
    return out


def _fields(reply: Reply) -> list[tuple[str, str, bool]]:
    out: list[tuple[str, str, bool]] = []
    items = [(s.heading, "\n".join(f"• {line}" for line in s.lines), False)
             for s in reply.sections]
    items += [(f.name, f.value, f.inline) for f in reply.fields]
    if reply.suggestions:
        items.append(("Did you mean", "\n".join(reply.suggestions), False))
    for name, value, inline in items:
        name = clip(name.strip() or "\u200b", FIELD_NAME)
        for i, part in enumerate(chunks(value, FIELD_VALUE) or ["\u200b"]):
            out.append((name if i == 0 else clip(name + MORE, FIELD_NAME), part, inline))
    return out


def embeds(reply: Reply) -> list[dict[str, Any]]:
    """Every embed the reply needs, each within the per-embed limits."""
    title = clip(reply.title.strip() or "matchfacts", TITLE)
    footer = clip(reply.footnote, FOOTER_USED)
    budget = MESSAGE_TOTAL - len(footer) - 1
    pages = [_Embed(title)]
    for block in _blocks(reply):
        page = pages[-1]
        used = len("\n".join(page.description))
        full = used + len(block) + 1 > DESCRIPTION or page.size() + len(block) + 1 > budget
        if page.fields or full:
            page = _Embed(clip(title + MORE, TITLE))
            pages.append(page)
        page.description.append(block)
    for item in _fields(reply):
        page = pages[-1]
        if len(page.fields) >= FIELDS or page.size() + len(item[0]) + len(item[1]) > budget:
            page = _Embed(clip(title + MORE, TITLE))
            pages.append(page)
        page.fields.append(item)
    pages[-1].footer = footer
    colour = COLOURS.get(reply.kind, COLOURS["answer"])
    return [p.to_dict(colour) for p in pages]


def size(embed: dict[str, Any]) -> int:
    return (len(embed.get("title", "")) + len(embed.get("description", ""))
            + len(embed.get("footer", {}).get("text", ""))
            + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", [])))


def messages(reply: Reply) -> list[list[dict[str, Any]]]:
    """Embeds grouped into messages: ≤ 10 embeds and ≤ 6000 characters per message."""
    out: list[list[dict[str, Any]]] = []
    total = MESSAGE_TOTAL + 1
    for embed in embeds(reply):
        n = size(embed)
        if not out or total + n > MESSAGE_TOTAL or len(out[-1]) >= EMBEDS_PER_MESSAGE:
            out.append([])
            total = 0
        out[-1].append(embed)
        total += n
    return out


ALT_TEXT = 1024   # an attachment's description (alt text)


def show_image(pages: list[list[dict[str, Any]]], filename: str) -> None:
    """Point the first embed's image at the attached file (`attachment://…`)."""
    pages[0][0]["image"] = {"url": f"attachment://{filename}"}
