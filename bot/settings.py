"""Typed settings from the environment, with an optional `.env`. Secrets never print."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from dotenv import dotenv_values

from bot.errors import UserError


class Secret:
    """A secret value that no form of printing shows: not a str, so str(), f-strings, %s in
    logs and repr all give a mask; the value comes out only through reveal()."""

    __slots__ = ("_value",)
    MASK = "**********"

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{self.MASK}')"

    def __str__(self) -> str:
        return self.MASK

    def __format__(self, spec: str) -> str:
        return self.MASK

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> object:
        raise TypeError("a Secret is not pickled")


@dataclass(frozen=True)
class Settings:
    db_path: str = "matchfacts.db"
    log_level: str = "INFO"
    discord_token: Secret | None = None
    discord_guild_id: int | None = None
    discord_application_id: int | None = None
    discord_api_base: str = "https://discord.com/api/v10"
    discord_gateway_url: str = "wss://gateway.discord.gg/"
    discord_admin_role: str | None = None       # a fallback only: see discord_admin_role_id
    discord_admin_role_id: int | None = None
    discord_shard_ids: tuple[int, ...] = field(default_factory=tuple)   # this process's shards
    discord_shard_count: int | None = None      # all processes' shards; None: Discord decides
    slack_bot_token: Secret | None = None
    slack_app_token: Secret | None = None
    slack_signing_secret: Secret | None = None
    slack_port: int = 3000
    slack_api_url: str = "https://slack.com/api/"
    slack_admin_ids: tuple[str, ...] = field(default_factory=tuple)
    slack_host: str = "0.0.0.0"
    slack_client_id: str | None = None          # set: "Add to Slack" OAuth, many workspaces
    slack_client_secret: Secret | None = None
    slack_scopes: tuple[str, ...] = ("commands", "chat:write", "users:read", "channels:history",
                                     "groups:history", "files:write")
    slack_redirect_uri: str | None = None       # default: the URL set in the app's settings
    tick_seconds: float = 30.0
    warm_up_clubs: int = 16                     # clubs warmed up at start (bot/warm_up.py)
    football_data_token: Secret | None = None
    football_data_api_url: str = "https://api.football-data.org/v4"
    football_data_competitions: tuple[str, ...] = ("CL",)
    football_data_live_interval: int = 300
    football_data_idle_interval: int = 14400
    football_data_rate_limit: int = 10

    def require(self, *names: str) -> None:
        """Fail at start, naming each missing key."""
        missing = [ENV_NAMES[n] for n in names if not getattr(self, n)]
        if missing:
            raise UserError(f"Missing setting: {', '.join(missing)} (set it in the environment "
                            "or .env; see .env.example).")

    def __repr__(self) -> str:
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"


ENV_NAMES = {f.name: ("MATCHFACTS_DB" if f.name == "db_path" else
                      "MATCHFACTS_LOG_LEVEL" if f.name == "log_level" else
                      "MATCHFACTS_TICK_SECONDS" if f.name == "tick_seconds" else
                      "MATCHFACTS_WARM_UP_CLUBS" if f.name == "warm_up_clubs" else f.name.upper())
             for f in fields(Settings)}
SECRETS = {"discord_token", "slack_bot_token", "slack_app_token", "slack_signing_secret",
           "slack_client_secret", "football_data_token"}
WHOLE_NUMBERS = {"discord_guild_id", "discord_application_id", "discord_admin_role_id",
                 "discord_shard_count", "slack_port", "warm_up_clubs",
                 "football_data_live_interval",
                 "football_data_idle_interval", "football_data_rate_limit"}
LISTS = {"slack_admin_ids", "slack_scopes", "football_data_competitions"}


def load_settings(env: Mapping[str, str] | None = None, env_file: str | Path = ".env") -> Settings:
    """Environment variables win over `.env`; bad values fail naming the key."""
    source: dict[str, str] = {}
    if env is None:
        if Path(env_file).is_file():
            source.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        source.update(os.environ)
    else:
        source.update(env)
    values: dict[str, object] = {}
    for f in fields(Settings):
        raw = source.get(ENV_NAMES[f.name], "").strip()
        if not raw:
            continue
        try:
            if f.name in SECRETS:
                values[f.name] = Secret(raw)
            elif f.name in WHOLE_NUMBERS:
                values[f.name] = int(raw)
            elif f.name == "tick_seconds":
                values[f.name] = float(raw)
            elif f.name == "discord_shard_ids":
                values[f.name] = tuple(int(x) for x in raw.split(",") if x.strip())
            elif f.name in LISTS:
                values[f.name] = tuple(x.strip() for x in raw.split(",") if x.strip())
            else:
                values[f.name] = raw
        except ValueError:
            raise UserError(f"{ENV_NAMES[f.name]} must be a number, not “{raw}”.") from None
    return Settings(**values)  # type: ignore[arg-type]
