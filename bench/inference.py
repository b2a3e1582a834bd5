"""Inference benchmark: this server against llama-cpp-python itself, in one run, on the default model.

(a) llama-cpp-python in-process: `Llama.create_completion`, streaming, every core;
(b) this server over HTTP, one streaming completion;
(c) this server over HTTP, 4 concurrent streaming completions.
Same prompt, greedy, 128 output tokens. Targets: (b)/(a) >= 1.0; (c) aggregate >= 1.3 x (b), with
every stream's first token within 1 s.

    .venv/bin/python bench/inference.py
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import llama_cpp
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import DEFAULT_MODEL, DEFAULT_MODEL_ID, LiveServer  # noqa: E402

PROMPT = "Here is a long story about a dragon who learned to read. Once upon a time,"
TOKENS = 128
CONTEXT = 2048
ROUNDS = 5  # each figure is the median of this many runs


@dataclass
class Run:
    tokens: int
    first_token_s: float
    total_s: float

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.total_s


def raw_llama_cpp(llama: llama_cpp.Llama) -> Run:
    # Forget the previous run's KV cache: llama-cpp-python would reuse it for the identical prompt, and
    # the server reads every prompt afresh, so both sides do the same work.
    llama.reset()
    llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(llama.ctx), True)
    started = time.perf_counter()
    first, tokens = 0.0, 0
    for chunk in llama.create_completion(PROMPT, max_tokens=TOKENS, temperature=0.0, stream=True):
        if chunk["choices"][0]["text"] or chunk["choices"][0]["finish_reason"] is None:
            tokens += 1
            first = first or time.perf_counter() - started
    return Run(tokens, first, time.perf_counter() - started)


async def server_stream(client: httpx.AsyncClient) -> Run:
    body = {
        "model": DEFAULT_MODEL_ID,
        "content": PROMPT,
        "stream": True,
        "sampling_params": {"strategy": "greedy", "max_tokens": TOKENS},
    }
    started = time.perf_counter()
    first, tokens = 0.0, 0
    async with client.stream("POST", "/inference/completion", json=body) as response:
        response.raise_for_status()
        async for line in response.aiter_lines():
            if not line.startswith("data: "):
                continue
            chunk = json.loads(line[6:])
            if "stop_reason" in chunk:
                tokens = chunk["usage"]["completion_tokens"]
            else:
                first = first or time.perf_counter() - started
    return Run(tokens, first, time.perf_counter() - started)


async def measure(llama: llama_cpp.Llama, base_url: str) -> tuple[Run, Run, list[tuple[list[Run], float]]]:
    """(a), (b) and (c), interleaved round by round, so that all three see the machine in the same state.

    The server is driven from one asyncio client, which takes as little CPU from it as a client can.
    """
    raws, singles, rounds = [], [], []
    async with httpx.AsyncClient(base_url=base_url, timeout=300) as client:
        raw_llama_cpp(llama)  # warm up both
        await server_stream(client)
        for _ in range(ROUNDS):
            raws.append(raw_llama_cpp(llama))
            singles.append(await server_stream(client))
            started = time.perf_counter()
            runs = await asyncio.gather(*(server_stream(client) for _ in range(4)))
            rounds.append((list(runs), time.perf_counter() - started))
    return median_run(raws), median_run(singles), rounds


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.tokens_per_s)[len(runs) // 2]


def main() -> int:
    threads = os.cpu_count() or 1
    llama = llama_cpp.Llama(
        str(DEFAULT_MODEL), n_ctx=CONTEXT, n_batch=512, n_threads=threads, n_threads_batch=threads, verbose=False
    )
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.yaml"
        config.write_text(
            yaml.safe_dump(
                {
                    "data_dir": str(Path(tmp) / "data"),
                    "models": [
                        {"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": CONTEXT, "parallel": 4}
                    ],
                }
            )
        )
        server = LiveServer(config)
        try:
            a, b, rounds = asyncio.run(measure(llama, server.base_url))
        finally:
            server.stop()
            llama.close()

    aggregates = [sum(r.tokens for r in runs) / wall for runs, wall in rounds]
    c_rate = statistics.median(aggregates)
    worst_first = max(r.first_token_s for runs, _ in rounds for r in runs)
    print(f"model {DEFAULT_MODEL.name}, {threads} threads, prompt {PROMPT!r}, greedy, {TOKENS} tokens")
    for label, run in (("(a) llama-cpp-python in-process", a), ("(b) lls over HTTP, 1 stream", b)):
        print(f"{label:35} {run.tokens_per_s:7.1f} tokens/s   first token {run.first_token_s * 1000:6.0f} ms")
    print(
        f"{'(c) lls over HTTP, 4 streams':35} {c_rate:7.1f} tokens/s together, slowest first token "
        f"{worst_first * 1000:.0f} ms"
    )
    ratio_ba, ratio_cb = b.tokens_per_s / a.tokens_per_s, c_rate / b.tokens_per_s
    print(f"(b)/(a) = {ratio_ba:.2f}  (target >= 1.0)")
    print(f"(c)/(b) = {ratio_cb:.2f}  (target >= 1.3)")
    print(f"slowest first token of (c) = {worst_first:.2f} s  (target <= 1 s)")
    met = ratio_ba >= 1.0 and ratio_cb >= 1.3 and worst_first <= 1.0
    print("targets met" if met else "TARGETS NOT MET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
