"""`lls serve` on a run config it cannot start with: one line that says why, no traceback, a non-zero exit;
and a server stopped with SIGTERM: a clean exit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from lls_client import Client
from lls_client.api.inference import completion
from lls_client.api.memory_banks import create_memory_bank
from lls_client.models import CompletionRequest, CompletionResponse, MemoryBank, MemoryBankDocument, SamplingParams
from lls_server.testing import DEFAULT_MODEL_ID, LLS, LiveServer, write_config


@pytest.mark.parametrize(
    ("broken", "says"),
    [
        ("model_file", "no GGUF file at"),
        ("store", "cannot open Chroma"),
        ("embedding_model", "embedding model"),
        ("config", "invalid run config"),
    ],
)
def test_a_server_that_cannot_start_says_why_in_one_line(tmp_path: Path, broken: str, says: str) -> None:
    overrides: dict[str, object] = {"models": []}
    if broken == "model_file":
        overrides["models"] = [{"id": "gone", "path": str(tmp_path / "gone.gguf")}]
    elif broken == "store":
        (tmp_path / "data").write_text("a file where the data directory should be")
    elif broken == "embedding_model":
        overrides["memory"] = {"embedding_model_dir": str(tmp_path / "nowhere")}
    else:
        overrides["server"] = {"port": "not a port"}
    config = write_config(tmp_path, **overrides)
    done = subprocess.run([str(LLS), "serve", "--config", str(config)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()
    assert any(line.startswith("lls: cannot start: ") and says in line for line in last), done.stderr


def test_a_server_stopped_with_sigterm_closes_everything_and_exits_0_with_a_clean_log(tmp_path: Path) -> None:
    server = LiveServer(write_config(tmp_path))
    try:
        with Client(base_url=server.base_url, timeout=60) as client:  # the model, its embedding context, Chroma
            document = MemoryBankDocument.from_dict({"document_id": "d", "content": "The ferry leaves at nine."})
            bank = create_memory_bank.sync(
                client=client, bank_id="b", bank_name="b", embedding_model=DEFAULT_MODEL_ID, body=[document]
            )
            assert isinstance(bank, MemoryBank), bank
            sampling = SamplingParams(max_tokens=2)
            request = CompletionRequest(model=DEFAULT_MODEL_ID, content="x", sampling_params=sampling)
            assert isinstance(completion.sync(client=client, body=request), CompletionResponse)
    finally:
        server.stop()  # SIGTERM, then a kill after 15 s
    log = server.log.read_text()
    assert server.process.returncode == 0, log
    assert "Traceback" not in log and " ERROR " not in log and " CRITICAL " not in log, log
