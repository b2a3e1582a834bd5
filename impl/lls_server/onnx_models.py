"""ONNX models run in this process (the default embedding, the prompt-guard classifier), on the CPU."""

from __future__ import annotations

import os
from pathlib import Path

import onnxruntime


def cpu_session(model_file: Path, threads: int | None) -> onnxruntime.InferenceSession:
    """A session on `threads` cores (default: all) for one operator at a time: requests run side by side already."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.inter_op_num_threads = 1
    # Idle threads sleep instead of spinning after each run: spinning ones took the cores from llama.cpp's
    # decoding, which began 26-33 ms slower right after a memory query (bench/agents.py, 2 cores).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(model_file), sess_options=options, providers=["CPUExecutionProvider"])
