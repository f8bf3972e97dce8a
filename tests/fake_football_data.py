"""A fake football-data.org API v4 on 127.0.0.1, in the documented JSON shape.

It enforces what the real one does and a client must respect: the `X-Auth-Token` (403 for
a wrong token or a competition outside the token's plan), the per-minute rate limit (every
answer carries `X-Requests-Available-Minute` and `X-RequestCounter-Reset`; over the limit a
429), and deep data (goals, lineups, substitutions) only for a plan that has it and only when
asked with the `X-Unfold-*` headers. Faults can be queued: a status, a timeout, a non-JSON body.
"""

from __future__ import annotations

import asyncio
import copy
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

CL = {"id": 2001, "name": "UEFA Champions League", "code": "CL", "type": "CUP",
      "emblem": "https://crests.football-data.org/CL.png"}
EUROPE = {"id": 2077, "name": "Europe", "code": "EUR",
          "flag": "https://crests.football-data.org/EUR.svg"}
SEASON = {"id": 2600, "startDate": "2026-07-07", "endDate": "2027-05-29", "currentMatchday": 5,
          "winner": None}
AREAS = {"ENG": (2072, "England"), "ESP": (2224, "Spain"), "DEU": (2088, "Germany"),
         "ITA": (2114, "Italy"), "FRA": (2081, "France"), "NLD": (2163, "Netherlands"),
         "PRT": (2187, "Portugal")}
TEAMS = {
    64: ("Liverpool FC", "Liverpool", "LIV", "ENG"),
    86: ("Real Madrid CF", "Real Madrid", "RMA", "ESP"),
    5: ("FC Bayern München", "Bayern", "FCB", "DEU"),
    108: ("FC Internazionale Milano", "Inter", "INT", "ITA"),
    524: ("Paris Saint-Germain FC", "PSG", "PSG", "FRA"),
    678: ("AFC Ajax", "Ajax", "AJA", "NLD"),
}
DEEP_HEADERS = ("X-Unfold-Goals", "X-Unfold-Lineups", "X-Unfold-Subs")
DEEP_KEYS = ("goals", "substitutions")


def team_ref(team_id: int) -> dict[str, Any]:
    name, short, tla, _ = TEAMS[team_id]
    return {"id": team_id, "name": name, "shortName": short, "tla": tla,
            "crest": f"https://crests.football-data.org/{team_id}.png"}


def team_full(team_id: int, node: dict[str, Any]) -> dict[str, Any]:
    """The /teams entry; a team the fake does not know comes without an area."""
    if team_id not in TEAMS:
        return {"area": None, **node, "squad": [], "staff": []}
    area_id, area_name = AREAS[TEAMS[team_id][3]]
    return {"area": {"id": area_id, "name": area_name, "code": TEAMS[team_id][3],
                     "flag": f"https://crests.football-data.org/{area_id}.svg"},
            **team_ref(team_id), "address": "", "website": "", "founded": 1900,
            "clubColors": "", "venue": None, "runningCompetitions": [CL], "coach": None,
            "squad": [], "staff": [], "lastUpdated": "2026-10-01T10:00:00Z"}


def score(ft: tuple[int, int] | None = None, ht: tuple[int, int] | None = None, *,
          duration: str = "REGULAR", regular: tuple[int, int] | None = None,
          extra: tuple[int, int] | None = None,
          pens: tuple[int, int] | None = None) -> dict[str, Any]:
    """The v4 `score` node: fullTime is the total (extra time and shoot-out included)."""
    def p(x: tuple[int, int] | None) -> dict[str, int | None]:
        return {"home": x[0] if x else None, "away": x[1] if x else None}

    node: dict[str, Any] = {"winner": None, "duration": duration, "fullTime": p(ft),
                            "halfTime": p(ht)}
    if ft:
        node["winner"] = ("HOME_TEAM" if ft[0] > ft[1] else "AWAY_TEAM" if ft[1] > ft[0]
                          else "DRAW")
    if duration != "REGULAR":
        node["regularTime"] = p(regular)
        node["extraTime"] = p(extra)
        if duration == "PENALTY_SHOOTOUT":
            node["penalties"] = p(pens)
    return node


def match_node(match_id: int, home: int, away: int, utc: str, *, status: str = "TIMED",
               stage: str = "LEAGUE_STAGE", matchday: int | None = 5,
               group: str | None = None, score_node: dict[str, Any] | None = None,
               goals: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    node = {"area": EUROPE, "competition": CL, "season": SEASON, "id": match_id,
            "utcDate": utc, "status": status, "matchday": matchday, "stage": stage,
            "group": group, "lastUpdated": "2026-11-20T08:00:00Z",
            "homeTeam": team_ref(home), "awayTeam": team_ref(away),
            "score": score_node or score(),
            "odds": {"msg": "Activate Odds-Package in User-Panel to retrieve odds."},
            "referees": []}
    if goals is not None:
        node["goals"] = goals
    return node


def goal(minute: int, team_id: int, scorer: tuple[int, str], running: tuple[int, int], *,
         kind: str = "REGULAR", injury: int | None = None,
         assist: tuple[int, str] | None = None) -> dict[str, Any]:
    return {"minute": minute, "injuryTime": injury, "type": kind,
            "team": {"id": team_id, "name": TEAMS[team_id][0]},
            "scorer": {"id": scorer[0], "name": scorer[1]},
            "assist": {"id": assist[0], "name": assist[1]} if assist else None,
            "score": {"home": running[0], "away": running[1]}}


@dataclass
class FakeFootballData:
    tokens: dict[str, str] = field(default_factory=lambda: {"free-token": "free"})
    plans: dict[str, set[str]] = field(default_factory=lambda: {
        "free": {"CL", "PL", "PD", "SA", "BL1", "FL1", "DED", "PPL", "ELC", "EC", "WC"},
        "deep": {"CL", "PL"}})
    deep_plans: set[str] = field(default_factory=lambda: {"deep"})
    limit: int = 10
    window: float = 60.0
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    matches: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"CL": []})
    faults: deque[str | int] = field(default_factory=deque)   # next answers: 503, "timeout", …
    requests: list[tuple[datetime, str, str]] = field(default_factory=list)  # (at, token, path)
    refused: int = 0                                          # 429s sent
    stall: float = 30.0                                       # a "timeout" fault's silence

    async def start(self) -> FakeFootballData:
        app = web.Application()
        app.router.add_get("/v4/competitions/{code}/matches", self._matches)
        app.router.add_get("/v4/competitions/{code}/teams", self._teams)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v4"

    async def close(self) -> None:
        await self._runner.cleanup()

    # --- the feed's content -----------------------------------------------------------
    def add(self, node: dict[str, Any], code: str = "CL") -> None:
        self.matches.setdefault(code, []).append(node)

    def find(self, match_id: int) -> dict[str, Any]:
        return next(m for ms in self.matches.values() for m in ms if m["id"] == match_id)

    def update(self, match_id: int, **fields: Any) -> None:
        self.find(match_id).update(fields)

    def remove(self, match_id: int) -> None:
        for ms in self.matches.values():
            ms[:] = [m for m in ms if m["id"] != match_id]

    # --- HTTP -------------------------------------------------------------------------
    def _window_start(self, token: str) -> tuple[int, float]:
        """(requests in the current window, seconds until it resets) for a token."""
        now = self.now()
        recent = [t for t, tok, _ in self.requests if tok == token
                  and now - t < timedelta(seconds=self.window)]
        reset = (self.window - (now - recent[0]).total_seconds()) if recent else self.window
        return len(recent), max(1.0, reset)

    async def _guard(self, request: web.Request) -> tuple[str, web.Response | None]:
        token = request.headers.get("X-Auth-Token", "")
        code = request.match_info["code"]
        plan = self.tokens.get(token)
        if plan is None:
            return token, _error(403, "The resource you are looking for is restricted. "
                                      "Please pass a valid API token and check your "
                                      "subscription for permission.")
        used, reset = self._window_start(token)
        if used >= self.limit:
            self.refused += 1
            return token, _error(429, f"You reached your request limit. Wait {int(reset)} "
                                      "seconds.", {"X-Requests-Available-Minute": "0",
                                                   "X-RequestCounter-Reset": str(int(reset))})
        self.requests.append((self.now(), token, request.path))
        if code not in self.plans.get(plan, set()):
            return token, _error(403, "The resource you are looking for is restricted. "
                                      "Please check your subscription.")
        if self.faults:
            fault = self.faults.popleft()
            if fault == "timeout":
                await asyncio.sleep(self.stall)
            if fault == "html":
                return token, web.Response(text="<html>Bad gateway</html>", status=200,
                                           content_type="text/html")
            if isinstance(fault, int):
                return token, _error(fault, "fault injected by the test")
        return token, None

    def _limits(self, token: str) -> dict[str, str]:
        used, reset = self._window_start(token)
        return {"X-Requests-Available-Minute": str(max(0, self.limit - used)),
                "X-RequestCounter-Reset": str(int(reset)), "X-API-Version": "v4",
                "X-Authenticated-Client": "matchfacts tests"}

    async def _matches(self, request: web.Request) -> web.Response:
        token, refused = await self._guard(request)
        if refused is not None:
            return refused
        code = request.match_info["code"]
        deep = (self.tokens[token] in self.deep_plans
                and request.headers.get("X-Unfold-Goals") == "true")
        nodes = []
        for node in self.matches.get(code, []):
            out = copy.deepcopy(node)
            if not deep:
                for key in DEEP_KEYS:
                    out.pop(key, None)
                for side in ("homeTeam", "awayTeam"):
                    out[side].pop("lineup", None)
                    out[side].pop("bench", None)
            nodes.append(out)
        body = {"filters": {"season": SEASON["startDate"][:4]},
                "resultSet": {"count": len(nodes), "played": sum(
                    n["status"] == "FINISHED" for n in nodes)},
                "competition": CL, "matches": nodes}
        return web.json_response(body, headers=self._limits(token))

    async def _teams(self, request: web.Request) -> web.Response:
        token, refused = await self._guard(request)
        if refused is not None:
            return refused
        seen = {m[side]["id"]: m[side] for m in self.matches.get(request.match_info["code"], [])
                for side in ("homeTeam", "awayTeam")}
        teams = [team_full(i, seen[i]) for i in sorted(seen)]
        body = {"count": len(teams), "filters": {"season": SEASON["startDate"][:4]},
                "competition": CL, "season": SEASON, "teams": teams}
        return web.json_response(body, headers=self._limits(token))

    def max_in_window(self) -> int:
        """The most requests the fake accepted from one token inside any window."""
        best = 0
        times = sorted(t for t, _, _ in self.requests)
        for i, t in enumerate(times):
            best = max(best, sum(1 for u in times[i:] if u - t < timedelta(seconds=self.window)))
        return best


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"message": message, "errorCode": status}, status=status,
                             headers=headers)
