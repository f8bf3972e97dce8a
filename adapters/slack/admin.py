"""Who may use admin commands on Slack: workspace admins/owners, or ids listed in settings.

Checked on every call (never cached), so a demoted admin loses access at once.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


async def is_admin(client: AsyncWebClient, user_id: str, admin_ids: Collection[str]) -> bool:
    """True for SLACK_ADMIN_IDS, else what `users.info` says; any failure means no."""
    if user_id in admin_ids:
        return True
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError as err:
        log.warning("users.info for %s failed (%s): treating as non-admin",
                    user_id, err.response.get("error"))
        return False
    except (aiohttp.ClientError, TimeoutError) as err:
        log.warning("users.info for %s failed (%s): treating as non-admin", user_id, err)
        return False
    user = response.get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
