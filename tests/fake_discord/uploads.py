"""Message bodies as Discord reads them: JSON, or multipart/form-data with files.

A message with files is `multipart/form-data`: a `payload_json` part (the JSON body, whose
`attachments` list names each file by `id` = its index) and one `files[N]` part per file.
An embed may show an uploaded file by `attachment://FILENAME`. The fake refuses what
Discord refuses: a missing payload_json, an attachment entry with no matching file part, an
embed image naming no uploaded file, alt text (`description`) over 1024 characters, a file
over the size limit.
"""

from __future__ import annotations

import json
import mimetypes
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fake_discord import payloads

FILE_PART = re.compile(r"^files\[(\d+)\]$")
DESCRIPTION = 1024
SIZE_LIMIT = 8 * 1024 * 1024


@dataclass
class Upload:
    index: int
    filename: str
    content_type: str
    data: bytes


async def read_body(request: web.Request) -> tuple[dict[str, Any], list[Upload], list[str]]:
    """(JSON body, uploaded files, problems) of a message-creating request."""
    if request.content_type != "multipart/form-data":
        return await request.json(), [], []
    body: dict[str, Any] | None = None
    uploads: list[Upload] = []
    reader = await request.multipart()
    async for part in reader:
        name = part.name or ""  # type: ignore[union-attr]
        if name == "payload_json":
            body = json.loads(await part.text())  # type: ignore[union-attr]
        elif m := FILE_PART.match(name):
            uploads.append(Upload(int(m.group(1)), part.filename or "",  # type: ignore[union-attr]
                                  part.headers.get("Content-Type", ""),
                                  bytes(await part.read())))  # type: ignore[union-attr]
        else:
            return {}, uploads, [f"unexpected form part {name!r}"]
    if body is None:
        return {}, uploads, ["multipart message without payload_json"]
    return body, uploads, []


def attachment_problems(message: dict[str, Any], uploads: list[Upload]) -> list[str]:
    """`message` is the message object (a callback's `data`, or the body itself)."""
    out = []
    by_index = {u.index: u for u in uploads}
    names = {u.filename for u in uploads}
    for entry in message.get("attachments") or []:
        upload = by_index.get(int(entry.get("id", -1)))
        if upload is None:
            out.append(f"attachment {entry.get('id')} has no files[{entry.get('id')}] part")
        elif entry.get("filename") not in (None, upload.filename):
            out.append(f"attachment {entry['id']} filename does not match its file part")
        if len(entry.get("description") or "") > DESCRIPTION:
            out.append(f"attachment description longer than {DESCRIPTION}")
    for u in uploads:
        if len(u.data) > SIZE_LIMIT:
            out.append(f"file {u.filename} larger than {SIZE_LIMIT} bytes")
    for embed in message.get("embeds") or []:
        for key in ("image", "thumbnail"):
            url = (embed.get(key) or {}).get("url", "")
            if url.startswith("attachment://") and url.removeprefix("attachment://") not in names:
                out.append(f"embed {key} {url} names no uploaded file")
    return out


def stored(message: dict[str, Any], uploads: list[Upload], channel_id: str,
           files: dict[str, Upload]) -> list[dict[str, Any]]:
    """The message's `attachments` as Discord returns them; the bytes kept in `files` by id."""
    described = {int(e.get("id", -1)): e for e in message.get("attachments") or []}
    out = []
    for u in uploads:
        attachment_id = payloads.snowflake()
        files[attachment_id] = u
        out.append({"id": attachment_id, "filename": u.filename, "size": len(u.data),
                    # Discord sets the type from the file itself, not the part's header
                    "content_type": _sniff(u),
                    "description": described.get(u.index, {}).get("description"),
                    "url": f"https://cdn.discordapp.com/attachments/{channel_id}/"
                           f"{attachment_id}/{u.filename}",
                    "proxy_url": f"https://media.discordapp.net/attachments/{channel_id}/"
                                 f"{attachment_id}/{u.filename}"})
    return out


def _sniff(u: Upload) -> str:
    if u.data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return mimetypes.guess_type(u.filename)[0] or "application/octet-stream"
