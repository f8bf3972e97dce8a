"""Answer one interaction: quickly if the core is quick, else defer first, then follow up.

Discord drops an interaction not acknowledged within 3 seconds, and acknowledges only once.
An answer ready within `defer_after` goes out as the response itself (errors ephemeral);
a slower one is deferred ("thinking…") and then edits that message. A user error after a
public deferral deletes the thinking message and goes to the asker alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import discord

from adapters.discord.render import messages
from bot.core import APOLOGY
from bot.reply import Reply

log = logging.getLogger(__name__)


async def _safe(produce: Callable[[], Awaitable[Reply]]) -> Reply:
    try:
        return await produce()
    except Exception:
        log.exception("internal error in the Discord adapter")
        return Reply(title=APOLOGY, kind="internal_error")


def _embeds(page: list[dict]) -> list[discord.Embed]:  # type: ignore[type-arg]
    return [discord.Embed.from_dict(e) for e in page]


async def answer(interaction: discord.Interaction, produce: Callable[[], Awaitable[Reply]],
                 defer_after: float) -> None:
    task = asyncio.ensure_future(_safe(produce))
    deferred = False
    try:
        reply = await asyncio.wait_for(asyncio.shield(task), defer_after)
    except TimeoutError:
        await interaction.response.defer(thinking=True)
        deferred = True
        reply = await task
    pages = messages(reply)
    private = not reply.public
    try:
        if not deferred:
            await interaction.response.send_message(embeds=_embeds(pages[0]), ephemeral=private)
        elif private:
            await interaction.delete_original_response()
            await interaction.followup.send(embeds=_embeds(pages[0]), ephemeral=True)
        else:
            await interaction.edit_original_response(embeds=_embeds(pages[0]))
        for page in pages[1:]:
            await interaction.followup.send(embeds=_embeds(page), ephemeral=private)
    except discord.HTTPException as err:
        log.warning("could not answer interaction %s: %s %s", interaction.id, err.status,
                    err.text)
