"""One slash command answered after `ack()`: the core's reply, or the apology, never silence.

Bolt turns an exception that escapes a listener into an unset ack (a 404 and "didn't call
ack()" for the user), even when `ack()` already ran; so whatever fails after the ack is
logged here and answered with the apology through `respond`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Collection
from typing import Any

from slack_bolt.async_app import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admin import is_admin
from adapters.slack.charts import answer_command as deliver
from adapters.slack.render import unescape
from bot.commands import Actor
from bot.core import APOLOGY, Core

log = logging.getLogger(__name__)


async def answer_command(core: Core, client: AsyncWebClient, admin_ids: Collection[str],
                         command: dict[str, Any], respond: AsyncRespond) -> None:
    """Ask the core; `users.info` only for an admin command (others need no round trip)."""
    try:
        text = unescape(command.get("text", ""))
        user_id = command.get("user_id", "")
        admin = core.needs_admin(text) and await is_admin(client, user_id, admin_ids)
        actor = Actor("slack", user_id, command.get("user_name", ""), is_admin=admin)
        reply = await core.ask(text, actor, command.get("channel_id", ""),
                               server=command.get("team_id", ""))
        await deliver(client, respond, command, reply)   # with its chart, if any
    except Exception:
        log.exception("Slack command failed after its ack; answering with the apology")
        with contextlib.suppress(Exception):
            await respond(text=APOLOGY, response_type="ephemeral")
