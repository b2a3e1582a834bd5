"""Agents, sessions and turns in SQLite (WAL), under the data directory.

A turn is stored whole, with its steps, when it ends: in one transaction committed to disk before the answer
goes out, so a restart (a kill -9 too) keeps every turn that was answered and nothing half-done.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from lls_api import models

from ..errors import NotFound
from ..sqlite_store import SqliteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS agents (
    agent_id TEXT PRIMARY KEY,
    definition TEXT NOT NULL  -- the AgenticSystemCreateRequest as JSON
);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL REFERENCES agents (agent_id) ON DELETE CASCADE,
    session_name TEXT NOT NULL,
    started_at TEXT NOT NULL,
    memory_bank_ids TEXT NOT NULL DEFAULT '[]',  -- JSON list, in the order they were attached
    attachment_bank_id TEXT
);
CREATE INDEX IF NOT EXISTS sessions_by_agent ON sessions (agent_id);
CREATE TABLE IF NOT EXISTS turns (
    position INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order turns were answered in
    turn_id TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
    turn TEXT NOT NULL  -- the Turn as JSON, with its steps
);
CREATE INDEX IF NOT EXISTS turns_by_session ON turns (session_id);
"""


@dataclass(frozen=True)
class StoredSession:
    session_id: str
    agent_id: str
    session_name: str
    started_at: datetime
    memory_bank_ids: list[str]
    attachment_bank_id: str | None


class AgentStore(SqliteStore):
    """One SQLite database of agents, sessions and turns. Methods block and may be called from any thread."""

    schema = SCHEMA

    # Agents

    def add_agent(self, agent_id: str, definition: models.AgenticSystemCreateRequest) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO agents (agent_id, definition) VALUES (?, ?)",
                (agent_id, definition.model_dump_json(exclude_unset=True)),
            )

    def agent(self, agent_id: str) -> models.AgenticSystemCreateRequest:
        with self._lock:
            row = self._db.execute("SELECT definition FROM agents WHERE agent_id = ?", (agent_id,)).fetchone()
        if row is None:
            raise NotFound(f"agentic system {agent_id!r} does not exist")
        return models.AgenticSystemCreateRequest.model_validate_json(row[0])

    def delete_agent(self, agent_id: str) -> list[StoredSession]:
        """Forget the agent with its sessions and turns; the sessions it had, for what else they hold."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            sessions = self._sessions("WHERE agent_id = ?", agent_id)
            if not self._db.execute("DELETE FROM agents WHERE agent_id = ?", (agent_id,)).rowcount:
                raise NotFound(f"agentic system {agent_id!r} does not exist")
        return sessions

    # Sessions

    def add_session(self, session: StoredSession) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO sessions (session_id, agent_id, session_name, started_at) VALUES (?, ?, ?, ?)",
                (session.session_id, session.agent_id, session.session_name, session.started_at.isoformat()),
            )

    def session(self, agent_id: str, session_id: str) -> StoredSession:
        with self._lock:
            found = self._sessions("WHERE agent_id = ? AND session_id = ?", agent_id, session_id)
        if not found:
            raise NotFound(f"agentic system {agent_id!r} has no session {session_id!r}")
        return found[0]

    def sessions(self, agent_id: str) -> list[StoredSession]:
        with self._lock:
            return self._sessions("WHERE agent_id = ?", agent_id)

    def _sessions(self, where: str, *values: str) -> list[StoredSession]:
        rows = self._db.execute(
            "SELECT session_id, agent_id, session_name, started_at, memory_bank_ids, attachment_bank_id "
            f"FROM sessions {where} ORDER BY started_at",
            values,
        )
        return [
            StoredSession(
                session_id=row[0],
                agent_id=row[1],
                session_name=row[2],
                started_at=datetime.fromisoformat(row[3]),
                memory_bank_ids=json.loads(row[4]),
                attachment_bank_id=row[5],
            )
            for row in rows
        ]

    def set_memory_banks(self, session_id: str, bank_ids: list[str]) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE sessions SET memory_bank_ids = ? WHERE session_id = ?", (json.dumps(bank_ids), session_id)
            )

    def set_attachment_bank(self, session_id: str, bank_id: str) -> None:
        with self._lock:
            self._db.execute("UPDATE sessions SET attachment_bank_id = ? WHERE session_id = ?", (bank_id, session_id))

    def delete_session(self, agent_id: str, session_id: str) -> StoredSession:
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            found = self._sessions("WHERE agent_id = ? AND session_id = ?", agent_id, session_id)
            if not found:
                raise NotFound(f"agentic system {agent_id!r} has no session {session_id!r}")
            self._db.execute("DELETE FROM sessions WHERE session_id = ?", (session_id,))
        return found[0]

    # Turns

    def add_turn(self, turn: models.Turn) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO turns (turn_id, session_id, turn) VALUES (?, ?, ?)",
                (turn.turn_id, turn.session_id, turn.model_dump_json(exclude_none=True)),
            )

    def turns(self, session_id: str) -> list[models.Turn]:
        """The session's turns, in the order they were answered."""
        with self._lock:
            rows = self._db.execute("SELECT turn FROM turns WHERE session_id = ? ORDER BY position", (session_id,))
            return [models.Turn.model_validate_json(row[0]) for row in rows]

    def turn(self, agent_id: str, turn_id: str) -> models.Turn:
        with self._lock:
            row = self._db.execute(
                "SELECT turn FROM turns JOIN sessions USING (session_id) WHERE turn_id = ? AND agent_id = ?",
                (turn_id, agent_id),
            ).fetchone()
        if row is None:
            raise NotFound(f"agentic system {agent_id!r} has no turn {turn_id!r}")
        return models.Turn.model_validate_json(row[0])
