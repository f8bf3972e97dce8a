"""Discord's own limits, as the fake enforces them: each returns the problems it finds."""

from __future__ import annotations

import re
from typing import Any

NAME = re.compile(r"^[-_\w]{1,32}$")
EMBED_TOTAL, EMBED_FIELDS, EMBEDS_PER_MESSAGE = 6000, 25, 10
LIMITS = {"title": 256, "description": 4096, "field_name": 256, "field_value": 1024,
          "footer": 2048, "author": 256, "content": 2000}
MAX_CHOICES, MAX_OPTIONS, MAX_COMMANDS = 25, 25, 100
OPTION_TYPES = set(range(1, 12))


def embed_problems(embed: dict[str, Any]) -> list[str]:
    """One embed against Discord's per-embed limits."""
    out = []
    total = 0
    for key, limit_key in (("title", "title"), ("description", "description")):
        text = embed.get(key) or ""
        total += len(text)
        if len(text) > LIMITS[limit_key]:
            out.append(f"embed {key} longer than {LIMITS[limit_key]}")
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS:
        out.append(f"more than {EMBED_FIELDS} fields")
    for f in fields:
        name, value = f.get("name") or "", f.get("value") or ""
        if not name.strip() or not value.strip():
            out.append("embed field name and value must be non-empty")
        if len(name) > LIMITS["field_name"]:
            out.append(f"field name longer than {LIMITS['field_name']}")
        if len(value) > LIMITS["field_value"]:
            out.append(f"field value longer than {LIMITS['field_value']}")
        total += len(name) + len(value)
    footer = (embed.get("footer") or {}).get("text") or ""
    if len(footer) > LIMITS["footer"]:
        out.append(f"footer longer than {LIMITS['footer']}")
    total += len(footer) + len((embed.get("author") or {}).get("name") or "")
    embed["_chars"] = total
    return out


def message_problems(body: dict[str, Any]) -> list[str]:
    """A message body: content length, embed count and the 6000 characters across embeds."""
    out = []
    if len(body.get("content") or "") > LIMITS["content"]:
        out.append(f"content longer than {LIMITS['content']}")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_PER_MESSAGE:
        out.append(f"more than {EMBEDS_PER_MESSAGE} embeds")
    total = 0
    for e in embeds:
        out += embed_problems(e)
        total += e.pop("_chars", 0)
    if total > EMBED_TOTAL:
        out.append(f"embeds total {total} characters, more than {EMBED_TOTAL}")
    nonce = body.get("nonce")
    if nonce is not None and len(str(nonce)) > 25:
        out.append("nonce longer than 25 characters")
    if not (body.get("content") or embeds or body.get("attachments")):
        out.append("cannot send an empty message")
    return out


def command_problems(commands: list[dict[str, Any]]) -> list[str]:
    """A bulk-overwrite body: names, descriptions, option order and counts."""
    out = []
    if len(commands) > MAX_COMMANDS:
        out.append(f"more than {MAX_COMMANDS} commands")
    seen = set()
    for cmd in commands:
        name = cmd.get("name", "")
        if name in seen:
            out.append(f"duplicate command name {name}")
        seen.add(name)
        out += _named(cmd, f"/{name}", command=True)
        out += _options(cmd.get("options") or [], f"/{name}")
    return out


def _named(item: dict[str, Any], where: str, command: bool = False) -> list[str]:
    out = []
    name, desc = item.get("name", ""), item.get("description", "")
    if not NAME.match(name) or name != name.lower():
        out.append(f"{where}: invalid name {name!r}")
    if command and item.get("type", 1) != 1:
        return out
    if not 1 <= len(desc) <= 100:
        out.append(f"{where}: description must be 1-100 characters")
    return out


def _options(options: list[dict[str, Any]], where: str) -> list[str]:
    out = []
    if len(options) > MAX_OPTIONS:
        out.append(f"{where}: more than {MAX_OPTIONS} options")
    seen_optional = False
    for opt in options:
        path = f"{where} {opt.get('name')}"
        out += _named(opt, path)
        if opt.get("type") not in OPTION_TYPES:
            out.append(f"{path}: unknown option type {opt.get('type')}")
        if opt.get("type") in (1, 2):
            out += _options(opt.get("options") or [], path)
            continue
        if opt.get("required"):
            if seen_optional:
                out.append(f"{path}: required options must be placed before optional ones")
        else:
            seen_optional = True
        choices = opt.get("choices") or []
        if len(choices) > MAX_CHOICES:
            out.append(f"{path}: more than {MAX_CHOICES} choices")
        if choices and opt.get("autocomplete"):
            out.append(f"{path}: autocomplete cannot be combined with choices")
    return out


def choice_problems(choices: list[dict[str, Any]]) -> list[str]:
    out = []
    if len(choices) > MAX_CHOICES:
        out.append(f"more than {MAX_CHOICES} autocomplete choices")
    for c in choices:
        if not 1 <= len(str(c.get("name", ""))) <= 100:
            out.append("choice name must be 1-100 characters")
    return out
