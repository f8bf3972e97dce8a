"""The command line as users type it: global options in either position, piped console input,
and `discord invite` without a token."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from importlib import resources
from pathlib import Path

import pytest

from adapters.cli import main
from tests.test_run_process import clean_env

TEMPLATES = resources.files("storage.importers") / "templates"


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder (no .env) with no matchfacts/Discord/Slack settings."""
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith(("DISCORD_", "SLACK_", "MATCHFACTS_")):
            monkeypatch.delenv(key)
    return tmp_path


def _matches(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM matches").fetchone()[0]


def test_db_after_the_subcommand_is_the_global_option(cwd: Path) -> None:
    files = [str(TEMPLATES / "matches.csv"), str(TEMPLATES / "goals.csv")]
    assert main(["import", "csv", *files, "--db", "after.db"]) == 0
    assert main(["--db", "before.db", "import", "csv", *files]) == 0
    assert _matches(cwd / "after.db") == _matches(cwd / "before.db") > 0
    assert not (cwd / "matchfacts.db").exists()


def test_as_of_before_the_subcommand_reaches_ask(cwd: Path,
                                                 capfd: pytest.CaptureFixture[str]) -> None:
    h2h = "h2h Liverpool v Real Madrid"
    assert main(["--db", "d.db", "--as-of", "2021-04-01", "ask", h2h]) == 0
    before = capfd.readouterr().out
    assert main(["ask", h2h, "--db", "d.db", "--as-of", "2021-04-01"]) == 0
    assert capfd.readouterr().out == before
    assert "as of 1 Apr 2021" in before


def test_discord_invite_takes_the_application_id(cwd: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["discord", "invite"]) == 2
    assert "DISCORD_APPLICATION_ID" in capfd.readouterr().err
    monkeypatch.setenv("DISCORD_APPLICATION_ID", "123456789012345678")
    assert main(["discord", "invite"]) == 0
    assert "client_id=123456789012345678" in capfd.readouterr().out


async def test_piped_console_ends_with_a_newline_after_quit(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", env=clean_env(tmp_path), cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(b"help\nquit\n"), 30)
    assert proc.returncode == 0, err.decode()
    assert out.decode().endswith("matchfacts> \n")
