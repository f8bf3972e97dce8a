"""The fake rejects what Discord rejects: each rule, broken on purpose over plain HTTP."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from bot.core import Core
from tests.fake_discord import payloads
from tests.fake_discord.harness import TOKEN, fake_discord, running_bot  # noqa: F401
from tests.fake_discord.server import FakeDiscord

AUTH = {"Authorization": f"Bot {TOKEN}"}
EMBED = {"title": "t", "description": "d"}


async def call(fake: FakeDiscord, method: str, path: str, body: Any = None,
               auth: bool = True) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as s, s.request(
            method, fake.api_base + path, json=body, headers=AUTH if auth else {}) as r:
        assert r.headers.get("Content-Type", JSON_TYPE) == JSON_TYPE
        return r.status, (await r.json() if r.status != 204 else None)


JSON_TYPE = "application/json"
SYNC = f"/applications/{payloads.APP_ID}/guilds/{payloads.GUILD_ID}/commands"


def cmd(**over: Any) -> dict[str, Any]:
    return {"name": "h2h", "description": "Head to head", "type": 1, **over}


async def test_rest_needs_the_bot_token(fake: FakeDiscord) -> None:
    assert (await call(fake, "GET", "/users/@me", auth=False))[0] == 401
    assert (await call(fake, "GET", "/users/@me"))[0] == 200


@pytest.mark.parametrize("bad", [
    [cmd(name="Head To Head")],
    [cmd(description="x" * 101)],
    [cmd(options=[{"name": "a", "description": "a", "type": 3},
                  {"name": "b", "description": "b", "type": 3, "required": True}])],
    [cmd(options=[{"name": "a", "description": "a", "type": 3, "autocomplete": True,
                   "choices": [{"name": "x", "value": "x"}]}])],
    [cmd(options=[{"name": f"o{i}", "description": "o", "type": 3} for i in range(26)])],
    [cmd(), cmd()],
])
async def test_sync_rejects_a_bad_schema(fake: FakeDiscord, bad: list[dict[str, Any]]) -> None:
    status, body = await call(fake, "PUT", SYNC, bad)
    assert (status, body["code"]) == (400, 50035)
    assert payloads.GUILD_ID not in fake.commands


async def test_only_synced_commands_with_their_options_are_sent(fake: FakeDiscord) -> None:
    with pytest.raises(AssertionError, match="never synced"):
        await fake.slash("h2h", {"team": "Liverpool"})
    await call(fake, "PUT", SYNC, [cmd(options=[
        {"name": "team", "description": "t", "type": 3, "required": True}])])
    with pytest.raises(AssertionError, match="no option"):
        await fake.slash("h2h", {"team": "Liverpool", "colour": "red"})
    with pytest.raises(AssertionError, match="needs"):
        await fake.slash("h2h", {})


async def _interaction(fake: FakeDiscord, core: Core, ack_timeout: float = 3.0) -> Any:
    """An interaction the bot never receives: the fake's REST rules are tested without a race
    against the bot's own answer to a command missing from its tree."""
    fake.ack_timeout = ack_timeout
    async with running_bot(fake, core, synced=False):
        await call(fake, "PUT", SYNC, [cmd(name="nobody")])
        return await fake.slash("nobody", push=False)


def callback(it: Any) -> str:
    return f"/interactions/{it.payload['id']}/{it.token}/callback"


def webhook(it: Any) -> str:
    return f"/webhooks/{payloads.APP_ID}/{it.token}"


async def test_first_response_within_three_seconds(fake: FakeDiscord, core: Core) -> None:
    it = await _interaction(fake, core, ack_timeout=0.0)
    status, body = await call(fake, "POST", callback(it), {"type": 5}, auth=False)
    assert (status, body["code"]) == (404, 10062)


async def test_an_interaction_is_acknowledged_once(fake: FakeDiscord, core: Core) -> None:
    it = await _interaction(fake, core)
    assert (await call(fake, "POST", callback(it), {"type": 5}, auth=False))[0] == 200
    status, body = await call(fake, "POST", callback(it), {"type": 5}, auth=False)
    assert (status, body["code"]) == (400, 40060)


async def test_no_follow_up_before_the_acknowledgement(fake: FakeDiscord, core: Core) -> None:
    it = await _interaction(fake, core)
    status, body = await call(fake, "POST", webhook(it), {"content": "hi"}, auth=False)
    assert (status, body["code"]) == (404, 10015)
    await call(fake, "POST", callback(it), {"type": 5}, auth=False)
    assert (await call(fake, "POST", webhook(it), {"content": "hi"}, auth=False))[0] == 200


async def test_at_most_25_autocomplete_choices(fake: FakeDiscord, core: Core) -> None:
    it = await _interaction(fake, core)
    many = [{"name": f"c{i}", "value": f"c{i}"} for i in range(26)]
    status, body = await call(fake, "POST", callback(it), {"type": 8, "data": {"choices": many}},
                              auth=False)
    assert (status, body["code"]) == (400, 50035)
    ok = await call(fake, "POST", callback(it), {"type": 8, "data": {"choices": many[:25]}},
                    auth=False)
    assert ok[0] == 200


@pytest.mark.parametrize("embeds", [
    [{"title": "x" * 257}],
    [{"description": "x" * 4097}],
    [{"title": "t", "fields": [{"name": "n", "value": "v"}] * 26}],
    [{"title": "t", "fields": [{"name": "n", "value": "v" * 1025}]}],
    [{"title": "t", "fields": [{"name": "n", "value": ""}]}],
    [{"description": "x" * 4000}, {"description": "x" * 2001}],    # 6001 in one message
    [EMBED] * 11,
])
async def test_embed_limits(fake: FakeDiscord, embeds: list[dict[str, Any]]) -> None:
    path = f"/channels/{payloads.CHANNEL_ID}/messages"
    status, body = await call(fake, "POST", path, {"embeds": embeds})
    assert (status, body["code"]) == (400, 50035)
    assert (await call(fake, "POST", path, {"embeds": [EMBED]}))[0] == 200


async def test_channel_rules(fake: FakeDiscord) -> None:
    fake.forbidden.add("77")
    assert (await call(fake, "POST", "/channels/77/messages", {"embeds": [EMBED]}))[1]["code"] \
        == 50013
    assert (await call(fake, "POST", "/channels/78/messages", {"embeds": [EMBED]}))[1]["code"] \
        == 10003
