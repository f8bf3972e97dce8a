"""A file attached to a slash command (`/admin import file:`) → the core's attachment.

Discord sends the attachment's metadata in the interaction; the bytes are fetched from its
URL only when they fit the import limit, so an oversized upload costs no download.
"""

from __future__ import annotations

import logging

import aiohttp
import discord

from bot.errors import UserError
from bot.families.admin_import import MAX_BYTES

log = logging.getLogger(__name__)

FILE_OPTION = "file"
FILE_HELP = "The data file to import (.csv or .txt)"


async def read_upload(upload: discord.Attachment | None) -> tuple[bytes | None, str | None]:
    """(bytes, file name) of the attachment, or (None, None) when none was given."""
    if upload is None:
        return None, None
    if upload.size > MAX_BYTES:
        raise UserError(f"That file is {upload.size // 1024 // 1024} MB; the limit is "
                        f"{MAX_BYTES // 1024 // 1024} MB.")
    try:
        return await upload.read(), upload.filename
    except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as err:
        log.warning("could not download attachment %s: %r", upload.filename, err)
        raise UserError(f"I could not download {upload.filename} from Discord; "
                        "try attaching it again.") from None
