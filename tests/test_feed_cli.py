"""`matchfacts sync` as users run it, and the feed's settings."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.settings import ENV_NAMES, Secret, load_settings
from tests.fake_football_data import FakeFootballData, match_node
from tests.test_run_process import ROOT, clean_env


async def sync_once(env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "sync", env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_sync_prints_what_it_did_and_a_second_run_leaves_all_unchanged(
        tmp_path: Path) -> None:
    feed = await FakeFootballData().start()
    feed.add(match_node(800001, 64, 86, "2026-11-25T20:00:00Z"))
    feed.add(match_node(800002, 5, 108, "2026-11-26T20:00:00Z"))
    env = clean_env(tmp_path, FOOTBALL_DATA_TOKEN="free-token",
                    FOOTBALL_DATA_API_URL=feed.api_url)
    try:
        code, out, err = await sync_once(env, tmp_path)
        assert code == 0, err
        assert out.strip() == "CL: 2 added, 0 updated, 0 unchanged"
        code, out, _ = await sync_once(env, tmp_path)
        assert (code, out.strip()) == (0, "CL: 0 added, 0 updated, 2 unchanged")
        env["FOOTBALL_DATA_TOKEN"] = "zz-bad-token-77"
        code, out, err = await sync_once(env, tmp_path)
        assert code == 1 and "CL: not synced" in out and "403" in out
        assert "zz-bad-token-77" not in err + out
    finally:
        await feed.close()


async def test_sync_without_a_token_says_the_feed_is_off(tmp_path: Path) -> None:
    code, _, err = await sync_once(clean_env(tmp_path), tmp_path)
    assert code == 2 and "FOOTBALL_DATA_TOKEN is not set" in err
    assert not (tmp_path / "bot.db").exists()          # nothing created


def test_feed_settings_are_typed_and_the_token_is_a_secret() -> None:
    s = load_settings({"FOOTBALL_DATA_TOKEN": "abc123", "FOOTBALL_DATA_COMPETITIONS": "CL, PL",
                       "FOOTBALL_DATA_LIVE_INTERVAL": "60", "MATCHFACTS_TICK_SECONDS": "0.5"})
    assert isinstance(s.football_data_token, Secret) and "abc123" not in repr(s)
    assert s.football_data_competitions == ("CL", "PL")
    assert (s.football_data_live_interval, s.tick_seconds) == (60, 0.5)
    assert load_settings({}).football_data_api_url == "https://api.football-data.org/v4"


def test_every_setting_is_documented_in_env_example() -> None:
    text = (ROOT / ".env.example").read_text()
    missing = [name for name in ENV_NAMES.values() if f"\n{name}=" not in text]
    assert missing == []
