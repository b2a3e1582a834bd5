"""The models that post-training made, kept in SQLite (`data_dir/models.sqlite`) so that a restarted server serves
them again beside the run config's models: each as the run config entry it is served with."""

from __future__ import annotations

import sqlite3

from ..config import ModelConfig
from ..errors import Conflict
from ..sqlite_store import SqliteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS fine_tuned_models (
    id TEXT PRIMARY KEY,
    config TEXT NOT NULL  -- the ModelConfig it is served with, as JSON
);
"""


class FineTunedModels(SqliteStore):
    schema = SCHEMA

    def add(self, config: ModelConfig) -> None:
        try:
            with self._lock:
                self._db.execute(
                    "INSERT INTO fine_tuned_models (id, config) VALUES (?, ?)", (config.id, config.model_dump_json())
                )
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"model {config.id!r} is registered already") from exc

    def all(self) -> list[ModelConfig]:
        with self._lock:
            found = self._db.execute("SELECT config FROM fine_tuned_models ORDER BY rowid").fetchall()
        return [ModelConfig.model_validate_json(config) for (config,) in found]
