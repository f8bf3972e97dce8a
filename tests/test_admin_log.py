"""`admin log` and `admin undo`: admins only; the audit row is written with the change."""

from __future__ import annotations

from bot.commands import Actor, Command
from bot.context import Context
from bot.core import Core
from bot.families.admin_audit import match_change

MEMBER = Actor("discord", "42", "Member", is_admin=False)


async def test_non_admin_refused_and_nothing_written(core: Core) -> None:
    for text in ("admin log", "admin undo"):
        reply = await core.ask(text, actor=MEMBER)
        assert reply.kind == "user_error"
        assert "admins only" in reply.title
    assert await core.store.audit_entries() == []


async def test_empty_log_and_nothing_to_undo(core: Core) -> None:
    assert (await core.ask("admin log")).lines == ("No admin changes yet.",)
    reply = await core.ask("admin undo")
    assert reply.kind == "user_error" and "no admin change" in reply.title


async def test_bad_count_is_refused(core: Core) -> None:
    reply = await core.ask("admin log lots")
    assert reply.kind == "user_error" and "count" in reply.title


async def test_undo_restores_a_match_change_and_logs_both(core: Core) -> None:
    store = core.store
    [m] = await store.matches(status=None, limit=1)
    before = await store.match_state(m.id)
    ctx = Context(store, core.names, core.now, Command("admin result"))
    async with store.transaction() as db:
        await db.execute("UPDATE matches SET venue = 'Somewhere' WHERE id = ?", (m.id,))
        await match_change(ctx, "result.edit", m.id, before, "venue of the 1981 final")
    log = await core.ask("admin log")
    assert log.data["entries"][0]["action"] == "result.edit"
    assert log.data["entries"][0]["actor"].startswith("console:local")
    reply = await core.ask("admin undo")
    assert reply.kind == "answer", reply.title
    assert await store.match_state(m.id) == before
    actions = [e["action"] for e in (await core.ask("admin log")).data["entries"]]
    assert actions == ["result.edit.undo", "result.edit"]
    assert (await core.ask("admin undo")).kind == "user_error"  # nothing left to undo
