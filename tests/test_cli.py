"""`lls serve` on a run config it cannot start with: one line that says why, no traceback, a non-zero exit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import LLS, write_config


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
