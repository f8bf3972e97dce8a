"""The Discord admin role is matched by id: a role someone else named like it grants nothing.
The name is a fallback only, and the bot warns at start when it is all there is."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from bot.core import Core
from storage import Store
from tests.conftest import FIXED_NOW
from tests.fake_discord import payloads
from tests.fake_discord.harness import fake_discord, running_bot, settings_for  # noqa: F401
from tests.fake_discord.server import FakeDiscord
from tests.fake_discord.specs import core_with_extras

HELPER = payloads.member("1600000000000000003", "helper", roles=(payloads.ADMIN_ROLE_ID,))
IMPOSTOR = payloads.member("1600000000000000005", "impostor",
                           roles=(payloads.IMPOSTOR_ROLE_ID,))   # a role renamed to look alike


@pytest.fixture
def xcore(demo_store: Store) -> Core:
    return core_with_extras(demo_store, FIXED_NOW)


async def _titles(fake: FakeDiscord) -> tuple[str, str]:
    by_id = await (await fake.slash("admin purge", {}, who=HELPER)).wait()
    impostor = await (await fake.slash("admin purge", {}, who=IMPOSTOR)).wait()
    return by_id.messages[0]["embeds"][0]["title"], impostor.messages[0]["embeds"][0]["title"]


async def test_admin_role_is_matched_by_id_not_by_a_lookalike_name(
        fake: FakeDiscord, xcore: Core, caplog: pytest.LogCaptureFixture) -> None:
    settings = settings_for(fake)   # DISCORD_ADMIN_ROLE_ID, as documented
    assert settings.discord_admin_role_id == int(payloads.ADMIN_ROLE_ID)
    with caplog.at_level(logging.WARNING):
        async with running_bot(fake, xcore, settings=settings):
            by_id, impostor = await _titles(fake)
    assert by_id == "Purged"
    assert "admins only" in impostor
    assert "DISCORD_ADMIN_ROLE_ID" not in caplog.text   # no warning: the rule is the strong one


async def test_a_role_name_alone_still_works_but_warns_why_it_is_weak(
        fake: FakeDiscord, xcore: Core, caplog: pytest.LogCaptureFixture) -> None:
    settings = replace(settings_for(fake), discord_admin_role_id=None,
                       discord_admin_role=payloads.ADMIN_ROLE_NAME)
    with caplog.at_level(logging.WARNING):
        async with running_bot(fake, xcore, settings=settings):
            by_name, impostor = await _titles(fake)
    assert by_name == "Purged" and impostor == "Purged"   # the weakness the warning names
    assert "anyone who may create or rename a role can make himself admin" in caplog.text
    assert "DISCORD_ADMIN_ROLE_ID" in caplog.text
