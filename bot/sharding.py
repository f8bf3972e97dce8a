"""Which process posts for which Discord server, when several processes split the shards.

Discord puts a guild on shard `(guild_id >> 22) % shard_count`. A process started with
DISCORD_SHARD_IDS/DISCORD_SHARD_COUNT connects those shards only, and sends the scheduled
posts of those guilds only, so that with several processes over one database every post is
sent by exactly one of them, and crash recovery never touches another process's sends.
A channel whose server is not known (subscribed before servers were recorded) belongs to
the process that runs shard 0. Other platforms are not sharded: every process owns them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UserError


def shard_of(guild_id: int | str, shard_count: int) -> int:
    """Discord's rule: the guild's id without its 22 low bits, modulo the shard count."""
    return (int(guild_id) >> 22) % shard_count


@dataclass(frozen=True)
class Shards:
    """The shards this process runs; `count` None: all of them (one process)."""

    ids: tuple[int, ...] = ()
    count: int | None = None

    @property
    def split(self) -> bool:
        return bool(self.ids) and self.count is not None and len(self.ids) < self.count

    def owns(self, platform: str, server_id: str) -> bool:
        """Whether this process sends the scheduled posts of that server."""
        if platform != "discord" or not self.split:
            return True
        assert self.count is not None
        if not server_id.isdigit():
            return 0 in self.ids
        return shard_of(server_id, self.count) in self.ids


def shards_from(ids: tuple[int, ...], count: int | None) -> Shards:
    """Checked settings: ids need a count, and each id is below it."""
    if ids and count is None:
        raise UserError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total number of "
                        "shards across all processes).")
    if count is not None and count < 1:
        raise UserError(f"DISCORD_SHARD_COUNT must be 1 or more, not {count}.")
    bad = [i for i in ids if count is not None and not 0 <= i < count]
    if bad:
        raise UserError(f"DISCORD_SHARD_IDS must be between 0 and {count - 1} "  # type: ignore[operator]
                        f"(DISCORD_SHARD_COUNT {count}), not {', '.join(map(str, bad))}.")
    if len(set(ids)) != len(ids):
        raise UserError("DISCORD_SHARD_IDS lists a shard twice.")
    return Shards(tuple(sorted(ids)), count)
