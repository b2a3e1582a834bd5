"""Jobs in SQLite (WAL), under the data directory: each job's request, status and times, its log lines, and
the results of its items (an evaluation's rows) as they are made.

Every change is committed before the call returns, so a server that stops, however it stops, finds on restart
each job where it stood and every item result it had written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lls_api import models

from ..errors import Conflict, NotFound
from ..sqlite_store import SqliteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    job_uuid TEXT PRIMARY KEY,
    kind TEXT NOT NULL,  -- what runs it: `evaluation`, ...
    request TEXT NOT NULL,  -- the request that made it, as JSON
    status TEXT NOT NULL,  -- models.JobStatus
    scheduled_at TEXT NOT NULL,
    started_at TEXT,
    completed_at TEXT,
    items_total INTEGER NOT NULL DEFAULT 0,
    steps_done INTEGER,  -- progress in steps of the job's own (training's optimizer steps)
    steps_total INTEGER,
    error TEXT
);
CREATE TABLE IF NOT EXISTS job_logs (
    job_uuid TEXT NOT NULL REFERENCES jobs (job_uuid) ON DELETE CASCADE,
    line_number INTEGER NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (job_uuid, line_number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS job_items (
    job_uuid TEXT NOT NULL REFERENCES jobs (job_uuid) ON DELETE CASCADE,
    item INTEGER NOT NULL,  -- from 1, e.g. the dataset's row number
    result TEXT NOT NULL,  -- JSON
    PRIMARY KEY (job_uuid, item)
) WITHOUT ROWID;
"""
ITEMS_PER_READ = 1000
Status = models.JobStatus
UNFINISHED = (Status.scheduled, Status.running)


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class JobRecord:
    job_uuid: str
    kind: str
    request: dict[str, Any]
    status: Status
    scheduled_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    items_total: int
    items_done: int
    error: str | None
    steps_done: int | None
    steps_total: int | None


class JobStore(SqliteStore):
    """One SQLite database of jobs. Methods block and may be called from any thread."""

    schema = SCHEMA

    def add(self, job_uuid: str, kind: str, request: dict[str, Any], items_total: int) -> None:
        """A new `scheduled` job; a Conflict if the id is taken, by a job of any kind."""
        try:
            with self._lock:
                self._db.execute(
                    "INSERT INTO jobs (job_uuid, kind, request, status, scheduled_at, items_total) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (job_uuid, kind, json.dumps(request), Status.scheduled.value, now().isoformat(), items_total),
                )
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"job {job_uuid!r} already exists") from exc

    def exists(self, job_uuid: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM jobs WHERE job_uuid = ?", (job_uuid,)).fetchone() is not None

    def get(self, job_uuid: str, kind: str) -> JobRecord:
        """The job, if it is one of `kind`; else a NotFound."""
        with self._lock:
            found = self._db.execute(
                "SELECT job_uuid, kind, request, status, scheduled_at, started_at, completed_at, items_total, error, "
                "(SELECT COUNT(*) FROM job_items WHERE job_items.job_uuid = jobs.job_uuid), steps_done, steps_total "
                "FROM jobs WHERE job_uuid = ? AND kind = ?",
                (job_uuid, kind),
            ).fetchone()
        if found is None:
            raise NotFound(f"{kind} job {job_uuid!r} does not exist")
        return _record(found)

    def of_kind(self, kind: str) -> list[tuple[str, Status]]:
        """Every job of `kind`, oldest first, with its status."""
        with self._lock:
            found = self._db.execute(
                "SELECT job_uuid, status FROM jobs WHERE kind = ? ORDER BY scheduled_at, rowid", (kind,)
            ).fetchall()
        return [(job_uuid, Status(status)) for job_uuid, status in found]

    def counts(self) -> dict[tuple[str, Status], int]:
        """How many jobs there are of each kind and status, for those there are."""
        with self._lock:
            found = self._db.execute("SELECT kind, status, COUNT(*) FROM jobs GROUP BY kind, status").fetchall()
        return {(kind, Status(status)): count for kind, status, count in found}

    def unfinished(self) -> list[tuple[str, str, Status]]:
        """Every job still `scheduled` or `running`, oldest first: (job_uuid, kind, status)."""
        with self._lock:
            found = self._db.execute(
                "SELECT job_uuid, kind, status FROM jobs WHERE status IN (?, ?) ORDER BY scheduled_at, rowid",
                tuple(status.value for status in UNFINISHED),
            ).fetchall()
        return [(job_uuid, kind, Status(status)) for job_uuid, kind, status in found]

    def start(self, job_uuid: str) -> None:
        """`scheduled` → `running`; the first start's time is kept when a restart runs it again."""
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET status = ?, started_at = COALESCE(started_at, ?) WHERE job_uuid = ?",
                (Status.running.value, now().isoformat(), job_uuid),
            )

    def reschedule(self, job_uuid: str) -> None:
        with self._lock:
            self._db.execute("UPDATE jobs SET status = ? WHERE job_uuid = ?", (Status.scheduled.value, job_uuid))

    def finish(self, job_uuid: str, status: Status, error: str | None = None) -> bool:
        """An unfinished job → `status` (completed, failed or cancelled); False if it had finished already."""
        with self._lock:
            changed = self._db.execute(
                "UPDATE jobs SET status = ?, completed_at = ?, error = ? WHERE job_uuid = ? AND status IN (?, ?)",
                (status.value, now().isoformat(), error, job_uuid, *(s.value for s in UNFINISHED)),
            ).rowcount
        return changed == 1

    def progress(self, job_uuid: str, done: int, total: int) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE jobs SET steps_done = ?, steps_total = ? WHERE job_uuid = ?", (done, total, job_uuid)
            )

    def log(self, job_uuid: str, line: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO job_logs (job_uuid, line_number, line) VALUES (?, "
                "(SELECT COALESCE(MAX(line_number), 0) + 1 FROM job_logs WHERE job_uuid = ?), ?)",
                (job_uuid, job_uuid, f"{now().isoformat(timespec='milliseconds')} {line}"),
            )

    def logs(self, job_uuid: str) -> list[str]:
        with self._lock:
            found = self._db.execute(
                "SELECT line FROM job_logs WHERE job_uuid = ? ORDER BY line_number", (job_uuid,)
            ).fetchall()
        return [line for (line,) in found]

    def add_item(self, job_uuid: str, item: int, result: dict[str, Any]) -> None:
        """Keep an item's result; written again (a job resumed after a restart), the newer one stays."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO job_items (job_uuid, item, result) VALUES (?, ?, ?)",
                (job_uuid, item, json.dumps(result, ensure_ascii=False)),
            )

    def done_items(self, job_uuid: str) -> set[int]:
        with self._lock:
            found = self._db.execute("SELECT item FROM job_items WHERE job_uuid = ?", (job_uuid,)).fetchall()
        return {item for (item,) in found}

    def items(self, job_uuid: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """The job's item results in item order, read a thousand at a time."""
        last = 0
        while True:
            with self._lock:
                batch = self._db.execute(
                    "SELECT item, result FROM job_items WHERE job_uuid = ? AND item > ? ORDER BY item LIMIT ?",
                    (job_uuid, last, ITEMS_PER_READ),
                ).fetchall()
            if not batch:
                return
            for last, result in batch:  # the last item read is where the next read starts
                yield last, json.loads(result)


def _record(row: tuple[Any, ...]) -> JobRecord:
    job_uuid, kind, request, status, scheduled, started, completed, total, error, done, steps, steps_total = row
    return JobRecord(
        job_uuid=job_uuid,
        kind=kind,
        request=json.loads(request),
        status=Status(status),
        scheduled_at=datetime.fromisoformat(scheduled),
        started_at=datetime.fromisoformat(started) if started else None,
        completed_at=datetime.fromisoformat(completed) if completed else None,
        items_total=total,
        items_done=done,
        error=error,
        steps_done=steps,
        steps_total=steps_total,
    )
