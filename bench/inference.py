"""Inference benchmark: this server against llama.cpp's own `llama-server`, in one run, on the default model.

Both sides serve the same GGUF file with the same llama.cpp: `llama-server` is built by `make bench` from the
llama.cpp vendored in the same llama-cpp-python sdist as the wheel, with the same flags (the binary's path is
$LLAMA_SERVER, by default the Makefile's cache, ~/.cache/lls/llama-server-0.3.36/llama-server). Both are set up
alike: every core (`-t`/`-tb`), 8 sequences of 2048 tokens each in one unified KV cache (`-np 8 -c 16384 -kvu`;
the server's `parallel: 8`, whose cache is unified too), batch size 512, continuous batching, and no prompt cache
(`--no-cache-prompt --cache-ram 0` and `"cache_prompt": false`; this server reads every prompt afresh). Same
prompt, greedy (the server's `greedy` strategy; `temperature` 0 and `top_k` 1 for llama-server), 128 output
tokens: llama-server is told `ignore_eos` and the server stops only at 128 on this prompt (the figures are
flagged if a stream ends early). llama-server is driven through its native API, streaming `/completion`.

Each side runs 1, 4 and 8 concurrent streams. One server of each kind, started once with 8 sequences, serves
all three levels, as each would be deployed; both pay the same for their idle sequences at 1 and 4 streams.
Rounds are interleaved: in each round every level runs on both sides back to back, the side that goes first
alternating from round to round, so both see the machine in the same state; each figure is the median of
ROUNDS rounds (the slowest first token is the worst of them all). Rates are aggregate: the tokens of all N
streams over the wall time from the first request to the last stream's end.

Targets: the server's rate >= 0.98 x llama-server's with 1 stream and >= 1.0 x with 4 and 8 streams, and every
one of the server's streams gets its first token within 1 s.

llama-cpp-python's own streaming `Llama.create_completion` (in-process, every core, 1 stream) is kept as a
reference row: it is cheap (one extra stream a round). It has no target any more: llama-server, the same
engine with no Python in the loop, is the stronger baseline.

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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import llama_cpp
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import DEFAULT_MODEL, DEFAULT_MODEL_ID, LiveServer, ServerProcess, free_port  # noqa: E402

LLAMA_SERVER = Path(
    os.environ.get("LLAMA_SERVER") or Path.home() / ".cache" / "lls" / "llama-server-0.3.36" / "llama-server"
)
PROMPT = "Here is a long story about a dragon who learned to read. Once upon a time,"
TOKENS = 128
CONTEXT = 2048  # tokens per sequence
BATCH = 512
PARALLEL = 8  # sequences of each server
LEVELS = (1, 4, 8)  # concurrent streams
ROUNDS = 5  # each figure is the median of this many rounds
SIDES = ("lls", "llama-server")


@dataclass
class Run:
    tokens: int
    first_token_s: float
    total_s: float

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.total_s


@dataclass
class Burst:
    """N concurrent streams: each stream's run, and the wall time from the first request to the last end."""

    runs: list[Run]
    wall_s: float

    @property
    def tokens_per_s(self) -> float:
        return sum(r.tokens for r in self.runs) / self.wall_s

    @property
    def slowest_first_token_s(self) -> float:
        return max(r.first_token_s for r in self.runs)


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


async def timed_stream(
    client: httpx.AsyncClient, path: str, body: dict[str, object], tokens_when_done: Callable[[dict], int | None]
) -> Run:
    """Stream one completion; `tokens_when_done` reads a chunk: the tokens generated if it is the last one,
    None if it carries a token (the first of which is timed), or -1 if it carries neither."""
    started = time.perf_counter()
    first, tokens = 0.0, 0
    async with client.stream("POST", path, json=body) as response:
        response.raise_for_status()
        async for line in response.aiter_lines():
            if not line.startswith("data: "):
                continue
            done = tokens_when_done(json.loads(line[6:]))
            if done is None:
                first = first or time.perf_counter() - started
            elif done >= 0:
                tokens = done
    return Run(tokens, first, time.perf_counter() - started)


async def lls_stream(client: httpx.AsyncClient) -> Run:
    body = {
        "model": DEFAULT_MODEL_ID,
        "content": PROMPT,
        "stream": True,
        "sampling_params": {"strategy": "greedy", "max_tokens": TOKENS},
    }
    return await timed_stream(
        client,
        "/inference/completion",
        body,
        lambda chunk: chunk["usage"]["completion_tokens"] if "stop_reason" in chunk else None,
    )


async def llama_server_stream(client: httpx.AsyncClient) -> Run:
    body = {
        "prompt": PROMPT,
        "n_predict": TOKENS,
        "stream": True,
        "temperature": 0.0,
        "top_k": 1,
        "ignore_eos": True,
        "cache_prompt": False,
    }

    def tokens_when_done(chunk: dict) -> int | None:
        if chunk["stop"]:
            return int(chunk["tokens_predicted"])
        return -1 if "prompt_progress" in chunk else None

    return await timed_stream(client, "/completion", body, tokens_when_done)


async def burst(stream: Callable[[], Awaitable[Run]], n: int) -> Burst:
    started = time.perf_counter()
    runs = await asyncio.gather(*(stream() for _ in range(n)))
    return Burst(list(runs), time.perf_counter() - started)


async def measure(
    llama: llama_cpp.Llama, lls_url: str, llama_server_url: str
) -> tuple[list[Run], dict[tuple[str, int], list[Burst]]]:
    """Every level on both sides, round by round, so that all see the machine in the same state.

    Each server is driven from one asyncio client, which takes as little CPU from it as a client can.
    """
    raws: list[Run] = []
    bursts: dict[tuple[str, int], list[Burst]] = {(side, n): [] for side in SIDES for n in LEVELS}
    async with (
        httpx.AsyncClient(base_url=lls_url, timeout=300) as lls,
        httpx.AsyncClient(base_url=llama_server_url, timeout=300) as llama_server,
    ):
        streams = {"lls": lambda: lls_stream(lls), "llama-server": lambda: llama_server_stream(llama_server)}
        raw_llama_cpp(llama)  # warm up all three, every sequence of both servers
        for side in SIDES:
            await burst(streams[side], PARALLEL)
        for round_ in range(ROUNDS):
            raws.append(raw_llama_cpp(llama))
            for n in LEVELS:
                for side in SIDES if round_ % 2 == 0 else SIDES[::-1]:
                    bursts[side, n].append(await burst(streams[side], n))
            rates = ", ".join(f"{side} {n}: {bursts[side, n][-1].tokens_per_s:.0f}" for n in LEVELS for side in SIDES)
            print(f"round {round_ + 1}/{ROUNDS} (tokens/s) {rates}", file=sys.stderr, flush=True)
    return raws, bursts


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.tokens_per_s)[len(runs) // 2]


def start_llama_server(tmp: Path, threads: int) -> ServerProcess:
    if not LLAMA_SERVER.is_file():
        raise SystemExit(f"{LLAMA_SERVER} is missing: `make bench` builds it")
    port = free_port()
    command = [
        str(LLAMA_SERVER),
        "--model", str(DEFAULT_MODEL),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--threads", str(threads),
        "--threads-batch", str(threads),
        "--ctx-size", str(CONTEXT * PARALLEL),
        "--parallel", str(PARALLEL),
        "--kv-unified",
        "--batch-size", str(BATCH),
        "--ubatch-size", str(BATCH),
        "--cont-batching",
        "--no-cache-prompt",
        "--cache-ram", "0",
        "--no-webui",
    ]  # fmt: skip
    return ServerProcess(command, port=port, log=tmp / f"llama-server-{port}.log", ready_path="/health")


def main() -> int:
    bench_started, load_before = time.perf_counter(), os.getloadavg()[0]
    threads = os.cpu_count() or 1
    llama = llama_cpp.Llama(
        str(DEFAULT_MODEL), n_ctx=CONTEXT, n_batch=BATCH, n_threads=threads, n_threads_batch=threads, verbose=False
    )
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.yaml"
        model = {
            "id": DEFAULT_MODEL_ID,
            "path": str(DEFAULT_MODEL),
            "context_length": CONTEXT,
            "batch_size": BATCH,
            "parallel": PARALLEL,
        }
        config.write_text(yaml.safe_dump({"data_dir": str(Path(tmp) / "data"), "models": [model]}))
        server = LiveServer(config)
        try:
            llama_server = start_llama_server(Path(tmp), threads)
            try:
                raws, bursts = asyncio.run(measure(llama, server.base_url, llama_server.base_url))
            finally:
                llama_server.stop()
        finally:
            server.stop()
            llama.close()

    rate = {key: statistics.median(b.tokens_per_s for b in runs) for key, runs in bursts.items()}
    first = {key: max(b.slowest_first_token_s for b in runs) for key, runs in bursts.items()}
    raw = median_run(raws)
    print(
        f"model {DEFAULT_MODEL.name}, {threads} threads, prompt {PROMPT!r}, greedy, {TOKENS} tokens, "
        f"median of {ROUNDS} rounds"
    )
    # Every side decodes on every core: other work on the machine slows llama.cpp's threads far more than its share.
    print(f"load average (1 min) before the bench: {load_before:.2f}, after: {os.getloadavg()[0]:.2f}")
    print(
        f"reference: llama-cpp-python in-process, 1 stream: {raw.tokens_per_s:.1f} tokens/s, "
        f"first token {raw.first_token_s * 1000:.0f} ms"
    )
    print(f"{'streams':>7}  {'lls tokens/s':>12}  {'llama-server':>12}  {'lls/llama-server':>16}  slowest first token")
    for n in LEVELS:
        print(
            f"{n:>7}  {rate['lls', n]:12.1f}  {rate['llama-server', n]:12.1f}  "
            f"{rate['lls', n] / rate['llama-server', n]:16.2f}  "
            f"lls {first['lls', n] * 1000:4.0f} ms, llama-server {first['llama-server', n] * 1000:4.0f} ms"
        )
    short = sorted({r.tokens for runs in bursts.values() for b in runs for r in b.runs} - {TOKENS})
    if short:
        print(f"WARNING: some streams produced {short} tokens instead of {TOKENS}")
    met = True
    for n, target in ((1, 0.98), (4, 1.0), (8, 1.0)):
        ratio = rate["lls", n] / rate["llama-server", n]
        ok = ratio >= target
        met = met and ok
        plural = "s" if n > 1 else ""
        print(f"lls/llama-server, {n} stream{plural}: {ratio:.2f}  (target >= {target})  {'ok' if ok else 'FAIL'}")
    worst_first = max(first["lls", n] for n in LEVELS)
    ok = worst_first <= 1.0
    met = met and ok
    print(f"slowest lls first token: {worst_first:.2f} s  (target <= 1 s)  {'ok' if ok else 'FAIL'}")
    print("targets met" if met else "TARGETS NOT MET")
    print(f"bench took {time.perf_counter() - bench_started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
