"""Slack's message rules, enforced the way Slack does: one bad block rejects the message."""

from __future__ import annotations

from typing import Any


def message_problems(body: dict[str, Any]) -> list[str]:
    """Everything Slack would reject in a message (plus our own rule: a `text` fallback)."""
    problems: list[str] = []
    blocks = body.get("blocks") or []
    if isinstance(blocks, str):
        import json

        blocks = json.loads(blocks)
    if not str(body.get("text") or "").strip():
        problems.append("no top-level text fallback")
    if len(str(body.get("text") or "")) > 40000:
        problems.append("text over 40000 characters")
    if len(blocks) > 50:
        problems.append(f"{len(blocks)} blocks (max 50)")
    for i, block in enumerate(blocks):
        problems += [f"block {i}: {p}" for p in _block_problems(block)]
    return problems


def _text_problems(obj: Any, limit: int, kinds: tuple[str, ...]) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in kinds:
        return [f"text object must be one of {kinds}"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return ["empty text"]
    if len(text) > limit:
        return [f"text of {len(text)} characters (max {limit})"]
    return []


def _block_problems(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        return _text_problems(block.get("text"), 150, ("plain_text",))
    if kind == "section":
        if "text" not in block and "fields" not in block:
            return ["section needs text or fields"]
        out = _text_problems(block["text"], 3000, ("plain_text", "mrkdwn")) \
            if "text" in block else []
        fields = block.get("fields", [])
        if len(fields) > 10:
            out.append(f"{len(fields)} fields (max 10)")
        for f in fields:
            out += _text_problems(f, 2000, ("plain_text", "mrkdwn"))
        return out
    if kind == "context":
        elements = block.get("elements") or []
        if not 1 <= len(elements) <= 10:
            return ["context needs 1 to 10 elements"]
        return [p for e in elements for p in _text_problems(e, 3000, ("plain_text", "mrkdwn"))]
    if kind == "divider":
        return []
    return [f"unsupported block type {kind!r} in this fake"]
