"""`/admin import file:` on Discord: the attachment goes to the core's import (size limit,
one transaction, audited), as the CLI's files do; a member's upload is never downloaded."""

from __future__ import annotations

from bot.core import Core
from tests.admin_helpers import fingerprint
from tests.fake_discord import payloads
from tests.fake_discord.harness import fake_discord, running_bot  # noqa: F401
from tests.fake_discord.server import FakeDiscord
from tests.test_admin_import import BAD, GOOD

OWNER = payloads.member("1600000000000000004", "owner",
                        permissions=payloads.MEMBER_PERMISSIONS | payloads.MANAGE_GUILD)
FAN = payloads.member("1600000000000000002", "fan")


def _downloads(fake: FakeDiscord) -> int:
    return sum(1 for method, path, _ in fake.log if path.startswith("/attachments/"))


async def test_an_attached_file_is_imported_and_audited(fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core):
        [sub] = [o for o in fake.schema("admin")["options"] if o["name"] == "import"]
        [option] = [o for o in sub["options"] if o["name"] == "file"]
        assert option["type"] == 11 and option["required"]   # ATTACHMENT, must be given
        it = await (await fake.slash("admin import", {"file": ("extra.csv", GOOD.encode())},
                                     who=OWNER)).wait()
    embed = it.messages[0]["embeds"][0]
    assert embed["title"] == "Imported extra.csv (csv)", embed
    h2h = await core.ask("h2h Liverpool v Chelsea")
    assert [m["date"] for m in h2h.data["matches"]] == ["2009-04-07"]
    entry = (await core.ask("admin log")).data["entries"][0]
    assert entry["action"] == "import" and entry["actor"].startswith("discord:" + OWNER[
        "user"]["id"])
    assert _downloads(fake) == 1


async def test_a_malformed_attachment_is_refused_with_its_line_and_nothing_written(
        fake: FakeDiscord, core: Core) -> None:
    before = await fingerprint(core.store)
    async with running_bot(fake, core):
        it = await (await fake.slash("admin import", {"file": ("bad.csv", BAD.encode())},
                                     who=OWNER)).wait()
    title = it.messages[0]["embeds"][0]["title"]
    assert "Import of bad.csv failed, nothing written: line 2" in title
    assert await fingerprint(core.store) == before


async def test_a_members_attachment_is_refused_and_never_downloaded(
        fake: FakeDiscord, core: Core) -> None:
    before = await fingerprint(core.store)
    async with running_bot(fake, core):
        it = await (await fake.slash("admin import", {"file": ("extra.csv", GOOD.encode())},
                                     who=FAN)).wait()
    assert "admins only" in it.messages[0]["embeds"][0]["title"]
    assert _downloads(fake) == 0
    assert await fingerprint(core.store) == before
