"""Storage: SQLite through aiosqlite, migrations, typed rows. Never formats text."""

from storage.names import fold
from storage.store import QueryTimeout, Store
from storage.write_turns import StoreBusy

__all__ = ["QueryTimeout", "Store", "StoreBusy", "fold"]
