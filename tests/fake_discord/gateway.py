"""The fake's gateway: HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE, RESUME, pushes."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fake_discord import payloads


@dataclass
class Session:
    session_id: str
    ws: web.WebSocketResponse
    seq: int = 0
    shard: list[int] = field(default_factory=lambda: [0, 1])

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        await self.ws.send_json({"op": 0, "t": event, "s": self.seq, "d": data})


class Gateway:
    """One websocket endpoint; plain-text frames (discord.py accepts them beside zlib)."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.sessions: dict[str, Session] = {}
        self.current: Session | None = None
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.closes: list[int] = []
        self.ready = asyncio.Event()
        self.url = ""
        self.guilds: list[dict[str, Any]] = [payloads.guild()]   # GUILD_CREATE bodies

    def session_for(self, guild_id: str) -> Session | None:
        """The live session of the shard Discord puts the guild on."""
        for session in self.sessions.values():
            shard_id, count = session.shard
            if (int(guild_id) >> 22) % count == shard_id and not session.ws.closed:
                return session
        return None

    async def push_to_guild(self, event: str, data: dict[str, Any], guild_id: str) -> None:
        """An event about one guild, sent down its own shard's connection."""
        session = self.session_for(guild_id)
        assert session is not None, f"no shard connected for guild {guild_id}"
        await session.dispatch(event, data)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            body = json.loads(msg.data)
            op, data = body.get("op"), body.get("d") or {}
            if op == 1:
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif op == 2:
                await self._identify(ws, data)
            elif op == 6:
                await self._resume(ws, data)
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.identifies.append(data)
        if data.get("token") != self.token:
            self.closes.append(4004)
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        session = Session(payloads.snowflake(), ws, shard=list(data.get("shard") or [0, 1]))
        self.sessions[session.session_id] = session
        self.current = session
        shard_id, count = session.shard
        mine = [g for g in self.guilds if (int(g["id"]) >> 22) % count == shard_id]
        await session.dispatch("READY", {
            "v": 10, "user": payloads.BOT_USER, "session_id": session.session_id,
            "resume_gateway_url": self.url, "guilds": [{"id": g["id"], "unavailable": True}
                                                       for g in mine],
            "application": {"id": payloads.APP_ID, "flags": 0}, "shard": session.shard,
            "private_channels": [], "relationships": [],
        })
        for g in mine:
            await session.dispatch("GUILD_CREATE", g)
        self.ready.set()

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.resumes.append(data)
        session = self.sessions.get(data.get("session_id", ""))
        if session is None or data.get("token") != self.token:
            await ws.send_json({"op": 9, "d": False, "s": None, "t": None})  # invalid session
            return
        session.ws = ws
        self.current = session
        await session.dispatch("RESUMED", {})
        self.ready.set()

    async def push(self, event: str, data: dict[str, Any]) -> None:
        await self.ready.wait()
        assert self.current is not None
        await self.current.dispatch(event, data)

    async def reconnect(self) -> None:
        """Op 7: the client must close and RESUME on resume_gateway_url."""
        assert self.current is not None
        self.ready.clear()
        await self.current.ws.send_json({"op": 7, "d": None, "s": None, "t": None})

    async def close_all(self) -> None:
        for session in self.sessions.values():
            if not session.ws.closed:
                await session.ws.close()
