"""`admin settings mention:` reaches the match-day posts: a role ping on Discord (in the
message content, let through by `allowed_mentions`), `@here` or a user group on Slack.

Real posters against the fake Discord and the fake Slack; the fakes decide who was pinged
the way the platforms do (Discord: only `content` pings, filtered by `allowed_mentions`).
"""

from __future__ import annotations

from pathlib import Path

import aiohttp
from fake_slack import FakeSlack
from fake_slack.harness import slack_settings

from adapters.discord.poster import DiscordPoster
from adapters.slack.app import web_client
from adapters.slack.poster import SlackPoster
from bot.commands import Actor
from bot.core import Core
from bot.scheduler import Scheduler
from storage.importers import import_files
from tests.fake_discord import payloads
from tests.fake_discord.harness import TOKEN, fake_discord  # noqa: F401
from tests.fake_discord.server import FakeDiscord
from tests.scheduler_fakes import FakeClock, at

FIXTURE_CSV = (
    "competition,season,stage,round,leg,date,kickoff,timezone,home,home_country,away,"
    "away_country,score,ht,aet,pens,venue,neutral,status\n"
    "UCL,2026-27,league,LP,single,2026-11-25,20:00,Europe/London,Liverpool,ENG,Real Madrid,"
    "ESP,,,,,,,scheduled\n")
ROLE = "1400000000000000777"
QUIET_GUILD, QUIET_CHANNEL = "1200000000000000099", "1300000000000000099"


async def setup(core: Core, tmp_path: Path, platform: str, places: list[tuple[str, str]],
                mention: str | None) -> None:
    """The fixture, each (server, channel) subscribed, the first server's mention set."""
    path = tmp_path / "matches.csv"
    path.write_text(FIXTURE_CSV, encoding="utf-8")
    await import_files(core.store, "csv", [path])
    admin = Actor(platform, "UADMIN", "ada", is_admin=True)
    for server, channel in places:
        sub = await core.ask("subscribe Liverpool tz:Europe/London leads:24h", admin, channel,
                             server=server)
        assert sub.kind == "answer", sub.title
    if mention:
        done = await core.ask(f"admin settings mention:{mention}", admin, places[0][1],
                              server=places[0][0])
        assert done.kind == "answer", done.title


async def test_discord_posts_ping_the_servers_role_and_only_there(
        demo_store, clock: FakeClock, fake: FakeDiscord, tmp_path: Path) -> None:  # noqa: ANN001
    core = Core(demo_store, now=clock.now)
    fake.channels[QUIET_CHANNEL] = []
    await setup(core, tmp_path, "discord", [(payloads.GUILD_ID, payloads.CHANNEL_ID),
                                            (QUIET_GUILD, QUIET_CHANNEL)], f"<@&{ROLE}>")
    async with aiohttp.ClientSession() as session:
        scheduler = Scheduler(core, {"discord": DiscordPoster(TOKEN, fake.api_base, session)},
                              now=clock.now, sleep=clock.sleep)
        clock.move_to(at("2026-11-24T20:00:00"))
        await scheduler.tick()
        clock.move_to(at("2026-11-25T22:05:00"))
        result = await core.ask("admin result Liverpool 2-1 Real Madrid",
                                Actor("discord", "UADMIN", is_admin=True), payloads.CHANNEL_ID,
                                server=payloads.GUILD_ID)
        assert result.kind == "answer", result.title
        await scheduler.tick()
    preview, full_time = fake.channels[payloads.CHANNEL_ID]
    for msg in (preview, full_time):
        assert msg["content"] == f"<@&{ROLE}>"
        assert msg["mention_roles"] == [ROLE] and not msg["mention_everyone"]
    assert "Liverpool" in preview["embeds"][0]["title"]
    [quiet, _] = fake.channels[QUIET_CHANNEL]          # another server: no mention set
    assert quiet["content"] == "" and quiet["mention_roles"] == []


async def test_discord_here_pings_everyone_online(
        demo_store, clock: FakeClock, fake: FakeDiscord, tmp_path: Path) -> None:  # noqa: ANN001
    core = Core(demo_store, now=clock.now)
    await setup(core, tmp_path, "discord", [(payloads.GUILD_ID, payloads.CHANNEL_ID)], "@here")
    poster = DiscordPoster(TOKEN, fake.api_base)
    try:
        clock.move_to(at("2026-11-24T20:00:00"))
        await Scheduler(core, {"discord": poster}, now=clock.now, sleep=clock.sleep).tick()
    finally:
        await poster.close()
    [msg] = fake.channels[payloads.CHANNEL_ID]
    assert msg["content"] == "@here" and msg["mention_everyone"]


async def test_slack_posts_mention_here_or_a_user_group(
        demo_store, clock: FakeClock, tmp_path: Path) -> None:  # noqa: ANN001
    fake = await FakeSlack(channels={"CGENERAL": "member", "COTHER": "member"}).start()
    try:
        core = Core(demo_store, now=clock.now)
        await setup(core, tmp_path, "slack", [("T0FAKE", "CGENERAL"), ("T0FAKE", "COTHER")],
                    "@here")
        group = await core.ask("admin settings where:channel mention:<!subteam^S0FANS|@fans>",
                               Actor("slack", "UADMIN", is_admin=True), "COTHER",
                               server="T0FAKE")
        assert group.data["in_force"]["mention"] == "group:S0FANS"
        poster = SlackPoster(web_client(slack_settings(fake)))
        clock.move_to(at("2026-11-24T20:00:00"))
        await Scheduler(core, {"slack": poster}, now=clock.now, sleep=clock.sleep).tick()
    finally:
        await fake.close()
    pinged = {m["channel"]: m["pings"] for m in fake.messages}
    assert pinged == {"CGENERAL": ["here"], "COTHER": ["group:S0FANS"]}
    assert all("Liverpool" in m["text"] for m in fake.messages)
    assert fake.problems == []
