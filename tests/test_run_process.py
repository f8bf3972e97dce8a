"""`matchfacts` as a separate process: no arguments and no tokens opens the console on demo
data; `matchfacts run` with tokens runs both bots and exits cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from fake_slack import FakeSlack

from tests.fake_discord import payloads
from tests.fake_discord.harness import TOKEN, fake_discord  # noqa: F401
from tests.fake_discord.server import FakeDiscord

ROOT = Path(__file__).resolve().parents[1]
TOKENS = ("DISCORD_", "SLACK_", "MATCHFACTS_")


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(TOKENS)}
    return env | {"MATCHFACTS_DB": str(tmp_path / "bot.db"), "PYTHONPATH": str(ROOT),
                  "HOME": str(tmp_path)} | extra


async def test_no_arguments_no_tokens_opens_the_console_on_demo_data(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", env=clean_env(tmp_path), cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(
        proc.communicate(b"h2h Liverpool v Real Madrid\nquit\n"), 30)
    assert proc.returncode == 0, err.decode()
    assert "loaded the demo data" in err.decode()
    assert "matchfacts console" in out.decode()
    assert "Liverpool v Real Madrid: head-to-head" in out.decode()


async def test_run_with_both_tokens_serves_and_exits_cleanly_on_sigterm(
        fake: FakeDiscord, tmp_path: Path) -> None:
    slack = await FakeSlack().start()
    env = clean_env(tmp_path, DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=fake.api_base,
                    DISCORD_GATEWAY_URL=fake.gateway_url, DISCORD_GUILD_ID=payloads.GUILD_ID,
                    SLACK_BOT_TOKEN=slack.bot_token, SLACK_SIGNING_SECRET=slack.signing_secret,
                    SLACK_API_URL=slack.api_url, SLACK_HOST="127.0.0.1", SLACK_PORT="0")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", env=env, cwd=tmp_path,   # no args: tokens → run
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        async with asyncio.timeout(20):
            await fake.gateway.ready.wait()
            while b"Slack: HTTP mode" not in (err := await proc.stderr.readline()):  # type: ignore[union-attr]
                assert err, "the process ended before Slack started"
        proc.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(proc.communicate(), 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await slack.close()
    assert proc.returncode == 0, rest.decode()
    assert "Traceback" not in rest.decode() and TOKEN not in rest.decode()
    assert slack.bot_token not in rest.decode()
