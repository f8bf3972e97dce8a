"""HTTP mode end to end: the fake Slack signs and POSTs slash commands to the real bolt app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fake_slack import FakeSlack
from fake_slack.harness import (
    MEMBER,
    answer_body,
    assert_same_answer,
    block_texts,
    http_bot,
    skip_until_on_main,
    slack_settings,
)
from scenarios import SCENARIOS, Scenario

from adapters.slack.app import build_app
from adapters.slack.render import fallback
from bot.core import Core
from bot.errors import UserError
from bot.settings import Settings

H2H = "h2h Liverpool v Real Madrid"


@pytest.fixture
async def events_url(fake: FakeSlack, core: Core) -> AsyncIterator[str]:
    async with http_bot(core, slack_settings(fake, slack_admin_ids=("ULISTED",))) as url:
        yield url


async def test_signed_command_is_acked_within_3s_then_answered_in_blocks(
        fake: FakeSlack, events_url: str, core: Core) -> None:
    sent = await fake.post_command(events_url, H2H)
    assert sent.status == 200
    assert sent.ack_seconds < 3
    body = await answer_body(fake, sent)
    reply = await core.ask(H2H)
    assert body["response_type"] == "in_channel"
    assert body["blocks"][0] == {"type": "header", "text": {
        "type": "plain_text", "text": "Liverpool v Real Madrid: head-to-head", "emoji": True}}
    assert body["text"] == fallback(reply)
    assert "Played 13: Liverpool won 5, drew 1, lost 7" in block_texts(body)
    assert body["blocks"][-1]["type"] == "context"            # scope and as-of line
    assert reply.footnote in block_texts(body)
    assert any(b["type"] == "section" and b["text"]["text"].startswith("```\nDate")
               for b in body["blocks"])                        # the table, preformatted
    assert fake.problems == []
    assert [m for m, _ in fake.calls].count("auth.test") == 1


async def test_wrong_signature_is_rejected_with_401(fake: FakeSlack, events_url: str) -> None:
    sent = await fake.post_command(events_url, H2H, secret="not-the-signing-secret")
    assert sent.status == 401
    assert fake.responses[sent.rid] == []
    assert not any(m == "users.info" for m, _ in fake.calls)


async def test_stale_timestamp_is_rejected_with_401(fake: FakeSlack, events_url: str) -> None:
    sent = await fake.post_command(events_url, H2H, age=301)
    assert sent.status == 401
    assert fake.responses[sent.rid] == []


async def test_unknown_club_answers_only_the_asker(fake: FakeSlack, events_url: str) -> None:
    sent = await fake.post_command(events_url, "h2h Liverpool v Xyzzy United")
    body = await fake.wait_response(sent.rid)
    assert body["response_type"] == "ephemeral"
    assert "Xyzzy United" in block_texts(body)


async def test_user_error_suggestions_show_as_did_you_mean(
        fake: FakeSlack, events_url: str, core: Core) -> None:
    text = "hh2 Liverpool v Real Madrid"
    body = await fake.wait_response((await fake.post_command(events_url, text)).rid)
    reply = await core.ask(text, MEMBER, "CGENERAL")
    assert reply.suggestions
    assert body["response_type"] == "ephemeral"
    assert "Did you mean: " + ", ".join(f"`{s}`" for s in reply.suggestions) + "?" \
        in block_texts(body)


async def test_slack_escaping_is_undone_before_the_core_reads_the_text(
        fake: FakeSlack, events_url: str, core: Core) -> None:
    text = "h2h Liverpool v Brighton & <Hove>"
    body = await fake.wait_response((await fake.post_command(events_url, text)).rid)
    reply = await core.ask(text, MEMBER, "CGENERAL")
    assert "Brighton & <Hove>" in reply.title
    assert_same_answer(body, reply)


async def test_admin_rule_is_asked_of_slack_on_every_admin_call_and_only_then(
        fake: FakeSlack, events_url: str) -> None:
    for text in ("help", H2H + " chart:no", "admin log", "admin log"):
        await fake.wait_response((await fake.post_command(events_url, text)).rid)
    asked = [p["user"] for m, p in fake.calls if m == "users.info"]
    assert asked == ["UMEMBER", "UMEMBER"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
async def test_shared_scenarios_give_the_cores_answer(
        fake: FakeSlack, events_url: str, core: Core, scenario: Scenario) -> None:
    skip_until_on_main(core, scenario)
    sent = await fake.post_command(events_url, scenario.text, user_id="UMEMBER")
    body = await answer_body(fake, sent)
    reply = await core.ask(scenario.text, MEMBER, "CGENERAL")
    assert reply.kind == scenario.kind
    assert_same_answer(body, reply)


@pytest.mark.parametrize(("user", "allowed"), [
    ("UMEMBER", False), ("UADMIN", True), ("UOWNER", True), ("ULISTED", True)])
async def test_admin_commands_only_for_workspace_admins_owners_or_listed_ids(
        fake: FakeSlack, events_url: str, core: Core, user: str, allowed: bool) -> None:
    sent = await fake.post_command(events_url, "admin log", user_id=user)
    body = await fake.wait_response(sent.rid)
    refused = "for admins only" in block_texts(body)
    assert refused is not allowed
    if not allowed:
        assert body["response_type"] == "ephemeral"


def test_missing_bot_token_fails_at_start_naming_the_key(core: Core) -> None:
    with pytest.raises(UserError, match="SLACK_BOT_TOKEN"):
        build_app(core, Settings())


def test_http_mode_without_signing_secret_fails_naming_the_key(core: Core) -> None:
    from bot.settings import Secret

    with pytest.raises(UserError, match="SLACK_SIGNING_SECRET"):
        build_app(core, Settings(slack_bot_token=Secret("xoxb-1")))
