"""Charts on Discord: the PNG goes up as a multipart file part, shown by the embed."""

from __future__ import annotations

from bot.core import Core
from tests.fake_discord.harness import fake_discord, running_bot  # noqa: F401  (fixture)
from tests.fake_discord.server import FakeDiscord
from tests.test_charts import decoded

PAIR = {"team": "Liverpool", "opponent": "Real Madrid"}


def attached(fake: FakeDiscord, msg: dict) -> tuple[dict, bytes]:  # type: ignore[type-arg]
    [meta] = msg["attachments"]
    return meta, fake.files[meta["id"]].data


async def test_h2h_answer_carries_the_timeline_png(fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core, defer_after=2.0):
        it = await (await fake.slash("h2h", PAIR)).wait()
    expected = await core.ask("h2h Liverpool v Real Madrid")
    assert expected.chart is not None
    [msg] = it.messages
    assert msg["via"] == "callback" and not it.rejected
    meta, data = attached(fake, msg)
    assert meta["filename"] == expected.chart.filename
    assert meta["content_type"] == "image/png"
    assert msg["embeds"][0]["image"]["url"] == f"attachment://{expected.chart.filename}"
    assert "Liverpool won 5, drew 1, lost 7; goals 13-17" in meta["description"]
    assert expected.lines[0] in msg["embeds"][0]["description"]   # the text is still there
    width, height = decoded(data)
    assert width >= 800 and height >= 400


async def test_a_deferred_answer_attaches_the_chart_when_it_edits(fake: FakeDiscord,
                                                                 core: Core) -> None:
    async with running_bot(fake, core, defer_after=0.0):
        it = await (await fake.slash("facts", PAIR)).wait()
    assert [c["type"] for c in it.callbacks] == [5]
    [msg] = it.messages
    assert msg["via"] == "edit_original"
    meta, data = attached(fake, msg)
    assert meta["filename"].startswith("preview-card-")
    assert "Head-to-head: Liverpool won 5, drew 1, lost 7" in meta["description"]
    assert decoded(data) == (1200, 675)


async def test_chart_no_sends_the_embed_alone(fake: FakeDiscord, core: Core) -> None:
    async with running_bot(fake, core, defer_after=2.0):
        it = await (await fake.slash("form", {"team": "Liverpool", "chart": "no"})).wait()
    [msg] = it.messages
    assert msg["attachments"] == [] and "image" not in msg["embeds"][0]
    assert msg["embeds"][0]["title"].startswith("Liverpool: last")
