"""Print what the fake Slack records for slash commands on the demo data (for notes/review).

    cd tests && ../.venv/bin/python -m fake_slack.dump "h2h Liverpool v Real Madrid"
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bot.core import Core
from bot.demo_data import load_demo
from storage import Store

from .harness import http_bot, slack_settings
from .server import FakeSlack

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)   # the tests' fixed clock


async def dump(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "demo.db")
        await load_demo(store)
        fake = await FakeSlack().start()
        try:
            async with http_bot(Core(store, now=lambda: NOW), slack_settings(fake)) as url:
                for text in texts:
                    sent = await fake.post_command(url, text)
                    body = await fake.wait_response(sent.rid)
                    print(f"## /matchfacts {text}  (ack {sent.status} in "
                          f"{sent.ack_seconds * 1000:.0f} ms)")
                    print(json.dumps(body, ensure_ascii=False, indent=2))
        finally:
            await fake.close()
            await store.close()


if __name__ == "__main__":
    asyncio.run(dump(sys.argv[1:] or ["h2h Liverpool v Real Madrid"]))
