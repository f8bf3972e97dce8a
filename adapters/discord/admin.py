"""Who counts as an admin on Discord: checked on every call, not left to Discord's defaults.

Default permissions only hide commands; server owners can override them per role or channel,
and DMs carry no guild permissions at all. So the adapter decides again at run time.

The admin role is matched by id (DISCORD_ADMIN_ROLE_ID). A role *name* (DISCORD_ADMIN_ROLE)
is a fallback only: anyone allowed to create or rename a role can give one that name, so
the bot warns at start when it is all there is.
"""

from __future__ import annotations

import logging

import discord

from bot.settings import Settings

log = logging.getLogger(__name__)

WEAK_RULE = ("DISCORD_ADMIN_ROLE matches the admin role by name: anyone who may create or "
             "rename a role can make himself admin. Set DISCORD_ADMIN_ROLE_ID (the role's id: "
             "Server Settings > Roles > Copy Role ID) instead.")


def warn_if_weak(settings: Settings) -> None:
    """At start: say so when the admin role is known only by its name."""
    if settings.discord_admin_role and not settings.discord_admin_role_id:
        log.warning(WEAK_RULE)


def is_admin(interaction: discord.Interaction, settings: Settings) -> bool:
    """Manage Server in this channel, or the admin role (by id; by name only without one);
    never in a DM."""
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.manage_guild:
        return True
    roles = interaction.user.roles
    if settings.discord_admin_role_id:
        return any(role.id == settings.discord_admin_role_id for role in roles)
    if not settings.discord_admin_role:
        return False
    wanted = settings.discord_admin_role.strip().casefold()
    return any(role.name.casefold() == wanted for role in roles)
