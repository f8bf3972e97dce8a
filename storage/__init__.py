"""Storage: SQLite through aiosqlite, migrations, typed rows. Never formats text."""

from storage.names import fold
from storage.store import QueryTimeout, Store

__all__ = ["QueryTimeout", "Store", "fold"]
