"""The fake Slack's side of "Add to Slack": the authorize page, `oauth.v2.access`, and the
events a workspace sends when it removes the app. Several workspaces, each with its own token.

The installing user's browser is an aiohttp session with a cookie jar (bolt checks its state
cookie): `install()` opens the bot's /slack/install, follows the redirect to the fake's
authorize page, which approves for the asked workspace and redirects back with a code.
"""

from __future__ import annotations

import base64
import itertools
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "fake-client-secret"


class OAuthSide:
    """Mixed into FakeSlack; `tokens` maps each valid bot token to its workspace."""

    tokens: dict[str, str]
    channel_teams: dict[str, str]
    url: str
    signing_secret: str

    def _oauth_init(self) -> None:
        self.codes: dict[str, str] = {}          # code → team it installs to
        self.installs: list[str] = []            # teams, in install order
        self.authorize_requests: list[dict[str, str]] = []
        self.redirect_url = ""                   # the app's configured Redirect URL
        self._serial = itertools.count(1)

    def add_oauth_routes(self, app: web.Application) -> None:
        app.router.add_get("/oauth/v2/authorize", self._authorize)

    def team_of(self, token: str) -> str | None:
        return self.tokens.get(token)

    async def _authorize(self, request: web.Request) -> web.Response:
        """The user clicks Allow: back to the app's redirect URL with a one-time code."""
        query = dict(request.query)
        self.authorize_requests.append(query)
        team = query.get("team", "")
        if query.get("client_id") != CLIENT_ID or not team:
            return web.Response(status=400, text="invalid_client_id or no workspace chosen")
        code = uuid.uuid4().hex
        self.codes[code] = team
        target = query.get("redirect_uri") or self.redirect_url
        raise web.HTTPFound(f"{target}?{urlencode({'code': code, 'state': query['state']})}")

    def oauth_v2_access(self, params: dict[str, Any], auth: str) -> dict[str, Any]:
        """Exchange a code once, with the app's client id and secret (HTTP Basic)."""
        wanted = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if auth != f"Basic {wanted}":
            return {"ok": False, "error": "invalid_client"}
        team = self.codes.pop(str(params.get("code", "")), None)
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        token = f"xoxb-{team}-{next(self._serial)}"
        self.tokens = {t: w for t, w in self.tokens.items() if w != team} | {token: team}
        self.installs.append(team)
        return {"ok": True, "app_id": "AFAKE", "access_token": token, "token_type": "bot",
                "scope": "commands,chat:write,users:read", "bot_user_id": f"UBOT{team}",
                "team": {"id": team, "name": f"Workspace {team}"}, "enterprise": None,
                "is_enterprise_install": False, "authed_user": {"id": "UADMIN"}}

    async def install(self, bot_url: str, team: str) -> tuple[int, str]:
        """A browser installs the app to `team` from the bot's /slack/install; (status, page).

        Bolt's state cookie is `Secure`: a browser sends it back only over https, which
        loopback lacks, so this browser carries it by hand, as it would over https."""
        async with aiohttp.ClientSession() as browser:
            async with browser.get(f"{bot_url}/slack/install", params={"team": team},
                                   allow_redirects=False) as start:
                cookie = start.headers.get("Set-Cookie", "").split(";")[0]
                authorize = start.headers["Location"]
            async with browser.get(authorize, allow_redirects=False) as approved:
                back = approved.headers.get("Location")
                if back is None:
                    return approved.status, await approved.text()
            async with browser.get(back, headers={"Cookie": cookie}) as done:
                return done.status, await done.text()

    async def send_event(self, events_url: str, team: str, event: dict[str, Any]) -> int:
        """An Events API callback, signed as Slack signs it."""
        body = json.dumps({"token": "deprecated", "team_id": team, "api_app_id": "AFAKE",
                           "type": "event_callback", "event_id": f"Ev{uuid.uuid4().hex[:10]}",
                           "event_time": int(time.time()), "event": event,
                           "authorizations": [{"team_id": team, "is_bot": True}]})
        ts = int(time.time())
        async with aiohttp.ClientSession() as session, session.post(
                events_url, data=body, headers={
                    "Content-Type": "application/json", "X-Slack-Request-Timestamp": str(ts),
                    "X-Slack-Signature": self.sign(body, ts)}) as resp:  # type: ignore[attr-defined]
            await resp.read()
            return resp.status

    async def uninstall(self, events_url: str, team: str) -> int:
        """The workspace removes the app: its tokens stop working, then `app_uninstalled`."""
        self.tokens = {t: w for t, w in self.tokens.items() if w != team}
        return await self.send_event(events_url, team, {"type": "app_uninstalled"})
