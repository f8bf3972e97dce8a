"""Who counts as an admin on Discord: checked on every call, not left to Discord's defaults.

Default permissions only hide commands; server owners can override them per role or channel,
and DMs carry no guild permissions at all. So the adapter decides again at run time.
"""

from __future__ import annotations

import discord


def is_admin(interaction: discord.Interaction, admin_role: str | None) -> bool:
    """Manage Server in this channel, or the configured admin role; never in a DM."""
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.manage_guild:
        return True
    if not admin_role:
        return False
    wanted = admin_role.strip().casefold()
    return any(role.name.casefold() == wanted for role in interaction.user.roles)
