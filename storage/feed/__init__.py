"""The live feed: football-data.org API v4 read into our own database (the source of truth).

client.py talks HTTP inside the rate limit, mapping.py turns v4 JSON into our model,
write.py stores one competition's matches, sync.py runs a pass. No chat text here.
"""

from storage.feed.client import FeedClient, FeedError
from storage.feed.sync import FeedSync
from storage.feed.write import CompetitionReport

__all__ = ["CompetitionReport", "FeedClient", "FeedError", "FeedSync"]
