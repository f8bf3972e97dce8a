"""Who may use admin commands on Slack: workspace admins/owners, or ids listed in settings.

Checked on every admin command (never cached), so a demoted admin loses access at once;
never for other commands, which need no `users.info` round trip.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import SLACK_FAILURES, read_error

log = logging.getLogger(__name__)

CHECK_TIMEOUT = 3.0   # seconds: a hung users.info must not hold the answer


async def is_admin(client: AsyncWebClient, user_id: str, admin_ids: Collection[str]) -> bool:
    """True for SLACK_ADMIN_IDS, else what `users.info` says; any failure means no."""
    if user_id in admin_ids:
        return True
    try:
        response = await asyncio.wait_for(client.users_info(user=user_id), CHECK_TIMEOUT)
    except SLACK_FAILURES as err:
        log.warning("users.info for %s failed (%s): treating as non-admin",
                    user_id, read_error(err).code)
        return False
    user = response.get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
