"""Writers take turns on one SQLite file: within a process and across processes.

SQLite's own busy handler is not fair: a writer waiting in it sleeps in growing steps (up to
100 ms), so an importer that takes the lock again right after each file's commit starves it
until `busy_timeout`, and meanwhile the waiting connection's thread blocks every read. So
the write lock is asked for here without SQLite's busy handler, polled from the event loop
(reads go on), and a writer that waits says so on a side file (`<db>-writers`, a shared
`flock`): a long import checks it between files and lets the waiting writer in first.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator

import aiosqlite

try:
    import fcntl
except ImportError:  # not POSIX: no cross-process announcement, a plain short yield instead
    fcntl = None  # type: ignore[assignment]

WRITE_WAIT = 8.0     # seconds a write may wait for the lock before it is refused as busy
POLL = 0.003         # seconds between tries for the lock
YIELD_MAX = 0.5      # seconds an import lets waiting writers go first, between two files
BUSY_TIMEOUT_MS = 5000  # SQLite's own wait, kept for reads (rarely needed in WAL mode)


class StoreBusy(Exception):
    """Another process held the write lock past WRITE_WAIT: nothing was written."""


def is_locked(err: BaseException) -> bool:
    text = str(err).lower()
    return isinstance(err, sqlite3.OperationalError) and (
        "database is locked" in text or "database is busy" in text)


class WriteTurns:
    """The write lock of one database file, taken in turn."""

    def __init__(self, db_path: str) -> None:
        self.side_file = f"{db_path}-writers"
        self.wait = WRITE_WAIT
        self.longest_wait = 0.0   # seconds: the longest this store waited for the lock

    async def begin(self, db: aiosqlite.Connection) -> None:
        """BEGIN IMMEDIATE, waiting at most `self.wait` seconds; StoreBusy after that."""
        started = time.monotonic()
        deadline = started + self.wait
        with self._announced():
            await db.execute("PRAGMA busy_timeout=0")
            try:
                while True:
                    try:
                        await db.execute("BEGIN IMMEDIATE")
                        self.longest_wait = max(self.longest_wait, time.monotonic() - started)
                        return
                    except sqlite3.OperationalError as err:
                        if not is_locked(err):
                            raise
                        if time.monotonic() >= deadline:
                            raise StoreBusy(
                                f"the write lock stayed taken for {self.wait:.0f} s") from None
                    await asyncio.sleep(POLL)
            finally:
                await db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    async def let_others_in(self) -> None:
        """Between two files of an import: wait (briefly) while another writer is waiting."""
        await asyncio.sleep(0)   # writers of this process queue on the store's lock
        deadline = time.monotonic() + YIELD_MAX
        while self.others_waiting() and time.monotonic() < deadline:
            await asyncio.sleep(POLL)

    def others_waiting(self) -> bool:
        """True while some writer (any process) is waiting for the lock."""
        if fcntl is None:
            return False
        fd = self._open()
        if fd is None:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    @contextlib.contextmanager
    def _announced(self) -> Iterator[None]:
        fd = self._open() if fcntl is not None else None
        if fd is None:
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)   # closing releases the shared lock

    def _open(self) -> int | None:
        """The side file (None for an in-memory database or a folder we cannot write)."""
        if self.side_file.startswith(":memory:"):
            return None
        try:
            return os.open(self.side_file, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None
