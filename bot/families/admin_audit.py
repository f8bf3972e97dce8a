"""Shared by the admin families: who is acting, when, and the audit row each change writes."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from bot.commands import Actor
from bot.context import Context
from storage.admin_queries import canonical


def actor_key(actor: Actor) -> str:
    """platform:user id, stable even when the display name changes."""
    return f"{actor.platform}:{actor.user_id}"


def stamp(ctx: Context) -> str:
    """Now, from the context's clock, as an ISO UTC timestamp."""
    return ctx.now().astimezone(UTC).isoformat(timespec="seconds")


async def match_change(ctx: Context, action: str, match_id: int,
                       before: dict[str, Any] | None, summary: str,
                       new_players: list[int] | None = None) -> None:
    """Audit a change to one match (inside its transaction): snapshots before and after."""
    store = ctx.store
    after = await store.match_state(match_id)
    await store.audit(
        stamp(ctx), ctx.command.actor.ref, action, "match", match_id,
        {"kind": "match", "state": before, "summary": summary},
        {"kind": "match", "state": after, "summary": summary,
         "new_players": sorted(new_players or [])},
    )


async def channel_change(ctx: Context, action: str, platform: str, channel_id: str,
                         before: dict[str, Any], summary: str) -> None:
    """Audit a change to one channel's subscriptions (inside its transaction)."""
    after = await ctx.store.channel_state(platform, channel_id)
    where = {"kind": "channel", "platform": platform, "channel": channel_id}
    await ctx.store.audit(stamp(ctx), ctx.command.actor.ref, action, "channel", None,
                          {**where, "state": before, "summary": summary},
                          {**where, "state": after, "summary": summary})


def same(a: Any, b: Any) -> bool:
    return canonical(a) == canonical(b)
