"""Memory bank documents as they were given, in SQLite: what `get_documents` returns and what tells
whether a document exists.

They are kept beside Chroma, not in it: a Chroma write costs about as much per record as per chunk,
and SQLite writes a hundred records in about a millisecond. Each write is one transaction, committed
to disk before it returns, so it is what makes a document's new chunks current (see `chroma_store`).
Records are filed under the name of the bank's chunk collection.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..sqlite_store import SqliteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    document_id TEXT NOT NULL,
    document TEXT NOT NULL,  -- the MemoryBankDocument as JSON
    PRIMARY KEY (collection, document_id)
) WITHOUT ROWID
"""


class DocumentRecords(SqliteStore):
    """One SQLite database of document records. Methods block and may be called from any thread."""

    schema = SCHEMA

    def get(self, collection: str, document_ids: Sequence[str]) -> dict[str, str]:
        """The JSON of each of these documents that is stored, by id."""
        found: dict[str, str] = {}
        with self._lock:
            # SQLite takes at most 32766 parameters a statement.
            for start in range(0, len(document_ids), 30_000):
                batch = document_ids[start : start + 30_000]
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT document_id, document FROM documents WHERE collection = ? AND document_id IN ({marks})",
                    [collection, *batch],
                )
                found.update(rows)
        return found

    def put(self, collection: str, documents: Iterable[tuple[str, str]]) -> None:
        """Store (document id, JSON) pairs, replacing those that exist, all or none."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO documents (collection, document_id, document) VALUES (?, ?, ?)",
                ((collection, document_id, document) for document_id, document in documents),
            )

    def delete(self, collection: str, document_ids: Sequence[str]) -> None:
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "DELETE FROM documents WHERE collection = ? AND document_id = ?",
                ((collection, document_id) for document_id in document_ids),
            )

    def count(self) -> int:
        """How many documents every bank holds together."""
        with self._lock:
            (found,) = self._db.execute("SELECT COUNT(*) FROM documents").fetchone()
        return int(found)

    def drop(self, collection: str) -> None:
        """Forget every document of a bank."""
        with self._lock:
            self._db.execute("DELETE FROM documents WHERE collection = ?", (collection,))
