"""Done-when: a simulated fortnight, 100 fixtures, 20 channels on both platforms, two restarts
and injected failures — every due post delivered exactly once, none for cancelled fixtures."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.commands import Actor
from bot.core import Core
from bot.delivery import PostResult
from bot.reply import Reply
from bot.scheduler import Scheduler
from storage import Store
from tests.admin_helpers import add_fixture
from tests.scheduler_fakes import Crash, FakeClock, RecordingPoster

CLUBS = ["Liverpool", "Real Madrid", "Chelsea", "Manchester City", "Inter", "Benfica",
         "Villarreal", "Atalanta", "RB Leipzig", "Paris Saint-Germain"]
START = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


async def test_fortnight_every_due_post_exactly_once(demo_store: Store) -> None:
    rng = random.Random(6)
    clock = FakeClock(START)
    core = Core(demo_store, now=clock.now)
    store = demo_store
    fixtures: dict[int, tuple[str, str, datetime]] = {}
    used: set[tuple[str, str, str]] = set()
    while len(fixtures) < 100:
        home, away = rng.sample(CLUBS, 2)
        kickoff = START + timedelta(days=2 + rng.randrange(12), hours=rng.choice([-4, 6, 9]))
        kickoff = kickoff.replace(minute=0)
        day = kickoff.date().isoformat()
        if (home, away, day) in used:
            continue
        used.add((home, away, day))
        mid = await add_fixture(store, home, away, day, kickoff.strftime("%Y-%m-%dT%H:%M:%SZ"))
        fixtures[mid] = (home, away, kickoff)
    channels: dict[tuple[str, str], set[str]] = {}
    for i in range(20):
        platform = "discord" if i % 2 else "slack"
        place = f"{platform}-{i}"
        targets = set(rng.sample(CLUBS, 2)) | ({"cl"} if i % 7 == 0 else set())
        for target in targets:
            reply = await core.ask(f"subscribe {target} leads:24h,1h tz:Europe/London",
                                   actor=Actor(platform, "admin", is_admin=True), place=place)
            assert reply.kind == "answer", reply.title
        channels[(platform, place)] = targets

    flaky = random.Random(7)

    def fail(channel: str, reply: Reply) -> PostResult | None:
        if flaky.random() < 0.1:
            return PostResult(ok=False, failure="transient", detail="HTTP 502")
        if flaky.random() < 0.03:
            return PostResult(ok=False, failure="rate_limited", retry_after=20)
        return None

    posters = {p: RecordingPoster(p, clock, fail=fail) for p in ("discord", "slack")}
    # cancel 10 and move 10 fixtures on day 1, before any of their previews are due
    late = sorted((m for m, f in fixtures.items() if f[2] > START + timedelta(days=4)))
    cancelled, moved = set(late[:10]), late[10:20]
    async with store.transaction() as db:
        for m in cancelled:
            await db.execute("UPDATE matches SET status = 'cancelled' WHERE id = ?", (m,))
        for m in moved:
            home, away, kickoff = fixtures[m]
            new = kickoff + timedelta(hours=26)
            fixtures[m] = (home, away, new)
            await db.execute("UPDATE matches SET kickoff_utc = ? WHERE id = ?",
                             (new.strftime("%Y-%m-%dT%H:%M:%SZ"), m))

    expected: Counter[tuple[str, str]] = Counter()
    for m, (home, away, _) in fixtures.items():
        if m in cancelled:
            continue
        for (platform, place), targets in channels.items():
            if targets & {home, away, "cl"}:
                expected[(platform, place)] += 2   # the 24 h and the 1 h preview

    def new_scheduler() -> Scheduler:
        return Scheduler(core, posters, now=clock.now, sleep=clock.sleep)

    sched = new_scheduler()
    restarts = [START + timedelta(days=5), START + timedelta(days=10)]
    crashed = 0
    while clock.now() < START + timedelta(days=16):
        if restarts and clock.now() >= restarts[0]:
            restarts.pop(0)   # die right after the next post reaches a platform, unrecorded
            for poster in posters.values():
                poster.crash_after_send.add("*")
        try:
            await sched.tick()
        except Crash:
            crashed += 1
            for poster in posters.values():
                poster.crash_after_send.clear()
            sched = new_scheduler()     # the restarted process
            continue
        clock.advance(minutes=15)

    assert crashed == 2
    delivered = [(p, key) for p, poster in posters.items() for key in poster.delivered_keys()]
    assert len(delivered) == len(set(delivered)), "a post was delivered twice"
    got = Counter((p, c) for p, (c, _) in delivered)
    assert got == expected
    assert sum(got.values()) == sum(expected.values()) > 300
    for poster in posters.values():
        assert not any(d.reply.data["match_id"] in cancelled for d in poster.delivered)
    statuses = Counter(r.status for r in await store.post_rows())
    assert statuses == {"sent": sum(expected.values())}
