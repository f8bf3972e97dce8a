"""Match-day posts, driven by the database: due posts = fixtures × subscriptions, each once.

Each tick recomputes what is due from the stored fixtures and subscriptions, so a moved
fixture moves its posts, a cancelled one has none, and a restart loses nothing. A preview's
key includes the kick-off it announces (`preview-1440@20261125T2000Z`): a fixture moved after
its preview went out is previewed again for the new time; the result's key is `result`.

Exactly once, per key (platform, channel, match, kind), through the `posts` ledger: the row is
claimed ('sending') in a transaction before the post is handed to the platform and marked
'sent' after. The reply carries the key in `data["post_key"]` for adapters to use as an
idempotency nonce. A 'sending' row left by a crashed process (outcome unknown) is settled:
1. the Poster can look the key up (`find_post(channel_id, post_key)`, e.g. Slack message
   metadata): found → recorded as sent; not found → sent now;
2. else, the Poster declares `dedup_window` seconds in which the platform itself drops a
   repeat with the same nonce (Discord `nonce` + `enforce_nonce`) and the claim is younger:
   sent again with the same key;
3. else the post is not repeated (at most once beats a double post) and the row says why.

Downtime: a preview whose time has passed is still sent if kick-off has not; once kick-off
has passed it is skipped and logged. Failed posts are retried with backoff; a channel that
keeps failing (or is gone) is paused with the reason, which `subscriptions` shows.
Sends go in kick-off order within each lane (all of Discord; each Slack workspace), lanes in
parallel, spaced to each platform's rate limits.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.core import Core, utc_now
from bot.delivery import Poster, PostResult
from bot.posts import preview_reply, result_reply, with_mention
from bot.reply import Reply
from storage.rows import Match
from storage.schedule_queries import Candidate

log = logging.getLogger(__name__)

Key = tuple[str, str, int, str]
HORIZON = timedelta(days=15)              # the longest preview lead allowed, plus a day
RESULT_WINDOW = timedelta(days=3)         # a result entered longer ago is not posted
BACKOFF = (30, 60, 120, 300, 900, 1800)   # seconds before retry n
MAX_ATTEMPTS = 8
PAUSE_AFTER = {"forbidden": 3, "transient": 8}   # consecutive failures that pause a channel
# Seconds between two posts of one lane: Discord's global limit is 50 requests/s per bot token
# (45 leaves room for slash-command answers; several processes share it, see adapters/run.py);
# on Slack each workspace is a lane of its own (its own token), 1 post/s.
PLATFORM_SPACING = {"discord": 1 / 45, "slack": 1.0}
CHANNEL_SPACING = 1.0                     # seconds between two posts in one channel
LANES_AT_ONCE = 64                        # lanes (Discord; each Slack workspace) sent in parallel
IN_FLIGHT = {"discord": 4}                # posts of one lane under way at once (paced starts)
REASONS = {
    "gone": "the channel was deleted or archived",
    "forbidden": "the bot is not in the channel or may not post there",
    "transient": "deliveries kept failing",
    "rate_limited": "the platform kept refusing for rate limits",
}


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@dataclass(order=True)
class Due:
    when: str                       # kick-off (preview) or result time: the sending order
    match_id: int
    platform: str
    channel_id: str
    kind: str = field(compare=True)
    tz: str = field(default="UTC", compare=False)
    lead: int = field(default=0, compare=False)
    server: str = field(default="", compare=False)   # the guild / workspace of the channel

    @property
    def key(self) -> Key:
        return (self.platform, self.channel_id, self.match_id, self.kind)


@dataclass
class TickReport:
    sent: list[Key] = field(default_factory=list)
    failed: list[Key] = field(default_factory=list)
    skipped: list[Key] = field(default_factory=list)
    paused: list[tuple[str, str]] = field(default_factory=list)


class Scheduler:
    """One pass (`tick`) posts what is due; `run` ticks forever."""

    def __init__(self, core: Core, posters: Mapping[str, Poster],
                 now: Callable[[], datetime] = utc_now,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 owns: Callable[[str, str], bool] = lambda platform, server: True,
                 spacing: Mapping[str, float] | None = None) -> None:
        self.core = core
        self.spacing = {**PLATFORM_SPACING, **(spacing or {})}
        self.owns = owns     # (platform, server) → this process posts there (bot/sharding.py)
        self.store = core.store
        self.posters = dict(posters)
        self.now = now
        self.sleep = sleep
        self.inflight: set[Key] = set()
        self.last_post: dict[tuple[str, ...], datetime] = {}
        self.last_channel: dict[tuple[str, str], datetime] = {}

    async def run(self, interval: float = 30.0) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("scheduler tick failed; retrying next tick")
            await self.sleep(interval)

    async def tick(self) -> TickReport:
        """Settle orphans, then send what is due: lanes in parallel, each lane in order.

        A lane is what one rate limit covers: all of Discord (one bot token), one Slack
        workspace. If a lane fails, the others are stopped too, as a crash would stop them."""
        report = TickReport()
        await self._settle_orphans(report)
        lanes: dict[tuple[str, ...], list[Due]] = {}
        for due in await self.due(report):
            lanes.setdefault(lane(due), []).append(due)
        gate = asyncio.Semaphore(LANES_AT_ONCE)

        async def send_lane(dues: list[Due]) -> None:
            async with gate:
                flight = asyncio.Semaphore(IN_FLIGHT.get(dues[0].platform, 1))

                async def one(d: Due) -> None:
                    async with flight:   # taken in order: posts start in kick-off order
                        await self._send(d, report)

                await asyncio.gather(*(one(d) for d in dues))

        tasks = [asyncio.ensure_future(send_lane(dues)) for dues in lanes.values()]
        if not tasks:
            return report
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        finally:   # a failed lane, or the scheduler cancelled (shutdown): stop every lane
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        for t in tasks:
            if not t.cancelled() and t.exception() is not None:
                raise t.exception()  # type: ignore[misc]
        return report

    # --- what is due ----------------------------------------------------------------
    async def due(self, report: TickReport | None = None) -> list[Due]:
        """Every post due now that the ledger has not settled, in sending order."""
        now = self.now()
        report = report or TickReport()
        wanted: dict[Key, Due] = {}
        tz_of: dict[tuple[str, str], str] = {}
        for c in await self.store.preview_candidates(iso(now - timedelta(days=1)),
                                                     iso(now + HORIZON)):
            tz = tz_of.setdefault((c.sub.platform, c.sub.channel_id), c.sub.timezone)
            kickoff = parse_iso(c.when)
            for lead in c.sub.leads:
                if kickoff - timedelta(minutes=lead) > now:
                    continue
                kind = f"preview-{lead}@{kickoff:%Y%m%dT%H%MZ}"
                wanted.setdefault(_key(c, kind), Due(c.when, c.match_id, c.sub.platform,
                                                     c.sub.channel_id, kind, tz, lead,
                                                     c.sub.server_id))
        for c in await self.store.result_candidates(iso(now - RESULT_WINDOW)):
            wanted.setdefault(_key(c, "result"), Due(c.when, c.match_id, c.sub.platform,
                                                     c.sub.channel_id, "result", c.sub.timezone,
                                                     server=c.sub.server_id))
        for d in await self._corrections(now):
            wanted.setdefault(d.key, d)
        settled = {(r.platform, r.channel_id, r.match_id, r.kind): r
                   for r in await self.store.post_rows_for(sorted({k[2] for k in wanted}))}
        paused = await self.store.paused_channels()
        due: list[Due] = []
        for key, d in wanted.items():
            if not self.owns(d.platform, d.server):
                continue   # another process's shard: its scheduler sends (and skips) it
            row = settled.get(key)
            if row and not (row.status == "failed" and row.next_attempt_at
                            and row.next_attempt_at <= iso(now)):
                continue
            if d.kind.startswith("preview") and parse_iso(d.when) <= now:
                reason = "kick-off passed before the preview could be sent"
                if row:
                    await self.store.finish_post(key, "skipped", iso(now), error=reason)
                elif await self.store.skip_post(key, iso(now), reason):
                    log.warning("skipped %s: %s", key, reason)
                report.skipped.append(key)
                continue
            if (d.platform, d.channel_id) in paused or d.platform not in self.posters:
                continue
            due.append(d)
        return sorted(due)

    # --- sending --------------------------------------------------------------------
    async def _send(self, d: Due, report: TickReport, claimed: bool = False) -> None:
        if not claimed and not await self.store.claim_post(d.key, iso(self.now())):
            return
        self.inflight.add(d.key)
        try:
            reply = await self._reply(d)
            if reply is None:
                await self.store.finish_post(d.key, "skipped", iso(self.now()),
                                             error="the match is no longer due a post")
                report.skipped.append(d.key)
                return
            await self._space(d)
            try:
                result = await self.posters[d.platform].post(d.channel_id, reply)
            except Exception as err:  # a poster that raises is a transient failure
                log.warning("poster %s raised on %s: %r", d.platform, d.key, err)
                result = PostResult(ok=False, failure="transient", detail=type(err).__name__)
            await self._record(d, result, report)
        finally:
            self.inflight.discard(d.key)

    async def _reply(self, d: Due) -> Reply | None:
        reply = await self._post_body(d)
        if reply is None or d.kind.startswith("correction"):
            return reply
        place = await self.store.place_settings(d.platform, d.server, d.channel_id)
        return with_mention(reply, place.mention)

    async def _post_body(self, d: Due) -> Reply | None:
        m = await self.store.match(d.match_id)
        key = "/".join(map(str, d.key))
        if m is None:
            return None
        if d.kind == "result" or d.kind.startswith("correction"):
            if m.status != "played":
                return None
            return await result_reply(self.core, m, key, correction=d.kind != "result")
        if m.status != "scheduled" or not _same_kickoff(m, d.when):
            return None
        return await preview_reply(self.core, m, d.tz, d.lead, key)

    async def _space(self, d: Due) -> None:
        """Wait so that neither the lane (platform, workspace) nor the channel sees a burst."""
        now = self.now()
        ready = now
        if last := self.last_post.get(lane(d)):
            ready = max(ready, last + timedelta(seconds=self.spacing.get(d.platform, 1.0)))
        if last := self.last_channel.get((d.platform, d.channel_id)):
            ready = max(ready, last + timedelta(seconds=CHANNEL_SPACING))
        self.last_post[lane(d)] = ready     # reserved now, so a post in flight beside
        self.last_channel[(d.platform, d.channel_id)] = ready   # this one waits its turn
        if ready > now:
            await self.sleep((ready - now).total_seconds())

    async def _record(self, d: Due, result: PostResult, report: TickReport) -> None:
        now = self.now()
        if result.ok:
            await self.store.finish_post(d.key, "sent", iso(now), message_ref=result.message_ref)
            await self.store.channel_ok(d.platform, d.channel_id)
            report.sent.append(d.key)
            return
        failure = result.failure or "transient"
        attempts = max(await self.store.post_attempts(d.key), 1)
        if failure == "rate_limited" and result.retry_after:
            wait = result.retry_after
        else:
            wait = BACKOFF[min(attempts, len(BACKOFF)) - 1]
        retry = iso(now + timedelta(seconds=wait)) if attempts < MAX_ATTEMPTS else None
        error = f"{failure}: {result.detail}" if result.detail else failure
        await self.store.finish_post(d.key, "failed", iso(now), error=error,
                                     next_attempt_at=retry)
        report.failed.append(d.key)
        log.warning("post %s failed (%s), attempt %d", d.key, error, attempts)
        if failure == "rate_limited":
            return
        reason = REASONS[failure] + (f" ({result.detail})" if result.detail else "")
        if await self.store.channel_failed(d.platform, d.channel_id, reason, iso(now),
                                           PAUSE_AFTER.get(failure, 3),
                                           pause_now=failure == "gone"):
            log.warning("paused %s:%s: %s", d.platform, d.channel_id, reason)
            report.paused.append((d.platform, d.channel_id))

    # --- crash recovery -------------------------------------------------------------
    async def _settle_orphans(self, report: TickReport) -> None:
        """'sending' rows no send of this process owns: a crash left their outcome unknown."""
        now = self.now()
        for row in await self.store.post_rows(("sending",)):
            key: Key = (row.platform, row.channel_id, row.match_id, row.kind)
            if key in self.inflight or row.platform not in self.posters:
                continue
            if not self.owns(row.platform, await self.store.server_of(row.platform,
                                                                       row.channel_id)):
                continue   # another process's send, perhaps in flight right now
            poster = self.posters[row.platform]
            post_key = "/".join(map(str, key))
            find = getattr(poster, "find_post", None)
            if find is not None:
                try:
                    ref = await find(row.channel_id, post_key)
                except Exception:  # one platform's outage must not hold up the others' posts
                    log.exception("post %s: could not check whether it was sent; "
                                  "will ask again next tick", key)
                    continue
                if ref is not None:
                    await self.store.finish_post(key, "sent", iso(now), message_ref=ref)
                    report.sent.append(key)
                    continue
            else:
                window = float(getattr(poster, "dedup_window", 0) or 0)
                age = (now - parse_iso(row.updated_at)).total_seconds()
                if age >= window:
                    reason = ("outcome unknown after a restart; not sent again so that it "
                              "cannot appear twice")
                    await self.store.finish_post(key, "skipped", iso(now), error=reason)
                    log.warning("post %s: %s", key, reason)
                    report.skipped.append(key)
                    continue
            d = await self._due_for(key)
            if d is None:
                await self.store.finish_post(key, "skipped", iso(now),
                                             error="no longer due after a restart")
                report.skipped.append(key)
                continue
            await self._send(d, report, claimed=True)

    async def _due_for(self, key: Key) -> Due | None:
        for d in await self._wanted_now():
            if d.key == key:
                return d
        return None

    async def _wanted_now(self) -> list[Due]:
        """What is due, ignoring the ledger (used to rebuild an orphan's details)."""
        now = self.now()
        out = []
        for c in await self.store.preview_candidates(iso(now), iso(now + HORIZON)):
            kickoff = parse_iso(c.when)
            for lead in c.sub.leads:
                kind = f"preview-{lead}@{kickoff:%Y%m%dT%H%MZ}"
                out.append(Due(c.when, c.match_id, c.sub.platform, c.sub.channel_id, kind,
                               c.sub.timezone, lead, c.sub.server_id))
        for c in await self.store.result_candidates(iso(now - RESULT_WINDOW)):
            out.append(Due(c.when, c.match_id, c.sub.platform, c.sub.channel_id, "result",
                           c.sub.timezone, server=c.sub.server_id))
        return out + await self._corrections(now)

    async def _corrections(self, now: datetime) -> list[Due]:
        """A score corrected after its result post went out: one correction post per change
        (keyed by when it was corrected), never a second result post."""
        return [Due(c.when, c.match_id, c.sub.platform, c.sub.channel_id,
                    f"correction@{parse_iso(c.when):%Y%m%dT%H%M%SZ}", c.sub.timezone,
                    server=c.sub.server_id)
                for c in await self.store.correction_candidates(iso(now - RESULT_WINDOW))]


def lane(d: Due) -> tuple[str, ...]:
    """The rate limit a post counts against: Slack's per workspace, the others per platform."""
    return (d.platform, d.server) if d.platform == "slack" else (d.platform,)


def _key(c: Candidate, kind: str) -> Key:
    return (c.sub.platform, c.sub.channel_id, c.match_id, kind)


def _same_kickoff(m: Match, when: str) -> bool:
    return m.kickoff_utc is not None and parse_iso(m.kickoff_utc) == parse_iso(when)
