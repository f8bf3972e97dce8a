"""Answer one interaction: quickly if the core is quick, else defer first, then follow up.

Discord drops an interaction not acknowledged within 3 seconds, and acknowledges only once.
An answer ready within `defer_after` goes out as the response itself (errors ephemeral);
a slower one is deferred ("thinking…") and then edits that message. A user error after a
public deferral deletes the thinking message and goes to the asker alone. A reply's chart
is drawn within the same time budget and attached to the first embed (multipart upload).
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable

import discord

from adapters.charts import attachment
from adapters.discord.render import ALT_TEXT, clip, messages, show_image
from bot.core import APOLOGY
from bot.reply import Reply

log = logging.getLogger(__name__)


async def _safe(produce: Callable[[], Awaitable[Reply]]) -> tuple[Reply, bytes | None]:
    try:
        reply = await produce()
    except Exception:
        log.exception("internal error in the Discord adapter")
        return Reply(title=APOLOGY, kind="internal_error"), None
    return reply, await attachment(reply.chart)


def _embeds(page: list[dict]) -> list[discord.Embed]:  # type: ignore[type-arg]
    return [discord.Embed.from_dict(e) for e in page]


async def answer(interaction: discord.Interaction, produce: Callable[[], Awaitable[Reply]],
                 defer_after: float) -> None:
    task = asyncio.ensure_future(_safe(produce))
    deferred = False
    try:
        reply, png = await asyncio.wait_for(asyncio.shield(task), defer_after)
    except TimeoutError:
        await interaction.response.defer(thinking=True)
        deferred = True
        reply, png = await task
    pages = messages(reply)
    private = not reply.public
    files: dict[str, list[discord.File]] = {}   # none: a plain JSON request, as before
    if png is not None and reply.chart is not None:
        show_image(pages, reply.chart.filename)
        files["files"] = [discord.File(io.BytesIO(png), filename=reply.chart.filename,
                                       description=clip(reply.chart.alt_text, ALT_TEXT))]
    try:
        if not deferred:
            await interaction.response.send_message(embeds=_embeds(pages[0]), ephemeral=private,
                                                    **files)
        elif private:
            await interaction.delete_original_response()
            await interaction.followup.send(embeds=_embeds(pages[0]), ephemeral=True, **files)
        else:
            await interaction.edit_original_response(
                embeds=_embeds(pages[0]), **({"attachments": files["files"]} if files else {}))
        for page in pages[1:]:
            await interaction.followup.send(embeds=_embeds(page), ephemeral=private)
    except discord.HTTPException as err:
        log.warning("could not answer interaction %s: %s %s", interaction.id, err.status,
                    err.text)
