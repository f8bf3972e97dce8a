"""`admin settings`: per-server and per-channel defaults, audited, undoable, and used."""

from __future__ import annotations

from bot.commands import Actor
from bot.core import Core
from storage import Store
from tests.admin_helpers import add_fixture, fingerprint

ADMIN = Actor("discord", "42", "Ada", is_admin=True)
FAN = Actor("discord", "7", "Fan")
GUILD, OTHER_GUILD = "111", "222"


async def ask(core: Core, text: str, actor: Actor = FAN, channel: str = "C1",
              server: str = GUILD):
    return await core.ask(text, actor, channel, server=server)


async def test_settings_are_stored_shown_and_per_server(core: Core) -> None:
    reply = await ask(core, "admin settings club:Liverpool tz:Europe/London competition:cl "
                            "charts:yes mention:@here", ADMIN)
    assert reply.kind == "answer", reply.title
    assert reply.data["in_force"] == {"club_id": reply.data["in_force"]["club_id"],
                                      "timezone": "Europe/London", "competition": "cl",
                                      "charts": True, "mention": "here"}
    assert await core.store.chart_default("discord", GUILD, "C1") is True
    shown = await ask(core, "admin settings", ADMIN, channel="C9")
    assert {f.name: f.value for f in shown.fields}["Club"] == "Liverpool (server)"
    other = await core.store.place_settings("discord", OTHER_GUILD, "C1")
    assert other.club is None and other.charts is None


async def test_a_channel_setting_wins_over_the_server_setting(core: Core) -> None:
    await ask(core, "admin settings club:Liverpool tz:Europe/London", ADMIN)
    await ask(core, "admin settings where:channel club:\"Real Madrid\"", ADMIN, channel="C2")
    here = await core.store.place_settings("discord", GUILD, "C2")
    elsewhere = await core.store.place_settings("discord", GUILD, "C1")
    assert (here.club, here.level["club_id"], here.timezone) == ("Real Madrid", "channel",
                                                                  "Europe/London")
    assert elsewhere.club == "Liverpool"


async def test_with_a_club_set_commands_may_leave_it_out_and_say_so(core: Core) -> None:
    await ask(core, "admin settings club:Liverpool", ADMIN)
    form = await ask(core, "form")
    assert form.kind == "answer", form.title
    assert form.data["club"] == "Liverpool"
    assert "club Liverpool (this server's setting)" in form.footnote
    h2h = await ask(core, "h2h Real Madrid")
    explicit = await ask(core, "h2h Liverpool v Real Madrid", server=OTHER_GUILD)
    assert h2h.title == explicit.title and h2h.lines == explicit.lines
    assert "Defaults used" in h2h.footnote and "Defaults used" not in explicit.footnote
    streak = await ask(core, "streak kind:unbeaten")
    assert streak.kind == "answer" and "Liverpool" in streak.title


async def test_facts_alone_previews_the_clubs_next_fixture(core: Core) -> None:
    await add_fixture(core.store, "Real Madrid", "Liverpool", "2026-11-25",
                      "2026-11-25T20:00:00Z")
    await ask(core, "admin settings club:Liverpool", ADMIN)
    reply = await ask(core, "facts")
    same = await ask(core, "facts Real Madrid v Liverpool", server=OTHER_GUILD)
    assert reply.kind == "answer", reply.title
    assert reply.title == same.title
    assert "Liverpool's next fixture" in reply.footnote


async def test_without_a_club_one_name_is_not_enough(core: Core) -> None:
    reply = await ask(core, "h2h Real Madrid")
    assert reply.kind == "user_error" and "Name two clubs" in reply.title
    assert "admin settings club:" in reply.title
    assert (await ask(core, "form")).kind == "user_error"


async def test_fixtures_use_the_servers_time_zone_unless_told(core: Core) -> None:
    await add_fixture(core.store, "Liverpool", "Real Madrid", "2026-11-25",
                      "2026-11-25T20:00:00Z")
    await ask(core, "admin settings club:Liverpool tz:America/New_York", ADMIN)
    mine = await ask(core, "fixtures")
    assert "15:00 EST" in mine.lines[0] and "times in America/New_York" in mine.footnote
    told = await ask(core, "fixtures tz:Europe/Madrid")
    assert "21:00 CET" in told.lines[0]


async def test_subscribe_takes_the_servers_time_zone(core: Core) -> None:
    await ask(core, "admin settings tz:Europe/Madrid", ADMIN)
    reply = await ask(core, "subscribe Liverpool", ADMIN, channel="C5")
    assert reply.data["timezone"] == "Europe/Madrid"
    [sub] = await core.store.channel_subscriptions("discord", "C5")
    assert sub.server_id == GUILD


async def test_settings_are_audited_and_undone(core: Core) -> None:
    await ask(core, "admin settings club:Liverpool", ADMIN)
    await ask(core, "admin settings tz:Europe/London charts:no", ADMIN)
    log = await ask(core, "admin log", ADMIN)
    assert [e["action"] for e in log.data["entries"]][:2] == ["settings.set", "settings.set"]
    undone = await ask(core, "admin undo", ADMIN)
    assert undone.kind == "answer", undone.title
    place = await core.store.place_settings("discord", GUILD, "C1")
    assert (place.club, place.timezone, place.charts) == ("Liverpool", None, None)


async def test_undo_refused_when_someone_changed_the_settings_since(core: Core) -> None:
    other = Actor("discord", "43", "Bo", is_admin=True)
    await ask(core, "admin settings club:Liverpool", ADMIN)
    await ask(core, "admin settings club:Chelsea", other)
    reply = await ask(core, "admin undo", ADMIN)
    assert reply.kind == "user_error" and "changed since" in reply.title
    assert (await core.store.place_settings("discord", GUILD, "C1")).club == "Chelsea"


async def test_bad_settings_change_nothing(core: Core, demo_store: Store) -> None:
    before = await fingerprint(demo_store)
    for text in ("admin settings tz:Mars/Olympus", "admin settings competition:premier",
                 "admin settings mention:everyone-ish", "admin settings club:Nowhere United",
                 "admin settings where:galaxy club:Liverpool"):
        reply = await ask(core, text, ADMIN)
        assert reply.kind == "user_error", text
    assert (await ask(core, "admin settings club:Liverpool")).kind == "user_error"  # not admin
    assert (await ask(core, "admin settings club:Liverpool", ADMIN, server="")).kind \
        == "user_error"   # a DM has no server
    assert await fingerprint(demo_store) == before


async def test_none_clears_a_setting(core: Core) -> None:
    await ask(core, "admin settings club:Liverpool mention:<@&999>", ADMIN)
    assert (await core.store.place_settings("discord", GUILD, "C1")).mention == "role:999"
    await ask(core, "admin settings club:none mention:none", ADMIN)
    place = await core.store.place_settings("discord", GUILD, "C1")
    assert place.club is None and place.mention is None
    assert await core.store.settings_row("discord", GUILD) is None
