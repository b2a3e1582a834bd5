"""Inference benchmark: this server against llama.cpp's own `llama-server`, in one run, on the default model.

Both sides serve the same GGUF file with the same llama.cpp: `llama-server` is built by `make bench` from the
llama.cpp vendored in the same llama-cpp-python sdist as the wheel, with the same flags (the binary's path is
$LLAMA_SERVER, by default the Makefile's cache, ~/.cache/lls/llama-server-0.3.36/llama-server). Both are set up
alike: every core (`-t`/`-tb`), 8 sequences of 2048 tokens each in one unified KV cache (`-np 8 -c 16384 -kvu`;
the server's `parallel: 8`, whose cache is unified too), batch size 512, continuous batching, and no prompt cache
(`--no-cache-prompt --cache-ram 0` and `"cache_prompt": false`; this server with `prompt_cache: false`). Same
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

Multi-turn (the prompt cache): a conversation of about 1,500 tokens (turn 1), then the same plus one more line
(turn 2), then plus two (turn 3), each streamed with 2 tokens generated, timed to the first token, one stream
at a time. Three sides: this server as configured by default (prompt cache on), this server with
`prompt_cache: false` (the one that serves the levels above: every prompt read afresh, as before the cache),
and llama-server with `"cache_prompt": true` on these requests. Each of the first MULTI_TURN_ROUNDS rounds
runs a new conversation (one that opens differently, so no cache holds it) on all three, in turn; each figure
is the median. Targets: turns 2 and 3 within 1.2 x llama-server's first token, and turn 1 with the cache no
slower than without it (within 5 %, the bench's noise on a busy machine).

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

from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, LiveServer, ServerProcess, free_port

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
CONVERSATION_TOKENS = 1500  # turn 1's prompt, about
TURNS = 3  # the conversation, then one more line, then two
TURN_TOKENS = 2  # generated each turn
MULTI_TURN_ROUNDS = 3  # turn 1 reads 1,500 tokens afresh on every side: about 10 s each on 2 cores
MULTI_TURN_SIDES = ("lls", "lls, no cache", "llama-server")
SHELVES = ("atlases", "poetry", "cookery", "astronomy", "local history", "gardening", "chess", "sea stories")


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


async def lls_stream(client: httpx.AsyncClient, prompt: str = PROMPT, tokens: int = TOKENS) -> Run:
    body = {
        "model": DEFAULT_MODEL_ID,
        "content": prompt,
        "stream": True,
        "sampling_params": {"strategy": "greedy", "max_tokens": tokens},
    }
    return await timed_stream(
        client,
        "/inference/completion",
        body,
        lambda chunk: chunk["usage"]["completion_tokens"] if "stop_reason" in chunk else None,
    )


async def llama_server_stream(
    client: httpx.AsyncClient, prompt: str = PROMPT, tokens: int = TOKENS, *, cache_prompt: bool = False
) -> Run:
    body = {
        "prompt": prompt,
        "n_predict": tokens,
        "stream": True,
        "temperature": 0.0,
        "top_k": 1,
        "ignore_eos": True,
        "cache_prompt": cache_prompt,
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


def conversation(llama: llama_cpp.Llama, number: int) -> list[str]:
    """The prompts of a conversation's turns: about CONVERSATION_TOKENS tokens of lines, then one more line a
    turn. Each number opens differently, so that no cache holds its turn 1."""
    lines = [f"Conversation {number}: a reader asks a librarian about the library's shelves.\n"]
    while len(llama.tokenize("".join(lines).encode(), add_bos=False)) < CONVERSATION_TOKENS:
        shelf = len(lines) // 2 + 1
        lines.append(f"Reader: What is on shelf {shelf}?\n")
        lines.append(f"Librarian: Shelf {shelf} holds {SHELVES[shelf % len(SHELVES)]}, sorted by author.\n")
    shelf = len(lines) // 2 + 1
    more = [f"Reader: And on shelf {shelf + turn}?\n" for turn in range(TURNS - 1)]
    return ["".join(lines + more[:turn]) for turn in range(TURNS)]


@dataclass
class Figures:
    raws: list[Run]
    bursts: dict[tuple[str, int], list[Burst]]
    turns: dict[tuple[str, int], list[Run]]  # (side, turn index): each round's run
    turn_lengths: list[int]  # the first conversation's prompts, in tokens
    prompt_cache: dict[str, object]  # the cached server's counters, from /models/get


async def measure(llama: llama_cpp.Llama, urls: dict[str, str]) -> Figures:
    """Every level on both sides, and a conversation on all three multi-turn sides, round by round, so that all
    see the machine in the same state. `urls`: each multi-turn side's server; "lls, no cache" serves the levels.

    Each server is driven from one asyncio client, which takes as little CPU from it as a client can.
    """
    conversations = [conversation(llama, round_ + 1) for round_ in range(MULTI_TURN_ROUNDS)]
    lengths = [len(llama.tokenize(prompt.encode(), add_bos=False)) for prompt in conversations[0]]
    figures = Figures([], {(side, n): [] for side in SIDES for n in LEVELS}, {}, lengths, {})
    # Each turn on a new connection: llama-server at times closes a kept-alive one just as it is reused.
    fresh = httpx.Limits(max_keepalive_connections=0)
    async with (
        httpx.AsyncClient(base_url=urls["lls, no cache"], timeout=300) as lls,
        httpx.AsyncClient(base_url=urls["llama-server"], timeout=300) as llama_server,
        httpx.AsyncClient(base_url=urls["lls"], timeout=300, limits=fresh) as turns_lls,
        httpx.AsyncClient(base_url=urls["lls, no cache"], timeout=300, limits=fresh) as turns_lls_no_cache,
        httpx.AsyncClient(base_url=urls["llama-server"], timeout=300, limits=fresh) as turns_llama_server,
    ):
        streams = {"lls": lambda: lls_stream(lls), "llama-server": lambda: llama_server_stream(llama_server)}
        turn_streams: dict[str, Callable[[str], Awaitable[Run]]] = {
            "lls": lambda prompt: lls_stream(turns_lls, prompt, TURN_TOKENS),
            "lls, no cache": lambda prompt: lls_stream(turns_lls_no_cache, prompt, TURN_TOKENS),
            "llama-server": lambda prompt: llama_server_stream(
                turns_llama_server, prompt, TURN_TOKENS, cache_prompt=True
            ),
        }
        raw_llama_cpp(llama)  # warm up all three, every sequence of both servers
        for side in SIDES:
            await burst(streams[side], PARALLEL)
        await turn_streams["lls"](PROMPT)  # the cached server's first request
        for round_ in range(ROUNDS):
            figures.raws.append(raw_llama_cpp(llama))
            for n in LEVELS:
                for side in SIDES if round_ % 2 == 0 else SIDES[::-1]:
                    figures.bursts[side, n].append(await burst(streams[side], n))
            rates = ", ".join(
                f"{side} {n}: {figures.bursts[side, n][-1].tokens_per_s:.0f}" for n in LEVELS for side in SIDES
            )
            print(f"round {round_ + 1}/{ROUNDS} (tokens/s) {rates}", file=sys.stderr, flush=True)
            if round_ >= MULTI_TURN_ROUNDS:
                continue
            order = MULTI_TURN_SIDES[round_ % 3 :] + MULTI_TURN_SIDES[: round_ % 3]  # each side first once
            for side in order:
                for turn, prompt in enumerate(conversations[round_]):
                    figures.turns.setdefault((side, turn), []).append(await turn_streams[side](prompt))
            firsts = ", ".join(
                f"{side} {turn + 1}: {figures.turns[side, turn][-1].first_token_s:.2f}"
                for side in MULTI_TURN_SIDES
                for turn in range(TURNS)
            )
            print(f"round {round_ + 1}/{MULTI_TURN_ROUNDS} (first token, s) {firsts}", file=sys.stderr, flush=True)
        response = await turns_lls.get("/models/get", params={"model_id": DEFAULT_MODEL_ID})
        figures.prompt_cache = response.raise_for_status().json()["prompt_cache"]
    return figures


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.tokens_per_s)[len(runs) // 2]


def start_lls(tmp: Path, *, prompt_cache: bool) -> LiveServer:
    directory = tmp / ("lls" if prompt_cache else "lls-no-cache")
    directory.mkdir()
    model = {
        "id": DEFAULT_MODEL_ID,
        "path": str(DEFAULT_MODEL),
        "context_length": CONTEXT,
        "batch_size": BATCH,
        "parallel": PARALLEL,
        "prompt_cache": prompt_cache,
    }
    config = directory / "config.yaml"
    config.write_text(yaml.safe_dump({"data_dir": str(directory / "data"), "models": [model]}))
    return LiveServer(config)


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
        servers: dict[str, ServerProcess] = {}
        try:
            servers["lls"] = start_lls(Path(tmp), prompt_cache=True)
            servers["lls, no cache"] = start_lls(Path(tmp), prompt_cache=False)
            servers["llama-server"] = start_llama_server(Path(tmp), threads)
            figures = asyncio.run(measure(llama, {side: server.base_url for side, server in servers.items()}))
        finally:
            for server in servers.values():
                server.stop()
            llama.close()

    raws, bursts, turns = figures.raws, figures.bursts, figures.turns
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
    ttft = {key: statistics.median(r.first_token_s for r in runs) for key, runs in turns.items()}
    lengths = figures.turn_lengths
    print(
        f"multi-turn: a conversation of {lengths[0]} tokens, then one and two more lines; streamed, "
        f"{TURN_TOKENS} tokens generated; time to first token, median of {MULTI_TURN_ROUNDS} rounds"
    )
    print(
        f"{'turn':>4}  {'prompt':>6}  {'lls':>7}  {'lls, no cache':>13}  {'llama-server':>12}  "
        f"{'lls/llama-server':>16}  {'lls/no cache':>12}"
    )
    for turn in range(TURNS):
        lls, cold, llama_server = (ttft[side, turn] for side in MULTI_TURN_SIDES)
        print(
            f"{turn + 1:>4}  {lengths[turn]:>6}  {lls:6.2f}s  {cold:12.2f}s  {llama_server:11.2f}s  "
            f"{lls / llama_server:16.2f}  {lls / cold:12.2f}"
        )
    print(f"lls prompt cache since start (/models/get): {figures.prompt_cache}")
    short = sorted({r.tokens for runs in turns.values() for r in runs} - {TURN_TOKENS})
    if short:
        print(f"WARNING: some turns produced {short} tokens instead of {TURN_TOKENS}")
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
    for turn in range(1, TURNS):
        ratio = ttft["lls", turn] / ttft["llama-server", turn]
        ok = ratio <= 1.2
        met = met and ok
        print(f"turn {turn + 1}, lls/llama-server first token: {ratio:.2f}  (target <= 1.2)  {'ok' if ok else 'FAIL'}")
    ratio = ttft["lls", 0] / ttft["lls, no cache", 0]
    ok = ratio <= 1.05
    met = met and ok
    print(f"turn 1, lls with/without the cache first token: {ratio:.2f}  (target <= 1.05)  {'ok' if ok else 'FAIL'}")
    print("targets met" if met else "TARGETS NOT MET")
    print(f"bench took {time.perf_counter() - bench_started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
