"""A fake Discord: REST and gateway on one loopback port, enforcing the rules Discord enforces."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fake_discord import payloads, rules
from tests.fake_discord.gateway import Gateway
from tests.fake_discord.uploads import Upload, attachment_problems, read_body, stored

JSON = "application/json"  # exactly: with "; charset=utf-8" discord.py reads the body as text


def reply(status: int, body: Any = None, headers: dict[str, str] | None = None) -> web.Response:
    if body is None:
        return web.Response(status=status, headers=headers)
    return web.Response(status=status, body=json.dumps(body).encode(), headers={
        "Content-Type": JSON, **(headers or {})})


def error(status: int, code: int, message: str, problems: list[str] | None = None) -> web.Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if problems:
        body["errors"] = {"_problems": problems}
    return reply(status, body)


@dataclass(frozen=True)
class RawBody:
    """A fault's body sent as is (not JSON-encoded), or no answer at all."""

    text: str
    content_type: str
    hang: bool = False


@dataclass
class Interaction:
    """One pushed interaction and everything the bot did about it."""

    payload: dict[str, Any]
    created: float
    acked: bool = False
    callbacks: list[dict[str, Any]] = field(default_factory=list)   # accepted callback bodies
    messages: list[dict[str, Any]] = field(default_factory=list)    # every message state
    rejected: list[tuple[int, int]] = field(default_factory=list)   # (status, code)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def token(self) -> str:
        return self.payload["token"]

    async def wait(self, check: Any = None, timeout: float = 3.0) -> Interaction:
        """Until `check(self)` holds (default: a message or autocomplete answer arrived)."""
        check = check or (lambda i: i.messages or any(c["type"] == 8 for c in i.callbacks))
        async with asyncio.timeout(timeout):
            while not check(self):
                self.changed.clear()
                await self.changed.wait()
        return self


class FakeDiscord:
    def __init__(self, token: str = "fake-token", ack_timeout: float = 3.0) -> None:
        self.token = token
        self.ack_timeout = ack_timeout        # Discord's 3 seconds; tests shorten it
        self.gateway = Gateway(token)
        self.commands: dict[str, list[dict[str, Any]]] = {}   # "global" or guild id → schema
        self.interactions: dict[str, Interaction] = {}
        self.channels: dict[str, list[dict[str, Any]]] = {payloads.CHANNEL_ID: []}
        self.forbidden: set[str] = set()
        self.no_attach: set[str] = set()      # channels where the bot may not attach files
        self.nonces: dict[tuple[str, str], dict[str, Any]] = {}   # enforce_nonce → message
        self.files: dict[str, Upload] = {}    # attachment id → the uploaded file, bytes and all
        self.log: list[tuple[str, str, int]] = []
        self.faults: list[tuple[str, int, dict[str, Any] | RawBody, dict[str, str]]] = []
        self.attachment_bytes: dict[str, bytes] = {}   # attachment id → what the user uploaded
        self.recommended_shards = 1           # GET /gateway/bot's "shards"
        self.port = 0
        self._runner: web.AppRunner | None = None

    # --- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> FakeDiscord:
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/gateway/", self.gateway.handle)
        r = app.router
        r.add_get("/api/v10/users/@me", self._me)
        r.add_get("/api/v10/oauth2/applications/@me", self._application)
        r.add_get("/api/v10/gateway/bot", self._gateway_bot)
        r.add_get("/api/v10/gateway", self._gateway_bot)
        r.add_put("/api/v10/applications/{app}/commands", self._sync)
        r.add_put("/api/v10/applications/{app}/guilds/{guild}/commands", self._sync)
        r.add_post("/api/v10/interactions/{id}/{token}/callback", self._callback)
        r.add_post("/api/v10/webhooks/{app}/{token}", self._followup)
        r.add_patch("/api/v10/webhooks/{app}/{token}/messages/@original", self._edit_original)
        r.add_delete("/api/v10/webhooks/{app}/{token}/messages/@original", self._delete_original)
        r.add_post("/api/v10/channels/{channel}/messages", self._channel_message)
        r.add_get("/attachments/{id}/{filename}", self._attachment)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.gateway.url = self.gateway_url
        return self

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway/"

    # --- test controls -----------------------------------------------------------------------
    def fail_next(self, path_part: str, status: int, body: dict[str, Any],
                  headers: dict[str, str] | None = None) -> None:
        """The next request whose path contains `path_part` gets this answer instead."""
        self.faults.append((path_part, status, body, headers or {}))

    def fail_next_raw(self, path_part: str, status: int, text: str,
                      content_type: str = "text/html",
                      headers: dict[str, str] | None = None) -> None:
        """The next such request gets a body that is not JSON (a proxy's page, garbage)."""
        self.faults.append((path_part, status, RawBody(text, content_type), headers or {}))

    def hang_next(self, path_part: str) -> None:
        """The next such request gets no answer within any sane timeout."""
        self.faults.append((path_part, 0, RawBody("", "", hang=True), {}))

    def rate_limit_next(self, path_part: str, retry_after: float) -> None:
        self.fail_next(path_part, 429, {"message": "You are being rate limited.",
                                        "retry_after": retry_after, "global": False},
                       {"Via": "1.1 google", "X-RateLimit-Scope": "user"})

    def schema(self, name: str, guild_id: str | None = payloads.GUILD_ID) -> dict[str, Any] | None:
        for scope in ((guild_id,) if guild_id else ()) + ("global",):
            for cmd in self.commands.get(scope or "", []):
                if cmd["name"] == name:
                    return cmd
        return None

    async def slash(self, path: str, options: dict[str, Any] | None = None,
                    who: dict[str, Any] | None = None, guild_id: str | None = payloads.GUILD_ID,
                    focused: str | None = None, push: bool = True) -> Interaction:
        """Push a slash command (or, with `focused`, an autocomplete) the way Discord would:
        only for a synced command, with options that fit its synced schema. `push=False`
        records the interaction without sending it to the bot (to test the REST rules alone)."""
        words = path.split()
        cmd = self.schema(words[0], guild_id)
        if cmd is None:
            raise AssertionError(f"/{words[0]} was never synced: Discord would not send it")
        guild_only = cmd.get("dm_permission") is False or (
            cmd.get("contexts") is not None and 1 not in cmd["contexts"])
        if guild_id is None and guild_only:
            raise AssertionError(f"/{words[0]} is guild-only: Discord would not send it in a DM")
        values, resolved = self._attachments(options or {})
        opts = build_options(cmd, words[1:], values, focused)
        data = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": opts}
        if resolved:
            data["resolved"] = {"attachments": resolved}
        if guild_id:
            data["guild_id"] = guild_id
        who = who or payloads.member("1600000000000000001", "fan")
        body = payloads.interaction(4 if focused else 2, data, who, guild_id)
        record = Interaction(body, time.monotonic())
        self.interactions[body["id"]] = record
        if push:
            await self.gateway.push("INTERACTION_CREATE", body)
        return record

    def _attachments(self, options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """A (file name, bytes) option becomes an uploaded attachment, as a user's upload
        does: the option's value is the attachment id, its metadata in `resolved`."""
        values, resolved = {}, {}
        for name, value in options.items():
            if not isinstance(value, tuple):
                values[name] = value
                continue
            filename, content = value
            att_id = payloads.snowflake()
            self.attachment_bytes[att_id] = content
            url = f"http://127.0.0.1:{self.port}/attachments/{att_id}/{filename}"
            resolved[att_id] = {"id": att_id, "filename": filename, "size": len(content),
                                "url": url, "proxy_url": url, "content_type": "text/csv"}
            values[name] = att_id
        return values, resolved

    async def _attachment(self, request: web.Request) -> web.Response:
        content = self.attachment_bytes.get(request.match_info["id"])
        if content is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=content, content_type="text/csv")

    # --- REST --------------------------------------------------------------------------------
    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        for i, (part, status, body, headers) in enumerate(self.faults):
            if part in request.path:
                del self.faults[i]
                self.log.append((request.method, request.path, status))
                if isinstance(body, RawBody):
                    if body.hang:
                        await asyncio.sleep(30)
                    return web.Response(status=status, text=body.text, headers={
                        "Content-Type": body.content_type, **headers})
                return reply(status, body, headers)
        needs_auth = request.path.startswith("/api/") and not any(
            p in request.path for p in ("/interactions/", "/webhooks/"))
        if needs_auth and request.headers.get("Authorization") != f"Bot {self.token}":
            self.log.append((request.method, request.path, 401))
            return error(401, 0, "401: Unauthorized")
        response = await handler(request)
        self.log.append((request.method, request.path, response.status))
        return response

    async def _me(self, request: web.Request) -> web.Response:
        return reply(200, payloads.BOT_USER)

    async def _application(self, request: web.Request) -> web.Response:
        return reply(200, payloads.application())

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        return reply(200, {"url": self.gateway_url, "shards": self.recommended_shards,
                           "session_start_limit": {
            "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})

    async def _sync(self, request: web.Request) -> web.Response:
        if request.match_info["app"] != payloads.APP_ID:
            return error(403, 50001, "Missing Access")
        body = await request.json()
        problems = rules.command_problems(body)
        if problems:
            return error(400, 50035, "Invalid Form Body", problems)
        scope = request.match_info.get("guild", "global")
        synced = [{**c, "id": payloads.snowflake(), "application_id": payloads.APP_ID,
                   "version": payloads.snowflake(), "type": c.get("type", 1),
                   **({"guild_id": scope} if scope != "global" else {})} for c in body]
        self.commands[scope] = synced
        return reply(200, synced)

    def _interaction(self, request: web.Request, by_token: bool) -> Interaction | None:
        for record in self.interactions.values():
            if by_token and record.token == request.match_info["token"]:
                return record
            if not by_token and record.payload["id"] == request.match_info["id"] \
                    and record.token == request.match_info["token"]:
                return record
        return None

    async def _callback(self, request: web.Request) -> web.Response:
        record = self._interaction(request, by_token=False)
        if record is None or time.monotonic() - record.created > self.ack_timeout:
            if record:
                record.rejected.append((404, 10062))
                record.changed.set()
            return error(404, 10062, "Unknown interaction")
        if record.acked:
            record.rejected.append((400, 40060))
            record.changed.set()
            return error(400, 40060, "Interaction has already been acknowledged.")
        body, uploads, problems = await read_body(request)
        data = body.get("data") or {}
        if body.get("type") == 8:
            problems += rules.choice_problems(data.get("choices") or [])
        elif body.get("type") == 4:
            problems += rules.message_problems(data) + attachment_problems(data, uploads)
        if problems:
            record.rejected.append((400, 50035))
            record.changed.set()
            return error(400, 50035, "Invalid Form Body", problems)
        record.acked = True
        record.callbacks.append(body)
        answer: dict[str, Any] = {"interaction": {
            "id": record.payload["id"], "type": record.payload["type"],
            "response_message_loading": body.get("type") == 5,
            "response_message_ephemeral": bool(data.get("flags", 0) & 64)}}
        if body.get("type") in (4, 5):
            msg = payloads.message(payloads.CHANNEL_ID, data, record.payload)
            msg["attachments"] = stored(data, uploads, payloads.CHANNEL_ID, self.files)
            answer["interaction"]["response_message_id"] = msg["id"]
            answer["resource"] = {"type": body["type"], "message": msg}
            if body["type"] == 4:
                record.messages.append({"via": "callback", **msg})
        record.changed.set()
        return reply(200, answer)

    async def _webhook_message(self, request: web.Request, via: str) -> web.Response:
        record = self._interaction(request, by_token=True)
        if record is None or not record.acked:
            if record:
                record.rejected.append((404, 10015))
                record.changed.set()
            return error(404, 10015, "Unknown Webhook")
        body, uploads, problems = await read_body(request)
        problems += rules.message_problems(body) + attachment_problems(body, uploads)
        if problems:
            record.rejected.append((400, 50035))
            record.changed.set()
            return error(400, 50035, "Invalid Form Body", problems)
        msg = payloads.message(payloads.CHANNEL_ID, body, record.payload)
        msg["attachments"] = stored(body, uploads, payloads.CHANNEL_ID, self.files)
        record.messages.append({"via": via, **msg})
        record.changed.set()
        return reply(200, msg)

    async def _followup(self, request: web.Request) -> web.Response:
        return await self._webhook_message(request, "followup")

    async def _edit_original(self, request: web.Request) -> web.Response:
        return await self._webhook_message(request, "edit_original")

    async def _delete_original(self, request: web.Request) -> web.Response:
        record = self._interaction(request, by_token=True)
        if record is None or not record.acked:
            return error(404, 10008, "Unknown Message")
        record.messages.append({"via": "delete_original"})
        record.changed.set()
        return reply(204)

    async def _channel_message(self, request: web.Request) -> web.Response:
        channel = request.match_info["channel"]
        if channel in self.forbidden:
            return error(403, 50013, "Missing Permissions")
        if channel not in self.channels:
            return error(404, 10003, "Unknown Channel")
        body, uploads, problems = await read_body(request)
        problems += rules.message_problems(body) + attachment_problems(body, uploads)
        if channel in self.no_attach and uploads:
            return error(403, 50013, "Missing Permissions")   # no ATTACH_FILES here
        if problems:
            return error(400, 50035, "Invalid Form Body", problems)
        nonce = body.get("nonce")
        if body.get("enforce_nonce") and nonce is not None:
            earlier = self.nonces.get((channel, str(nonce)))
            if earlier is not None:   # Discord returns the earlier message, posts nothing
                return reply(200, earlier)
        msg = payloads.message(channel, body)
        msg["attachments"] = stored(body, uploads, channel, self.files)
        if nonce is not None:
            msg["nonce"] = nonce
            if body.get("enforce_nonce"):
                self.nonces[(channel, str(nonce))] = msg
        self.channels[channel].append(msg)
        return reply(200, msg)


def build_options(cmd: dict[str, Any], sub: list[str], values: dict[str, Any],
                  focused: str | None) -> list[dict[str, Any]]:
    """Options for an interaction, checked against the synced schema as Discord checks input."""
    schema = cmd.get("options") or []
    if sub:
        for opt in schema:
            if opt["name"] == sub[0] and opt["type"] in (1, 2):
                return [{"name": opt["name"], "type": opt["type"],
                         "options": build_options(opt, sub[1:], values, focused)}]
        raise AssertionError(f"/{cmd['name']} has no subcommand {sub[0]}")
    by_name = {o["name"]: o for o in schema}
    unknown = set(values) - set(by_name)
    if unknown:
        raise AssertionError(f"/{cmd['name']} has no option(s) {sorted(unknown)}")
    if not focused:
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in values]
        if missing:
            raise AssertionError(f"/{cmd['name']} needs {missing}: Discord would not send it")
    out = []
    for name, value in values.items():
        opt = by_name[name]
        choices = [c["value"] for c in opt.get("choices") or []]
        if choices and value not in choices and name != focused:
            raise AssertionError(f"{name}={value!r} is not one of the synced choices")
        item = {"name": name, "type": opt["type"], "value": value}
        if name == focused:
            if not opt.get("autocomplete"):
                raise AssertionError(f"{name} has no autocomplete")
            item["focused"] = True
        out.append(item)
    return out
