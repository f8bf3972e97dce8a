"""A fake Slack for end-to-end tests of the real slack-bolt (see ../../../shared/TESTING.md)."""

from .blocks import message_problems
from .server import BOT_USER, TEAM, CommandSent, FakeSlack

__all__ = ["BOT_USER", "TEAM", "CommandSent", "FakeSlack", "message_problems"]
