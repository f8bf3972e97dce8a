"""A fake Discord for end-to-end tests of the real discord.py."""
