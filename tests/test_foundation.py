"""Storage, settings and layering rules of the foundation."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from bot.errors import UserError
from bot.settings import load_settings
from storage import Store

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_MODULES = ("discord", "slack_bolt", "slack_sdk")


async def test_migrations_are_recorded_and_not_rerun(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    store = await Store.open(path)
    first = await store.applied_migrations()
    await store.close()
    store = await Store.open(path)
    assert await store.migrate() == []
    assert await store.applied_migrations() == first
    await store.close()


async def test_database_runs_in_wal_mode_with_foreign_keys(store: Store) -> None:
    assert (await store.fetchone("PRAGMA journal_mode"))[0] == "wal"
    assert (await store.fetchone("PRAGMA foreign_keys"))[0] == 1
    assert (await store.fetchone("PRAGMA busy_timeout"))[0] == 5000


async def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        async with store.transaction():
            await store.insert_club("Liverpool", "ENG")
            await store.insert_club("Liverpool", "ENG")  # violates UNIQUE(name, country)
    assert await store.clubs() == []
    version = store.data_version
    async with store.transaction():
        await store.insert_club("Liverpool", "ENG")
    assert store.data_version == version + 1


def test_bot_and_storage_never_import_a_chat_platform() -> None:
    for folder in ("bot", "storage"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    assert name.split(".")[0] not in PLATFORM_MODULES, f"{path}: {name}"
                    assert not name.startswith("adapters"), f"{path} imports {name}"


def test_settings_from_env_hide_secrets_and_name_missing_keys() -> None:
    s = load_settings({"DISCORD_TOKEN": "abc.def", "SLACK_PORT": "4000",
                       "SLACK_ADMIN_IDS": "U1, U2"})
    assert s.slack_port == 4000 and s.slack_admin_ids == ("U1", "U2")
    assert "abc.def" not in repr(s)
    assert s.discord_token is not None and s.discord_token.reveal() == "abc.def"
    with pytest.raises(UserError, match="SLACK_BOT_TOKEN"):
        s.require("slack_bot_token")
    with pytest.raises(UserError, match="SLACK_PORT"):
        load_settings({"SLACK_PORT": "three thousand"})


def test_settings_read_dotenv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("MATCHFACTS_DB=/tmp/from-dotenv.db\n", encoding="utf-8")
    monkeypatch.delenv("MATCHFACTS_DB", raising=False)
    assert load_settings(env_file=env).db_path == "/tmp/from-dotenv.db"
