"""The one way this server keeps state in SQLite (agents, datasets, memory bank documents)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class SqliteStore:
    """One SQLite database, created with the subclass's `schema` if missing. Methods block and may be called from
    any thread: each holds `_lock` while it uses `_db`.

    The connection is in autocommit mode, WAL, fully synchronous (a write that returned survives a power cut too),
    with foreign keys enforced.
    """

    schema: str

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(self.schema)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:  # not in the middle of another thread's transaction
            self._db.close()
