"""Beyond one command: 429 retry, resume, posts, admin gates, scenarios, a real process."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from adapters.discord.app import application_id, invite_url, sync
from adapters.discord.poster import DiscordPoster
from adapters.discord.render import messages
from bot.commands import Actor
from bot.core import Core
from bot.reply import Field, Reply
from storage import Store
from tests.conftest import FIXED_NOW
from tests.fake_discord import payloads
from tests.fake_discord.harness import (  # noqa: F401
    TOKEN,
    fake_discord,
    running_bot,
    settings_for,
)
from tests.fake_discord.server import FakeDiscord
from tests.fake_discord.specs import core_with_extras
from tests.scenarios import SCENARIOS

ROOT = Path(__file__).resolve().parents[1]
EPHEMERAL = 64
PAIR = {"team": "Liverpool", "opponent": "Real Madrid"}
FAN = payloads.member("1600000000000000002", "fan")


@pytest.fixture
def xcore(demo_store: Store) -> Core:
    return core_with_extras(demo_store, FIXED_NOW)


async def test_a_429_is_retried_after_retry_after(fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core):
        fake.rate_limit_next("/callback", 0.05)
        it = await (await fake.slash("h2h", PAIR)).wait()
    statuses = [s for m, p, s in fake.log if p.endswith("/callback")]
    assert statuses == [429, 200] and len(it.callbacks) == 1


async def test_reconnect_resumes_the_session(fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core):
        await fake.gateway.reconnect()
        async with asyncio.timeout(5):
            await fake.gateway.ready.wait()
        it = await (await fake.slash("h2h", PAIR)).wait()
    assert len(fake.gateway.identifies) == 1 and len(fake.gateway.resumes) == 1
    assert fake.gateway.resumes[0]["session_id"] in fake.gateway.sessions
    assert it.messages[0]["embeds"][0]["title"].startswith("Liverpool v Real Madrid")


async def test_scheduled_post_and_failures_reported(fake: FakeDiscord, core: Core) -> None:
    poster = DiscordPoster(TOKEN, fake.api_base)
    reply = await core.ask("h2h Liverpool v Real Madrid")
    try:
        ok = await poster.post(payloads.CHANNEL_ID, reply)
        assert ok.ok and ok.message_ref
        [posted] = fake.channels[payloads.CHANNEL_ID]
        assert posted["embeds"][0]["title"] == reply.title and posted["id"] == ok.message_ref
        assert (await poster.post("404404", reply)).failure == "gone"
        fake.forbidden.add("403403")
        assert (await poster.post("403403", reply)).failure == "forbidden"
        fake.rate_limit_next("/messages", 2.5)
        limited = await poster.post(payloads.CHANNEL_ID, reply)
        assert (limited.failure, limited.retry_after) == ("rate_limited", 2.5)
        fake.fail_next("/messages", 502, {"message": "Bad Gateway", "code": 0})
        assert (await poster.post(payloads.CHANNEL_ID, reply)).failure == "transient"
    finally:
        await poster.close()


async def test_a_long_scheduled_post_pages_within_limits(fake: FakeDiscord) -> None:
    big = Reply(title="T" * 300, lines=tuple("x" * 90 for _ in range(300)),
                fields=tuple(Field(f"f{i}", "v" * 2000) for i in range(30)), footnote="n" * 3000)
    poster = DiscordPoster(TOKEN, fake.api_base)
    try:
        result = await poster.post(payloads.CHANNEL_ID, big)
    finally:
        await poster.close()
    assert result.ok
    assert len(fake.channels[payloads.CHANNEL_ID]) == len(messages(big)) > 2


async def test_admin_group_is_guild_only_and_hidden(fake: FakeDiscord, xcore: Core) -> None:
    """Synced globally (no DISCORD_GUILD_ID), as production does."""
    await sync(xcore, replace(settings_for(fake), discord_guild_id=None))
    admin = fake.schema("admin", guild_id=None)
    assert admin is not None
    assert str(admin["default_member_permissions"]) == str(payloads.MANAGE_GUILD)
    assert admin.get("dm_permission") is False or admin.get("contexts") == [0]  # no DMs
    with pytest.raises(AssertionError, match="guild-only"):
        await fake.slash("admin purge", {}, who=FAN["user"], guild_id=None)


async def test_admin_checked_again_at_run_time(fake: FakeDiscord, xcore: Core) -> None:
    """Discord would let a member through if an owner overrode the default permissions."""
    role = payloads.member("1600000000000000003", "helper", roles=(payloads.ADMIN_ROLE_ID,))
    owner = payloads.member("1600000000000000004", "owner",
                            permissions=payloads.MEMBER_PERMISSIONS | payloads.MANAGE_GUILD)
    async with running_bot(fake, xcore):
        refused = await (await fake.slash("admin purge", {}, who=FAN)).wait()
        by_role = await (await fake.slash("admin purge", {}, who=role)).wait()
        by_perm = await (await fake.slash("admin purge", {}, who=owner)).wait()
    msg = refused.messages[0]
    assert msg["flags"] & EPHEMERAL and "admins only" in msg["embeds"][0]["title"]
    assert by_role.messages[0]["embeds"][0]["title"] == "Purged"
    assert by_perm.messages[0]["embeds"][0]["title"] == "Purged"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
async def test_shared_scenarios(fake: FakeDiscord, core: Core, scenario) -> None:  # noqa: ANN001
    words = scenario.text.split()
    path = " ".join(words[:2]) if words[0] in core.groups else words[0]
    if core.spec(path) is None:
        pytest.skip(f"`{path}` is not in the core yet (another engineer is adding it)")
    actor = Actor("discord", FAN["user"]["id"], is_admin=False)
    expected = await core.ask(scenario.text, actor)
    async with running_bot(fake, core):
        it = await (await fake.slash(path, scenario.options, who=FAN)).wait()
    embeds = [e for m in it.messages for e in m["embeds"]]
    text = "\n".join(e.get("description", "") for e in embeds)
    assert expected.kind == scenario.kind
    assert embeds[0]["title"] == expected.title[:256]
    assert all(line in text for line in expected.lines)
    assert bool(it.messages[0]["flags"] & EPHEMERAL) == (scenario.kind != "answer")


def test_invite_url_has_the_scopes_and_permissions() -> None:
    url = invite_url(application_id(TOKEN))
    assert f"client_id={payloads.APP_ID}" in url
    assert "scope=bot+applications.commands" in url
    assert "permissions=51200" in url          # send messages, embed links, attach files


async def test_bot_as_a_separate_process_from_environment(fake: FakeDiscord,
                                                          tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "MATCHFACTS_"))}
    env |= {"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url, "DISCORD_GUILD_ID": payloads.GUILD_ID,
            "MATCHFACTS_DB": str(tmp_path / "bot.db"), "PYTHONPATH": str(ROOT)}

    async def cli(*args: str) -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.cli", *args, env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)

    sync = await cli("discord", "sync")
    out, err = await asyncio.wait_for(sync.communicate(), 20)
    assert sync.returncode == 0, err.decode()
    assert "h2h" in out.decode() and fake.schema("h2h") is not None
    bot = await cli("discord")
    try:
        async with asyncio.timeout(20):
            await fake.gateway.ready.wait()
        it = await (await fake.slash("h2h", PAIR)).wait(timeout=10)
        assert it.messages[0]["embeds"][0]["title"] == "Liverpool v Real Madrid: head-to-head"
        bot.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(bot.communicate(), 10)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
    assert bot.returncode == 0, err.decode()
    assert "Traceback" not in err.decode() and TOKEN not in err.decode()
