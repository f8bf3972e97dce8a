"""`admin log` and `admin undo`: who changed what, and taking your own last change back."""

from __future__ import annotations

from datetime import datetime

from bot.commands import Command, CommandSpec, Param
from bot.context import Context
from bot.errors import UserError
from bot.families import (
    admin_fixture,
    admin_import,
    admin_news,
    admin_result,
    admin_settings,
    subscriptions,
)
from bot.families.admin_audit import actor_key, channel_change, same, stamp
from bot.reply import Reply, Table
from storage.admin_queries import AuditEntry

MAX_LOG = 50


async def admin_log(ctx: Context, cmd: Command) -> Reply:
    """Recent admin changes, newest first: when (UTC), who, what. `admin log 30` shows 30."""
    count = cmd.args.get("count", "10")
    if not count.isdigit() or not 1 <= int(count) <= MAX_LOG:
        raise UserError(f"count must be a whole number from 1 to {MAX_LOG}, not “{count}”.")
    entries = await ctx.store.audit_entries(int(count))
    if not entries:
        return Reply(title="Admin log", lines=("No admin changes yet.",), data={"entries": []})
    rows = tuple((_when(e.at), e.actor, e.action + (" (undone)" if e.undone else ""), e.summary)
                 for e in entries)
    return Reply(
        title=f"Admin log: the last {len(entries)} changes",
        table=Table(("When (UTC)", "Who", "Action", "What"), rows),
        data={"entries": [{"id": e.id, "at": e.at, "actor": e.actor, "action": e.action,
                           "what": e.summary, "undone": e.undone} for e in entries]},
    )


def _when(at: str) -> str:
    return datetime.fromisoformat(at).strftime("%Y-%m-%d %H:%M")


async def admin_undo(ctx: Context, cmd: Command) -> Reply:
    """Undo your own last admin change (a result, fixture, lineup, news, subscription or setting).

    Refused if someone changed the same thing since; imports cannot be undone this way.
    """
    store = ctx.store
    entry = await store.last_undoable(actor_key(cmd.actor))
    if entry is None:
        raise UserError("You have no admin change to undo.")
    kind = (entry.after or entry.before or {}).get("kind")
    if kind not in ("match", "channel", "settings"):
        raise UserError(f"Your last change ({entry.action}: {entry.summary}) cannot be undone "
                        "with `admin undo`; correct it with another admin command.")
    async with store.transaction():
        if kind == "match":
            await _undo_match(ctx, entry)
        elif kind == "settings":
            await _undo_settings(ctx, entry)
        else:
            await _undo_channel(ctx, entry)
        await store.mark_undone(entry.id)
    return Reply(title=f"Undone: {entry.action} — {entry.summary}",
                 lines=(f"Changed on {_when(entry.at)} UTC; restored as it was before.",),
                 data={"undone": entry.id, "action": entry.action, "what": entry.summary})


def _changed_since(entry: AuditEntry) -> UserError:
    return UserError(f"“{entry.summary}” has been changed since your {entry.action}; "
                     "undo refused and nothing changed. See `admin log`.")


async def _undo_match(ctx: Context, entry: AuditEntry) -> None:
    store = ctx.store
    assert entry.entity_id is not None and entry.after is not None and entry.before is not None
    current = await store.match_state(entry.entity_id)
    if not same(current, entry.after["state"]):
        raise _changed_since(entry)
    seasons = {s["match"]["season_id"] for s in (entry.before["state"], current) if s}
    await store.restore_match(entry.entity_id, entry.before["state"])
    await store.delete_unused_players(list(entry.after.get("new_players", [])))
    await store.rebuild_ties(seasons)
    restored = await store.match_state(entry.entity_id)
    await store.audit(stamp(ctx), ctx.command.actor.ref, entry.action + ".undo", "match",
                      entry.entity_id, {"kind": "match", "state": current,
                                        "summary": entry.summary},
                      {"kind": "match", "state": restored, "summary": "undo " + entry.summary})


async def _undo_channel(ctx: Context, entry: AuditEntry) -> None:
    store = ctx.store
    assert entry.after is not None and entry.before is not None
    platform, channel = entry.after["platform"], entry.after["channel"]
    current = await store.channel_state(platform, channel)
    if not same(current, entry.after["state"]):
        raise _changed_since(entry)
    await store.restore_channel(platform, channel, entry.before["state"])
    await channel_change(ctx, entry.action + ".undo", platform, channel, current,
                         "undo " + entry.summary)


async def _undo_settings(ctx: Context, entry: AuditEntry) -> None:
    store = ctx.store
    assert entry.after is not None and entry.before is not None
    where = {k: entry.after[k] for k in ("platform", "server", "channel")}
    current = await store.settings_row(where["platform"], where["server"], where["channel"])
    if not same(current, entry.after["state"]):
        raise _changed_since(entry)
    await store.restore_settings_row(where["platform"], where["server"], where["channel"],
                                     entry.before["state"])
    restored = await store.settings_row(where["platform"], where["server"], where["channel"])
    await store.audit(stamp(ctx), ctx.command.actor.ref, entry.action + ".undo", "settings",
                      None, {"kind": "settings", **where, "state": current,
                             "summary": entry.summary},
                      {"kind": "settings", **where, "state": restored,
                       "summary": "undo " + entry.summary})


ADMIN_COMMANDS = (
    CommandSpec("log", admin_log, group="admin", admin=True, layout="single",
                params=(Param("count", "int", "How many changes to show (default 10)",
                              positional=True),),
                examples=("admin log", "admin log 30")),
    CommandSpec("undo", admin_undo, group="admin", admin=True,
                examples=("admin undo",)),
)

COMMANDS = (*admin_result.COMMANDS, *admin_fixture.COMMANDS, *admin_news.COMMANDS,
            *admin_import.COMMANDS, *admin_settings.COMMANDS,
            *ADMIN_COMMANDS, *subscriptions.COMMANDS)
