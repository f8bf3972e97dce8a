"""Slash commands end to end: the real discord.py against the fake Discord on loopback."""

from __future__ import annotations

import asyncio
import logging

import pytest

from adapters.discord.tree import short
from bot.commands import Actor
from bot.core import APOLOGY, Core
from storage import Store
from tests.conftest import FIXED_NOW
from tests.fake_discord import payloads
from tests.fake_discord.harness import fake_discord, running_bot  # noqa: F401  (fixture)
from tests.fake_discord.server import FakeDiscord
from tests.fake_discord.specs import core_with_extras

EPHEMERAL = 64
PAIR = {"team": "Liverpool", "opponent": "Real Madrid"}


@pytest.fixture
def xcore(demo_store: Store) -> Core:
    return core_with_extras(demo_store, FIXED_NOW)


def description(msg: dict) -> str:  # type: ignore[type-arg]
    return "\n".join(e.get("description", "") for e in msg["embeds"])


async def test_synced_schema_is_the_core_command_list(fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core):
        pass
    synced = {c["name"]: c for c in fake.commands[payloads.GUILD_ID]}
    top = {s.group or s.name for s in core.commands} | {"ask"}
    assert set(synced) == top
    for spec in core.commands:
        cmd = synced[spec.group] if spec.group else synced[spec.name]
        if spec.group:
            cmd = next(o for o in cmd["options"] if o["name"] == spec.name)
        assert cmd["description"] == short(spec.summary)
        options = {o["name"]: o for o in cmd.get("options", [])}
        assert set(options) == {p.name for p in spec.params} | (
            {"file"} if spec.takes_file else set())   # an attachment option (type 11)
        for p in spec.params:
            opt = options[p.name]
            assert opt["description"] == short(p.help)
            assert opt["required"] == p.must_give   # the server's club may stand in
            assert opt.get("autocomplete", False) == (p.type in ("club", "player", "subject"))
            assert [c["value"] for c in opt.get("choices", [])] == list(p.choices)
    h2h = {o["name"] for o in synced["h2h"]["options"]}
    assert "as_of" in h2h


async def test_h2h_slash_command_answers_with_the_core_embed(fake: FakeDiscord,
                                                             core: Core) -> None:
    async with running_bot(fake, core):
        it = await fake.slash("h2h", PAIR)
        await it.wait()
    expected = await core.ask("h2h Liverpool v Real Madrid")
    [msg] = it.messages
    assert msg["via"] == "callback" and not msg["flags"] & EPHEMERAL
    embed = msg["embeds"][0]
    assert embed["title"] == expected.title == "Liverpool v Real Madrid: head-to-head"
    for line in expected.lines:
        assert line in embed["description"]
    assert "1981-05-27" in embed["description"]  # the table, as a code block
    assert embed["footer"]["text"] == expected.footnote


async def test_as_of_option_reaches_the_core(fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core):
        it = await (await fake.slash("h2h", {**PAIR, "as_of": "2021-04-01"})).wait()
    expected = await core.ask("h2h Liverpool v Real Madrid as_of:2021-04-01")
    assert expected.lines[0] in description(it.messages[0])


async def test_autocomplete_offers_at_most_25_names(fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core):
        everything = await (await fake.slash("h2h", {"team": ""}, focused="team")).wait()
        liv = await (await fake.slash("h2h", {"team": "liv"}, focused="team")).wait()
    [answer] = everything.callbacks
    assert answer["type"] == 8
    choices = answer["data"]["choices"]
    assert 0 < len(choices) <= 25
    assert [c["name"] for c in choices] == core.names.complete("", ("club",), 25)
    assert [c["name"] for c in liv.callbacks[0]["data"]["choices"]] == ["Liverpool"]


async def test_unknown_club_is_ephemeral_with_suggestions(fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core):
        it = await (await fake.slash("h2h", {"team": "Liverpool",
                                             "opponent": "Real Madird FC Barca"})).wait()
    [msg] = it.messages
    assert msg["flags"] & EPHEMERAL
    embed = msg["embeds"][0]
    assert "Did you mean" in [f["name"] for f in embed.get("fields", [])]
    expected = await core.ask("h2h Liverpool v Real Madird FC Barca")
    assert embed["title"] == expected.title
    assert "Real Madrid (ESP)" in expected.suggestions
    assert embed["fields"][-1]["value"] == "\n".join(expected.suggestions)


async def test_slow_answer_is_deferred_then_followed_up(fake: FakeDiscord, xcore: Core) -> None:
    async with running_bot(fake, xcore, defer_after=0.05):
        it = await (await fake.slash("slow", {"seconds": "0.3"})).wait()
    assert [c["type"] for c in it.callbacks] == [5]          # deferred, thinking
    [msg] = it.messages
    assert msg["via"] == "edit_original" and msg["embeds"][0]["title"] == "Slow answer"


async def test_three_second_rule_deferral_saves_a_slow_answer(fake: FakeDiscord,
                                                              xcore: Core) -> None:
    fake.ack_timeout = 0.2   # Discord's 3 s, shortened
    async with running_bot(fake, xcore, defer_after=5):       # a bot that never defers in time
        late = await (await fake.slash("slow", {"seconds": "0.4"})).wait(lambda i: i.rejected)
    assert late.rejected == [(404, 10062)] and not late.messages
    async with running_bot(fake, xcore, defer_after=0.05):
        saved = await (await fake.slash("slow", {"seconds": "0.4"})).wait()
    assert saved.messages[0]["embeds"][0]["title"] == "Slow answer" and not saved.rejected


async def test_long_reply_pages_within_limits_and_acks_once(fake: FakeDiscord,
                                                            xcore: Core) -> None:
    async with running_bot(fake, xcore):
        it = await (await fake.slash("long", {"lines": 400})).wait(
            lambda i: len(i.messages) > 3)
        await asyncio.sleep(0.3)
    assert len(it.callbacks) == 1 and not it.rejected       # the fake accepted every page
    assert [m["via"] for m in it.messages][1:] == ["followup"] * (len(it.messages) - 1)
    text = "\n".join(description(m) for m in it.messages)
    assert "line 0 " in text and "line 399 " in text
    assert sum(len(e.get("fields", [])) for m in it.messages for e in m["embeds"]) >= 40


async def test_internal_error_is_an_apology_not_a_traceback(
        fake: FakeDiscord, xcore: Core, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    async with running_bot(fake, xcore):
        it = await (await fake.slash("crash")).wait()
    [msg] = it.messages
    assert msg["embeds"][0]["title"] == APOLOGY and msg["flags"] & EPHEMERAL
    assert "secret internals" not in str(msg)
    assert "secret internals" in caplog.text                 # logged with the traceback


async def test_ask_sends_free_text_through_the_core(fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core):
        it = await (await fake.slash("ask", {"question": "h2h Liverpool v Real Madrid"})).wait()
    expected = await core.ask("h2h Liverpool v Real Madrid",
                              Actor("discord", "1600000000000000001", is_admin=False))
    assert it.messages[0]["embeds"][0]["title"] == expected.title
