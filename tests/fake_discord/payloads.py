"""Wire payloads the fake sends (users, guild, interactions, messages), shaped as Discord does."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from typing import Any

APP_ID = "1100000000000000001"
BOT_ID = APP_ID
GUILD_ID = "1200000000000000001"
CHANNEL_ID = "1300000000000000001"
ADMIN_ROLE_ID = "1400000000000000002"
ADMIN_ROLE_NAME = "Matchfacts admin"
IMPOSTOR_ROLE_ID = "1400000000000000003"   # another role, renamed to look like the admin one
MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 31)  # view, send, embed, use apps

_ids = itertools.count(1500000000000000001)


def snowflake() -> str:
    return str(next(_ids))


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: str, name: str, bot: bool = False) -> dict[str, Any]:
    return {"id": user_id, "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot, "public_flags": 0}


BOT_USER = user(BOT_ID, "matchfacts", bot=True)


def application() -> dict[str, Any]:
    return {"id": APP_ID, "name": "matchfacts", "icon": None, "description": "", "bot_public": True,
            "bot_require_code_grant": False, "owner": user("1000000000000000009", "owner"),
            "verify_key": "0" * 64, "flags": 0, "team": None, "rpc_origins": [], "summary": ""}


def role(role_id: str, name: str, permissions: int, position: int) -> dict[str, Any]:
    return {"id": role_id, "name": name, "permissions": str(permissions), "position": position,
            "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}


def channel(channel_id: str = CHANNEL_ID, guild_id: str = GUILD_ID, name: str = "football",
            position: int = 0) -> dict[str, Any]:
    return {"id": channel_id, "type": 0, "name": name, "position": position,
            "guild_id": guild_id, "permission_overwrites": [], "nsfw": False, "parent_id": None,
            "topic": None}


def guild(guild_id: str = GUILD_ID, channel_ids: tuple[str, ...] = (CHANNEL_ID,),
          system_channel_id: str | None = None, with_bot: bool = False,
          joining: bool = False) -> dict[str, Any]:
    """A GUILD_CREATE body; `with_bot` adds the bot's own member (as Discord always does).
    `joining`: the bot was just added, so no `unavailable` flag (Discord sends it only for a
    guild of READY, or one back from an outage)."""
    members = [member(BOT_ID, "matchfacts") | {"user": BOT_USER}] if with_bot else []
    body = {
        "id": guild_id, "name": "Fan server", "icon": None, "owner_id": "1000000000000000009",
        "roles": [role(guild_id, "@everyone", MEMBER_PERMISSIONS, 0),
                  role(ADMIN_ROLE_ID, ADMIN_ROLE_NAME, MEMBER_PERMISSIONS, 1),
                  role(IMPOSTOR_ROLE_ID, ADMIN_ROLE_NAME, MEMBER_PERMISSIONS, 2)],
        "channels": [channel(c, guild_id, f"channel-{i}", i) for i, c in enumerate(channel_ids)],
        "system_channel_id": system_channel_id, "members": members, "emojis": [],
        "stickers": [], "features": [],
        "member_count": 3, "large": False, "unavailable": False, "voice_states": [],
        "presences": [], "threads": [], "stage_instances": [], "guild_scheduled_events": [],
        "premium_tier": 0, "preferred_locale": "en-US", "joined_at": now_iso(),
        "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
        "mfa_level": 0, "nsfw_level": 0, "system_channel_flags": 0, "afk_timeout": 300,
    }
    if joining:
        del body["unavailable"]
    return body


def member(user_id: str, name: str, roles: tuple[str, ...] = (),
           permissions: int = MEMBER_PERMISSIONS) -> dict[str, Any]:
    return {"user": user(user_id, name), "roles": list(roles), "flags": 0,
            "permissions": str(permissions), "joined_at": now_iso(), "deaf": False, "mute": False,
            "nick": None, "avatar": None, "premium_since": None, "pending": False}


def interaction(kind: int, data: dict[str, Any], who: dict[str, Any] | None,
                guild_id: str | None = GUILD_ID) -> dict[str, Any]:
    """An INTERACTION_CREATE body; `who` is a member in a guild, or a user in a DM."""
    payload: dict[str, Any] = {
        "id": snowflake(), "type": kind, "token": "itoken-" + snowflake(), "version": 1,
        "application_id": APP_ID, "attachment_size_limit": 8 * 1024 * 1024, "data": data,
        "locale": "en-GB", "entitlements": [], "app_permissions": str(MEMBER_PERMISSIONS),
        "authorizing_integration_owners": {"0": guild_id} if guild_id else {"1": "1"},
    }
    if guild_id:
        payload |= {"guild_id": guild_id, "channel_id": CHANNEL_ID, "channel": channel(),
                    "member": who, "guild_locale": "en-US", "context": 0}
    else:
        dm = snowflake()
        payload |= {"channel_id": dm, "channel": {"id": dm, "type": 1, "recipients": []},
                    "user": who, "context": 1}
    return payload


def pings(body: dict[str, Any]) -> tuple[list[str], bool]:
    """(roles pinged, @here/@everyone pinged), as Discord decides them: only mentions in
    `content` ping (never in embeds), and `allowed_mentions`, when sent, filters them."""
    content = body.get("content") or ""
    allowed = body.get("allowed_mentions")
    roles = re.findall(r"<@&(\d+)>", content)
    everyone = "@here" in content or "@everyone" in content
    if allowed is not None:
        parse = allowed.get("parse") or []
        roles = [r for r in roles if "roles" in parse or r in (allowed.get("roles") or [])]
        everyone = everyone and "everyone" in parse
    return roles, everyone


def message(channel_id: str, body: dict[str, Any], interaction: dict[str, Any] | None = None,
            author: dict[str, Any] | None = None) -> dict[str, Any]:
    roles, everyone = pings(body)
    msg = {
        "id": snowflake(), "channel_id": channel_id, "author": author or BOT_USER,
        "content": body.get("content") or "", "timestamp": now_iso(), "edited_timestamp": None,
        "tts": False, "mention_everyone": everyone, "mentions": [], "mention_roles": roles,
        "attachments": [], "embeds": body.get("embeds") or [], "pinned": False, "type": 0,
        "flags": body.get("flags") or 0, "components": [],
    }
    if interaction is not None:
        who = interaction.get("member", {}).get("user") or interaction.get("user")
        msg["type"] = 20
        msg["interaction_metadata"] = {"id": interaction["id"], "type": interaction["type"],
                                       "user": who}
        msg["webhook_id"] = APP_ID
    return msg
