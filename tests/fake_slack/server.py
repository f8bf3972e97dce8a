"""A fake Slack on 127.0.0.1: Web API, response_url sink, Socket Mode websocket, and the
sender of signed slash commands. It enforces the rules Slack enforces and records all."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
from aiohttp import web

from .blocks import message_problems
from .oauth import OAuthSide

TEAM = "T0FAKE"
BOT_USER = "UBOT"


@dataclass
class CommandSent:
    """One slash command as the fake sent it, and what came back."""

    rid: str
    text: str
    status: int = 0          # HTTP mode: bolt's answer to the POST
    ack_seconds: float = 0.0
    envelope_id: str = ""    # Socket Mode


@dataclass
class FakeSlack(OAuthSide):
    signing_secret: str = "fake-signing-secret"
    bot_token: str = "xoxb-fake-bot-token"
    app_token: str = "xapp-fake-app-token"
    users: dict[str, dict[str, Any]] = field(default_factory=lambda: {
        "UADMIN": {"name": "ada", "is_admin": True},
        "UOWNER": {"name": "olive", "is_owner": True},
        "UMEMBER": {"name": "mo"},
    })
    # channel id → "member" | "not_in_channel" | "archived"; unknown ids: channel_not_found
    channels: dict[str, str] = field(default_factory=lambda: {"CGENERAL": "member"})
    rate_limit_seconds: int | None = None     # chat.postMessage answers 429 while set
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)
    acks: dict[str, tuple[float, dict[str, Any]]] = field(default_factory=dict)
    pushed: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    connections: int = 0
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)   # file id → upload
    files: list[dict[str, Any]] = field(default_factory=list)         # shared, with bytes
    fail_uploads: bool = False      # the upload URL answers 500 while set
    # Web API method → a fault it answers with while set (see FAULTS)
    faults: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)          # bot token → workspace
    channel_teams: dict[str, str] = field(default_factory=dict)   # channel → workspace (TEAM)
    api_teams: list[tuple[str, str]] = field(default_factory=list)   # (method, token's team)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._tickets: set[str] = set()
        self._sockets: list[web.WebSocketResponse] = []
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.tokens = self.tokens or {self.bot_token: TEAM}
        self._oauth_init()

    # ---- lifecycle -------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{rid}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/link/", self._socket)
        self.add_oauth_routes(app)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    async def close(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, check: Callable[[], Any], timeout: float = 3.0) -> Any:
        """Wait until `check()` is truthy (what happened is recorded, never polled by sleep)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(check), timeout)
        return check()

    # ---- Web API ---------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            raw = await request.text()
            if request.content_type == "application/json":
                params.update(json.loads(raw or "{}"))
            else:
                params.update(parse_qsl(raw))
        self.calls.append((method, params))
        await self._notify()
        auth = request.headers.get("Authorization", "")
        if method == "oauth.v2.access":
            return _json(self.oauth_v2_access(params, auth))
        token = auth.removeprefix("Bearer ")
        team = self.team_of(token)
        if method == "apps.connections.open" and token != self.app_token or (
                method != "apps.connections.open" and team is None):
            return _json({"ok": False, "error": "invalid_auth"})
        self.api_teams.append((method, team or ""))
        params["_team"] = team
        if method in self.faults:
            return await fault_response(self.faults[method])
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        if handler is None:
            return _json({"ok": False, "error": "unknown_method"})
        return await handler(params)

    def _in_team(self, params: dict[str, Any], key: str = "channel") -> str | None:
        """The channel's state as the token's workspace sees it (another's: not found)."""
        channel = str(params.get(key) or "")
        if self.channel_teams.get(channel, TEAM) != params.get("_team"):
            return None
        return self.channels.get(channel)

    async def api_auth_test(self, params: dict[str, Any]) -> web.Response:
        team = params.get("_team") or TEAM
        return _json({"ok": True, "url": "https://fake.slack.com/", "team": "Fake FC",
                      "user": "matchfacts", "team_id": team,
                      "user_id": BOT_USER if team == TEAM else f"UBOT{team}",
                      "bot_id": "BFAKE", "is_enterprise_install": False})

    async def api_users_info(self, params: dict[str, Any]) -> web.Response:
        user = self.users.get(params.get("user", ""))
        if user is None:
            return _json({"ok": False, "error": "user_not_found"})
        return _json({"ok": True, "user": {"id": params["user"], "team_id": TEAM,
                                           "is_admin": False, "is_owner": False, **user}})

    async def api_chat_postMessage(self, params: dict[str, Any]) -> web.Response:
        if self.rate_limit_seconds is not None:
            return _json({"ok": False, "error": "ratelimited"}, status=429,
                         headers={"Retry-After": str(self.rate_limit_seconds)})
        state = self._in_team(params)
        if state is None:
            return _json({"ok": False, "error": "channel_not_found"})
        if state != "member":
            return _json({"ok": False, "error": "is_archived" if state == "archived"
                          else state})
        problems = message_problems(params)
        if problems:
            self.problems += problems
            return _json({"ok": False, "error": "invalid_blocks", "errors": problems})
        ts = f"{time.time():.6f}"
        self.messages.append({**params, "ts": ts, "pings": pings(params),
                              "team": params.get("_team")})
        await self._notify()
        return _json({"ok": True, "channel": params["channel"], "ts": ts,
                      "message": {"text": params.get("text"), "ts": ts}})

    async def api_conversations_history(self, params: dict[str, Any]) -> web.Response:
        """Newest first; metadata only with include_all_metadata, as Slack does."""
        channel = params.get("channel", "")
        state = self._in_team(params)
        if state is None:
            return _json({"ok": False, "error": "channel_not_found"})
        if state == "not_in_channel":
            return _json({"ok": False, "error": "not_in_channel"})
        with_meta = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        limit = int(params.get("limit") or 100)
        start = int(params.get("cursor") or 0)
        mine = [m for m in reversed(self.messages) if m.get("channel") == channel]
        page = mine[start:start + limit]
        out = [{"type": "message", "ts": m["ts"], "text": m.get("text"), "bot_id": "BFAKE",
                **({"metadata": m["metadata"]} if with_meta and m.get("metadata") else {})}
               for m in page]
        more = start + limit < len(mine)
        return _json({"ok": True, "messages": out, "has_more": more,
                      "response_metadata": {"next_cursor": str(start + limit) if more else ""}})

    # ---- files upload (files.getUploadURLExternal → POST bytes → completeUploadExternal)
    async def api_files_getUploadURLExternal(self, params: dict[str, Any]) -> web.Response:
        filename, length = params.get("filename") or "", str(params.get("length") or "")
        if not filename or not length.isdigit() or int(length) <= 0:
            return _json({"ok": False, "error": "invalid_arguments"})
        if len(params.get("alt_txt") or "") > 1000:
            return _json({"ok": False, "error": "invalid_arguments"})
        file_id = f"F{next(self._ids):08d}"
        self.uploads[file_id] = {"filename": filename, "length": int(length),
                                 "alt_txt": params.get("alt_txt"), "data": None}
        return _json({"ok": True, "file_id": file_id,
                      "upload_url": f"{self.url}/upload/{file_id}"})

    async def _upload(self, request: web.Request) -> web.Response:
        upload = self.uploads.get(request.match_info["file_id"])
        if upload is None:
            return web.Response(status=404, text="unknown upload")
        if self.fail_uploads:
            return web.Response(status=500, text="upload failed")
        upload["data"] = await request.read()
        return web.Response(text=f"OK - {len(upload['data'])}")

    async def api_files_completeUploadExternal(self, params: dict[str, Any]) -> web.Response:
        try:
            wanted = json.loads(params.get("files") or "")
        except ValueError:
            return _json({"ok": False, "error": "invalid_arguments"})
        channel, thread = params.get("channel_id"), params.get("thread_ts")
        if channel:
            state = self.channels.get(channel)
            if state is None:
                return _json({"ok": False, "error": "channel_not_found"})
            if state != "member":
                return _json({"ok": False, "error": "not_in_channel"})
            if thread and not any(m.get("channel") == channel and m["ts"] == thread
                                  for m in self.messages):
                return _json({"ok": False, "error": "invalid_thread_ts"})
        done = []
        for f in wanted:
            upload = self.uploads.get(f.get("id", ""))
            if upload is None or upload["data"] is None:
                return _json({"ok": False, "error": "file_not_found"})
            if len(upload["data"]) != upload["length"]:
                self.problems.append(f"{f['id']}: {len(upload['data'])} bytes uploaded, "
                                     f"length said {upload['length']}")
                return _json({"ok": False, "error": "file_upload_size_mismatch"})
            done.append({"id": f["id"], "title": f.get("title") or upload["filename"],
                         "name": upload["filename"]})
            self.files.append({**upload, "id": f["id"], "title": f.get("title"),
                               "channel": channel, "thread_ts": thread})
        await self._notify()
        return _json({"ok": True, "files": done})

    async def api_apps_connections_open(self, params: dict[str, Any]) -> web.Response:
        ticket = uuid.uuid4().hex
        self._tickets.add(ticket)
        ws_url = self.url.replace("http://", "ws://") + f"/link/?ticket={ticket}"
        return _json({"ok": True, "url": ws_url})

    # ---- response_url ----------------------------------------------------------------
    def new_response_url(self) -> tuple[str, str]:
        rid = f"R{next(self._ids)}"
        self.responses[rid] = []
        return rid, f"{self.url}/response/{rid}"

    async def _response_url(self, request: web.Request) -> web.Response:
        rid = request.match_info["rid"]
        if rid not in self.responses:
            return web.Response(status=404, text="no_such_response_url")
        if len(self.responses[rid]) >= 5:          # Slack: at most 5 uses
            return web.Response(status=404, text="used_url")
        body = await request.json()
        problems = message_problems(body)
        if problems:
            self.problems += problems
            return web.Response(status=400, text="invalid_blocks")
        self.responses[rid].append(body)
        await self._notify()
        return web.Response(text="ok")

    async def wait_response(self, rid: str, timeout: float = 3.0) -> dict[str, Any]:
        return (await self.wait_for(lambda: self.responses[rid], timeout))[0]

    # ---- slash commands --------------------------------------------------------------
    def command_payload(self, text: str, user_id: str, channel_id: str,
                        response_url: str, team: str = TEAM) -> dict[str, str]:
        user = self.users.get(user_id, {})
        return {"token": "deprecated-verification-token", "team_id": team,
                "team_domain": "fake", "channel_id": channel_id, "channel_name": "general",
                "user_id": user_id, "user_name": user.get("name", "someone"),
                "command": "/matchfacts", "text": slack_escape(text), "api_app_id": "AFAKE",
                "is_enterprise_install": "false", "response_url": response_url,
                "trigger_id": f"{next(self._ids)}.fake"}

    def sign(self, body: str, timestamp: int) -> str:
        base = f"v0:{timestamp}:{body}".encode()
        return "v0=" + hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()

    async def post_command(self, events_url: str, text: str, user_id: str = "UMEMBER",
                           channel_id: str = "CGENERAL", *, age: int = 0,
                           secret: str | None = None, team: str = TEAM) -> CommandSent:
        """POST a slash command to a bot in HTTP mode, signed as Slack signs it."""
        rid, response_url = self.new_response_url()
        body = urlencode(self.command_payload(text, user_id, channel_id, response_url, team))
        ts = int(time.time()) - age
        signature = (FakeSlack(signing_secret=secret).sign(body, ts) if secret
                     else self.sign(body, ts))
        started = time.monotonic()
        async with aiohttp.ClientSession() as session, session.post(
            events_url, data=body, headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": signature,
            }) as resp:
            await resp.read()
            return CommandSent(rid, text, resp.status, time.monotonic() - started)

    # ---- Socket Mode -----------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            raise web.HTTPUnauthorized(text="invalid ticket")
        self._tickets.discard(ticket)
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        self.connections += 1
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "debug_info": {"host": "fake-slack"},
                            "connection_info": {"app_id": "AFAKE"}})
        await self._notify()
        try:
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                envelope_id = data.get("envelope_id", "")
                if envelope_id in self.pushed:
                    self.acks[envelope_id] = (time.monotonic() - self.pushed[envelope_id], data)
                else:
                    self.problems.append(f"ack for unknown envelope {envelope_id!r}")
                await self._notify()
        finally:
            self._sockets.remove(ws)
            await self._notify()
        return ws

    @property
    def connected(self) -> bool:
        return bool(self._sockets)

    async def push_command(self, text: str, user_id: str = "UMEMBER",
                           channel_id: str = "CGENERAL") -> CommandSent:
        """Push a slash command envelope down the newest Socket Mode connection."""
        await self.wait_for(lambda: self._sockets)
        rid, response_url = self.new_response_url()
        envelope_id = str(uuid.uuid4())
        self.pushed[envelope_id] = time.monotonic()
        await self._sockets[-1].send_json({
            "envelope_id": envelope_id, "type": "slash_commands",
            "payload": self.command_payload(text, user_id, channel_id, response_url),
            "accepts_response_payload": True})
        return CommandSent(rid, text, envelope_id=envelope_id)

    async def wait_ack(self, envelope_id: str, timeout: float = 3.0) -> float:
        await self.wait_for(lambda: envelope_id in self.acks, timeout)
        return self.acks[envelope_id][0]

    async def send_disconnect(self) -> None:
        """Ask the client to reconnect, as Slack does before it rotates a connection."""
        await self._sockets[-1].send_json({"type": "disconnect", "reason": "refresh_requested",
                                           "debug_info": {"host": "fake-slack"}})


HTML_PAGE = "<html><body><h1>502 Bad Gateway</h1></body></html>"
FAULTS = ("html_500", "html_as_json_502", "garbage_200", "hang", "ratelimit_header",
          "ratelimit_html")


async def fault_response(kind: str) -> web.Response:
    """What a proxy or an overloaded Slack really sends: HTML pages (some labelled JSON),
    garbage with a 200, no answer at all, a 429 whose wait is only in `Retry-After`."""
    if kind == "html_500":
        return web.Response(status=500, text=HTML_PAGE, content_type="text/html")
    if kind == "html_as_json_502":
        return web.Response(status=502, text=HTML_PAGE, content_type="application/json")
    if kind == "garbage_200":
        return web.Response(status=200, text="\x00{ok: tru", content_type="application/json")
    if kind == "hang":
        await asyncio.sleep(30)
    if kind == "ratelimit_header":
        return _json({"ok": False, "error": "ratelimited"}, status=429,
                     headers={"Retry-After": "4"})
    if kind == "ratelimit_html":
        return web.Response(status=429, text=HTML_PAGE, content_type="text/html",
                            headers={"Retry-After": "6"})
    raise ValueError(f"unknown fault {kind!r}")


def pings(params: dict[str, Any]) -> list[str]:
    """Who a message notifies, as Slack reads its markup: `<!here>`, `<!subteam^ID>`."""
    text = str(params.get("text") or "")
    found = ["here"] if re.search(r"<!here(\|[^>]*)?>", text) else []
    return found + [f"group:{g}" for g in re.findall(r"<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>", text)]


def slack_escape(text: str) -> str:
    """Slack sends slash-command text with &, < and > HTML-escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _json(data: dict[str, Any], status: int = 200,
          headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(text=json.dumps(data), status=status, headers=headers,
                        content_type="application/json")
