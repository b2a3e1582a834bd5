"""Datasets in SQLite (WAL), under the data directory: each definition, and its rows as they were read.

A dataset is stored in one transaction, committed to disk before `create_dataset` answers: all its rows or none.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from lls_api import models

from ..errors import Conflict, NotFound
from ..sqlite_store import SqliteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS datasets (
    uuid TEXT PRIMARY KEY,
    definition TEXT NOT NULL  -- the TrainEvalDataset as JSON, with row_count, content_sha256, media_type, created_at
);
CREATE TABLE IF NOT EXISTS dataset_rows (
    uuid TEXT NOT NULL REFERENCES datasets (uuid) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,  -- from 1, in the order the rows were read
    row TEXT NOT NULL,  -- the row as a JSON object
    PRIMARY KEY (uuid, row_number)
) WITHOUT ROWID;
"""
ROWS_PER_READ = 1000


class DatasetStore(SqliteStore):
    """One SQLite database of datasets. Methods block and may be called from any thread."""

    schema = SCHEMA

    def add(self, uuid: str, definition: models.TrainEvalDataset, rows: Sequence[dict[str, Any]]) -> None:
        """Store a dataset with its rows, all or nothing; a Conflict if the uuid is taken."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT INTO datasets (uuid, definition) VALUES (?, ?)",
                    (uuid, definition.model_dump_json(exclude_none=True)),
                )
            except sqlite3.IntegrityError as exc:
                raise Conflict(f"dataset {uuid!r} already exists") from exc
            self._db.executemany(
                "INSERT INTO dataset_rows (uuid, row_number, row) VALUES (?, ?, ?)",
                ((uuid, number, json.dumps(row, ensure_ascii=False)) for number, row in enumerate(rows, start=1)),
            )

    def exists(self, uuid: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM datasets WHERE uuid = ?", (uuid,)).fetchone() is not None

    def definition(self, uuid: str) -> models.TrainEvalDataset:
        with self._lock:
            found = self._db.execute("SELECT definition FROM datasets WHERE uuid = ?", (uuid,)).fetchone()
        if found is None:
            raise NotFound(f"dataset {uuid!r} does not exist")
        return models.TrainEvalDataset.model_validate_json(found[0])

    def rows(self, uuid: str) -> Iterator[dict[str, Any]]:
        """The dataset's rows in order, read a thousand at a time; a NotFound (at once) if it does not exist."""
        self.definition(uuid)
        return self._rows(uuid)

    def _rows(self, uuid: str) -> Iterator[dict[str, Any]]:
        last = 0
        while True:
            with self._lock:
                batch = self._db.execute(
                    "SELECT row_number, row FROM dataset_rows WHERE uuid = ? AND row_number > ? "
                    "ORDER BY row_number LIMIT ?",
                    (uuid, last, ROWS_PER_READ),
                ).fetchall()
            if not batch:
                return
            for last, row in batch:  # noqa: B007 (the last number read is where the next read starts)
                yield json.loads(row)

    def delete(self, uuid: str) -> None:
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if self._db.execute("DELETE FROM datasets WHERE uuid = ?", (uuid,)).rowcount == 0:
                raise NotFound(f"dataset {uuid!r} does not exist")
