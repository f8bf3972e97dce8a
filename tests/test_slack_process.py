"""The bot as a separate process (`matchfacts slack`), configured only by the environment."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from fake_slack import FakeSlack
from fake_slack.harness import answer_body

H2H = "h2h Liverpool v Real Madrid"


def bot_env(fake: FakeSlack, db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.upper().startswith(("SLACK_", "DISCORD_", "MATCHFACTS_", "HTTP_PROXY",
                                        "HTTPS_PROXY", "ALL_PROXY"))}
    env.update({"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_APP_TOKEN": fake.app_token,
                "SLACK_API_URL": fake.api_url, "MATCHFACTS_DB": str(db),
                "MATCHFACTS_LOG_LEVEL": "INFO"}, **extra)
    return env


async def start(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "slack", env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def test_separate_process_answers_over_socket_mode(tmp_path: Path) -> None:
    fake = await FakeSlack().start()
    proc = await start(bot_env(fake, tmp_path / "bot.db"), tmp_path)
    try:
        await fake.wait_for(lambda: fake.connected or proc.returncode is not None, 20)
        assert fake.connected, (await proc.stderr.read()).decode()
        sent = await fake.push_command(H2H)
        await fake.wait_ack(sent.envelope_id)
        body = await answer_body(fake, sent, timeout=5)
        assert body["response_type"] == "in_channel"
        assert body["blocks"][0]["text"]["text"] == "Liverpool v Real Madrid: head-to-head"
        assert fake.problems == []
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 10)
        await fake.close()
    assert proc.returncode == 0, err.decode()
    assert fake.bot_token not in err.decode() and fake.app_token not in err.decode()


async def test_missing_bot_token_stops_the_process_naming_the_key(tmp_path: Path) -> None:
    fake = await FakeSlack().start()
    env = bot_env(fake, tmp_path / "bot.db")
    del env["SLACK_BOT_TOKEN"]
    proc = await start(env, tmp_path)
    _, err = await asyncio.wait_for(proc.communicate(), 20)
    await fake.close()
    assert proc.returncode == 2
    assert "SLACK_BOT_TOKEN" in err.decode()
    assert not (tmp_path / "bot.db").exists()
