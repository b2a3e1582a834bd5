"""The server's resources over its lifespan: opened from the run config, closed in reverse order when the
lifespan ends (models, Chroma, SQLite), opened anew by the next lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from lls_server.config import load_config
from lls_server.errors import StartupError, Unavailable
from lls_server.inference.llama_engine import LlamaCppModel, Sampling
from lls_server.memory import MemoryBanks
from lls_server.stack import create_server_app
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, write_config

BANK = {"bank_id": "notes", "bank_name": "notes"}
NOTE = {"document_id": "kettle", "content": "The kettle in the staff kitchen is broken."}
COMPLETION = {"model": DEFAULT_MODEL_ID, "content": "Once upon a time", "sampling_params": {"max_tokens": 3}}


def files_open_under(directory: Path) -> list[str]:
    """The files under `directory` that this process holds open (Linux)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the descriptor listdir itself used, closed by now
            found.append(os.readlink(f"/proc/self/fd/{fd}"))
    return [path for path in found if path.startswith(f"{directory}/")]


async def generate_one_token(model: LlamaCppModel) -> None:
    model.generate([1, 2, 3], 1, Sampling())


def test_the_lifespan_closes_models_chroma_and_sqlite_and_the_next_opens_them_again(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path))
    app = create_server_app(config)
    stack = app.state.stack
    with TestClient(app) as client:
        assert client.post("/memory_banks/create", params=BANK, json=[NOTE]).status_code == 200
        assert client.post("/inference/completion", json=COMPLETION).status_code == 200
        model, banks = stack.models[DEFAULT_MODEL_ID], stack.apis["MemoryBanks"]
        assert model._thread.is_alive() and files_open_under(config.data_dir)

    assert not model._thread.is_alive()
    with pytest.raises(Unavailable, match="was unloaded: the server is shutting down"):
        asyncio.run(generate_one_token(model))
    # What needs llama.cpp's freed memory is refused, not run on it.
    for needs_the_model in (lambda: model.tokenize("Hi", special=False), lambda: model.embed(["Hi"])):
        with pytest.raises(Unavailable, match="was unloaded"):
            needs_the_model()
    with pytest.raises(sqlite3.ProgrammingError, match="closed database"):
        banks.store.records._db.execute("SELECT 1")
    assert files_open_under(config.data_dir) == []  # Chroma's database and index files too
    # Served without a lifespan now, a write reaches the closed store: a 503 that says so.
    late = TestClient(app).post("/memory_bank/insert", params={"bank_id": "notes"}, json=[NOTE | {"document_id": "x"}])
    assert late.status_code == 503 and "is closed: the server is shutting down" in late.json()["detail"]

    with TestClient(app) as client:  # the same data directory, opened again in this process
        assert stack.models[DEFAULT_MODEL_ID] is not model and stack.models[DEFAULT_MODEL_ID]._thread.is_alive()
        found = client.post("/memory_bank/query", params={"bank_id": "notes"}, json={"query": "kettle"})
        assert found.status_code == 200 and found.json()["chunks"][0]["document_id"] == "kettle"
        assert client.post("/inference/completion", json=COMPLETION).status_code == 200
    assert not stack.models[DEFAULT_MODEL_ID]._thread.is_alive() and files_open_under(config.data_dir) == []


def test_one_that_fails_to_close_is_logged_and_the_others_are_closed_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    closed: list[str] = []
    close_banks, close_model = MemoryBanks.close, LlamaCppModel.close

    def failing_banks_close(banks: MemoryBanks) -> None:
        close_banks(banks)
        closed.append("memory banks")
        raise RuntimeError("injected close failure")

    def recorded_model_close(model: LlamaCppModel) -> None:
        close_model(model)
        closed.append("model")

    monkeypatch.setattr(MemoryBanks, "close", failing_banks_close)
    monkeypatch.setattr(LlamaCppModel, "close", recorded_model_close)
    app = create_server_app(load_config(write_config(tmp_path)))
    with caplog.at_level(logging.ERROR, logger="lls.stack"), TestClient(app):
        pass
    assert closed == ["memory banks", "model"]  # the banks may embed with the model: they go first
    assert not app.state.stack.models[DEFAULT_MODEL_ID]._thread.is_alive()
    (record,) = [r for r in caplog.records if r.name == "lls.stack"]
    assert record.getMessage() == "closing the MemoryBanks API failed" and record.exc_info is not None


def test_what_opened_before_a_start_up_failure_is_closed_again(tmp_path: Path) -> None:
    model = {"id": "opened-then-closed", "path": str(DEFAULT_MODEL), "context_length": 256}
    broken = write_config(tmp_path, models=[model], memory={"embedding_model_dir": str(tmp_path / "nowhere")})
    with pytest.raises(StartupError, match="embedding model"):
        create_server_app(load_config(broken))
    assert "llama-opened-then-closed" not in {thread.name for thread in threading.enumerate()}
