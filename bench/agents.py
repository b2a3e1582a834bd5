"""Agentic systems: what the turn loop costs over the inferences it makes, the code sandbox's start, 8 busy sessions.

1. The loop's overhead. A turn (`/agentic_system/turn/create`, not streamed, timed by the client) against the
   inferences it made, each replayed on its own through `/inference/chat_completion` with the very prompt the loop
   built: the system message with the instructions, the earlier turns, the input (with the retrieved context added
   to the last user message), then this turn's answers and tool responses so far, with the same tools, tool choice
   and sampling params. A replay must read as many prompt tokens and write as many completion tokens as the step it
   replays, or the bench stops: a replay of another prompt would measure nothing. The model runs with
   `prompt_cache: false`, so that turns and replays both read their prompts cold, and samples greedily up to
   MAX_TOKENS. What the turn takes beyond its replays is the loop's own work (planning, events, the store, the HTTP
   of one request instead of several) and the tool's round trip. Workloads: a plain turn after two earlier ones
   (history in the prompt); a forced call of a REST tool on 127.0.0.1 that answers at once, with
   `max_infer_iters: 2` (two inferences and the tool); a turn that retrieves from an attached memory bank (its
   retrieval is work of its own: the target applies to the turn less its memory_retrieval step). Turn and replays
   take turns, round by round, so both see the machine in the same state (its speed drifts from day to day and
   from minute to minute); each figure is the median of the rounds. Target: a turn within 1.10x its inferences.
   The server's timestamps split each turn: outside the loop (HTTP, loading the session, storing the turn), the
   inference steps, the tool, and the rest of the loop.
2. The code interpreter's sandbox (`CodeSandbox`, bubblewrap): from `run` to the first output of `print("hi")`,
   in this process, after warm-up runs. Target: p50 within 150 ms.
3. 8 sessions at once, each sending turns one after the other, on a model that decodes 4 requests together (its
   default `parallel`), with the prompt cache on as by default: every turn answered 200 and stored.

The server is driven with the standard library's keep-alive `http.client`, so that what is measured is the server.

    .venv/bin/python bench/agents.py [--rounds 7] [--sandbox-runs 30] [--sessions 8] [--turns 3]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import http.client
import http.server
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from lls_server.agents.sandbox import CodeSandbox
from lls_server.agents.turns import CONTEXT_FOOTER, CONTEXT_HEADER
from lls_server.config import CodeInterpreterConfig
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, JsonEndpoint, LiveServer, write_config

Json = Any
MAX_TOKENS = 48
CONCURRENT_MAX_TOKENS = 32
GREEDY = {"strategy": "greedy", "max_tokens": MAX_TOKENS, "repetition_penalty": 1.0}
INSTRUCTIONS = "You are a helpful assistant. Answer briefly."
HISTORY = ["My name is Ada and I live in Lisbon.", "I like sailing and collecting old maps."]
QUESTION = "What do you know about me?"
WEATHER_QUESTION = "What is the weather in Paris?"
MEMORY_QUESTION = "Which code opens the vault on Kestrel Island?"
FACTS = [
    "The vault on Kestrel Island opens with the code 4817.",
    "The lighthouse on Kestrel Island was built in 1902.",
    "Kestrel Island has a ferry to the mainland twice a day.",
    "The island's bakery opens at dawn and closes after lunch.",
    "A red fox lives near the old harbour of Kestrel Island.",
    "The night train to the coast leaves at midnight.",
    "The old library keeps maps of every island in the bay.",
    "The jazz band plays in the town square on Sundays.",
]
CONCURRENT_QUESTIONS = [
    "Name a fruit that is red.",
    "What is the capital of Italy?",
    "Give me a word that rhymes with cat.",
    "How many legs does a spider have?",
    "What colour is the sky on a clear day?",
    "Say something kind.",
    "What is two plus three?",
    "Name a planet.",
    "What do bees make?",
]
OVERHEAD_TARGET = 1.10
SANDBOX_TARGET_MS = 150.0
SANDBOX_WARMUP = 3
WEATHER_ANSWER = {"forecast": "sunny", "temperature_c": 21}


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def seconds_between(started: str, completed: str) -> float:
    return (datetime.fromisoformat(completed) - datetime.fromisoformat(started)).total_seconds()


class Served:
    """This server over one keep-alive HTTP connection."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def call(self, path: str, body: Json = None, **params: str) -> tuple[int, Json]:
        """POST `body` (none when None); the status and the answer's JSON."""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        data = None if body is None else json.dumps(body)
        self.connection.request("POST", path + query, data, {"Content-Type": "application/json"})
        response = self.connection.getresponse()
        answer = response.read()
        return response.status, json.loads(answer) if answer else None

    def post(self, path: str, body: Json = None, **params: str) -> Json:
        status, answer = self.call(path, body, **params)
        if status != 200:
            raise SystemExit(f"POST {path}: {status} {answer}")
        return answer

    def timed(self, path: str, body: Json) -> tuple[float, Json]:
        started = time.perf_counter()
        answer = self.post(path, body)
        return time.perf_counter() - started, answer

    def agent(self, instance_config: dict[str, Json]) -> str:
        body = {"model": DEFAULT_MODEL_ID, "instance_config": instance_config}
        return str(self.post("/agentic_system/create", body)["system_id"])

    def session(self, agent_id: str) -> str:
        body = {"system_id": agent_id, "session_name": "bench"}
        return str(self.post("/agentic_system/session/create", body)["session_id"])

    def turn_body(self, agent_id: str, session_id: str, text: str) -> Json:
        return {"system_id": agent_id, "session_id": session_id, "messages": [{"role": "user", "content": text}]}

    def turn(self, agent_id: str, session_id: str, text: str) -> Json:
        return self.post("/agentic_system/turn/create", self.turn_body(agent_id, session_id, text))


# ---------------------------------------------------------------- 1. the loop's overhead


@dataclass
class Workload:
    """A kind of turn: its agent's config, how each round's session is set up, and the question timed."""

    name: str
    config: dict[str, Json]
    question: str
    history: list[str] = field(default_factory=list)
    banks: list[str] = field(default_factory=list)
    agent_id: str = ""


@dataclass
class Measured:
    """One round of a workload: the turn, its replays, and where the server says the turn's time went."""

    turn_s: float
    replays_s: float
    server_turn_s: float
    inference_s: float
    tool_s: float
    retrieval_s: float

    def ratio(self, less_retrieval: bool = False) -> float:
        return (self.turn_s - (self.retrieval_s if less_retrieval else 0.0)) / self.replays_s


def workloads(tool_url: str) -> list[Workload]:
    weather = {
        "tool_name": "get_weather",
        "description": "The weather in a city.",
        "parameters": {"city": {"param_type": "string", "description": "The city", "required": True}},
        "execution_config": {"url": tool_url, "method": "POST"},
    }
    plain = {"instructions": INSTRUCTIONS, "sampling_params": GREEDY}
    tool = {**plain, "available_tools": [weather], "tool_choice": "get_weather", "max_infer_iters": 2}
    return [
        Workload("plain, 2 turns before", plain, QUESTION, history=HISTORY),
        Workload("REST tool, 2 inferences", tool, WEATHER_QUESTION),
        Workload("memory retrieval", plain, MEMORY_QUESTION, banks=["bench-facts"]),
    ]


def prompt_tools(config: dict[str, Json]) -> list[Json] | None:
    """The tools as the loop offers them to the model (`tools.prompt_tool`)."""
    tools = [
        {key: tool[key] for key in ("tool_name", "description", "parameters") if key in tool}
        for tool in config.get("available_tools", [])
    ]
    return tools or None


def tool_messages(step: Json) -> list[Json]:
    return [
        {"role": "ipython", "call_id": r["call_id"], "tool_name": r["tool_name"], "content": r["content"]}
        for r in step["tool_responses"]
    ]


def earlier_turn_messages(turn: Json) -> list[Json]:
    """A stored turn as a later prompt holds it (`turns.turn_messages`)."""
    messages = list(turn["input_messages"])
    inferences = [step for step in turn["steps"] if step["step_type"] == "inference"]
    for step in turn["steps"]:
        if step["step_type"] == "inference" and step is not inferences[-1]:
            messages.append(step["model_response"])
        elif step["step_type"] == "tool_execution":
            messages += tool_messages(step)
    return [*messages, turn["output_message"]]


def turn_inputs(turn: Json) -> list[Json]:
    """The turn's input as the loop sends it: the retrieved context added to the last user message."""
    inputs = [dict(message) for message in turn["input_messages"]]
    retrievals = [step for step in turn["steps"] if step["step_type"] == "memory_retrieval"]
    documents = retrievals[0]["documents"] if retrievals else []
    if documents:
        pieces = [f"id:{document['document_id']}; content:{document['content']}" for document in documents]
        last = max(i for i, message in enumerate(inputs) if message["role"] == "user")
        context = CONTEXT_HEADER + "\n".join(pieces) + CONTEXT_FOOTER
        inputs[last]["content"] = f"{inputs[last]['content']}\n\n{context}"
    return inputs


def replay_requests(config: dict[str, Json], history: list[Json], turn: Json) -> list[tuple[Json, Json]]:
    """Each inference step of `turn` with the chat_completion request that reads the prompt the loop built for it."""
    messages = [{"role": "system", "content": config["instructions"]}]
    for earlier in history:
        messages += earlier_turn_messages(earlier)
    messages += turn_inputs(turn)
    requests = []
    for step in turn["steps"]:
        if step["step_type"] == "inference":
            request = {
                "model": DEFAULT_MODEL_ID,
                "messages": list(messages),
                "tool_choice": config.get("tool_choice", "auto"),
                "sampling_params": config["sampling_params"],
            }
            if tools := prompt_tools(config):
                request["available_tools"] = tools
            requests.append((step, request))
            messages.append(step["model_response"])
        elif step["step_type"] == "tool_execution":
            messages += tool_messages(step)
    return requests


def check_replay(workload: str, step: Json, answer: Json) -> None:
    """Stop unless the replay read the step's prompt and wrote as many tokens: else it measures nothing."""
    expected, got = step["usage"], answer["usage"]
    for key in ("prompt_tokens", "completion_tokens"):
        if expected[key] != got[key]:
            raise SystemExit(
                f"{workload}: the replay of inference step {step['step_id']} has {got[key]} {key}, the step "
                f"{expected[key]}: it does not replay the loop's prompt\nstep: {json.dumps(step)}\n"
                f"replay: {json.dumps(answer)}"
            )


def step_seconds(turn: Json, step_type: str) -> float:
    return sum(
        seconds_between(step["started_at"], step["completed_at"])
        for step in turn["steps"]
        if step["step_type"] == step_type
    )


def measure_round(client: Served, workload: Workload) -> Measured:
    """A new session set up as the workload asks, its timed turn, then each of its inferences replayed."""
    session_id = client.session(workload.agent_id)
    if workload.banks:
        client.post(
            "/agentic_system/memory_bank/attach", workload.banks, agent_id=workload.agent_id, session_id=session_id
        )
    history = [client.turn(workload.agent_id, session_id, text) for text in workload.history]
    body = client.turn_body(workload.agent_id, session_id, workload.question)
    turn_s, turn = client.timed("/agentic_system/turn/create", body)
    replays_s = 0.0
    for step, request in replay_requests(workload.config, history, turn):
        seconds, answer = client.timed("/inference/chat_completion", request)
        check_replay(workload.name, step, answer)
        replays_s += seconds
    return Measured(
        turn_s=turn_s,
        replays_s=replays_s,
        server_turn_s=seconds_between(turn["started_at"], turn["completed_at"]),
        inference_s=step_seconds(turn, "inference"),
        tool_s=step_seconds(turn, "tool_execution"),
        retrieval_s=step_seconds(turn, "memory_retrieval"),
    )


def loop_overhead(client: Served, tool_url: str, rounds: int) -> dict[str, list[Measured]]:
    """Every workload, `rounds` times (after one round of warm-up), in alternating order."""
    kinds = workloads(tool_url)
    facts = [{"document_id": f"fact-{n}", "content": fact} for n, fact in enumerate(FACTS)]
    client.post("/memory_banks/create", facts, bank_id="bench-facts", bank_name="facts")
    for workload in kinds:
        workload.agent_id = client.agent(workload.config)
        measure_round(client, workload)  # warm-up: first requests, grammars, the embedding model
    measured: dict[str, list[Measured]] = {workload.name: [] for workload in kinds}
    for number in range(rounds):
        for workload in kinds if number % 2 == 0 else list(reversed(kinds)):
            measured[workload.name].append(measure_round(client, workload))
    return measured


def median_ms(rows: list[Measured], figure: Callable[[Measured], float]) -> float:
    return statistics.median(figure(row) for row in rows) * 1000


def print_overhead(measured: dict[str, list[Measured]], rounds: int) -> bool:
    print(
        f"1. the loop's overhead: a turn against its inferences replayed on /inference/chat_completion, "
        f"greedy, max_tokens {MAX_TOKENS}, prompt_cache false, median of {rounds} rounds"
    )
    print(f"{'turn':26} {'turn ms':>8} {'replays ms':>11} {'ratio':>6} {'target':>7}")
    met = True
    for name, rows in measured.items():
        less_retrieval = any(row.retrieval_s for row in rows)
        ratio = statistics.median(row.ratio(less_retrieval) for row in rows)
        met &= ratio <= OVERHEAD_TARGET
        turn_ms = statistics.median(row.turn_s for row in rows) * 1000
        replays_ms = statistics.median(row.replays_s for row in rows) * 1000
        note = "  (turn less its retrieval)" if less_retrieval else ""
        print(f"{name:26} {turn_ms:8.1f} {replays_ms:11.1f} {ratio:6.3f} {'<= ' + str(OVERHEAD_TARGET):>7}{note}")
    print("where a turn's time goes, by the server's timestamps (median ms):")
    print(f"{'turn':26} {'outside':>8} {'inference':>10} {'tool':>6} {'retrieval':>10} {'rest of loop':>13}")
    for name, rows in measured.items():
        figures = [
            median_ms(rows, lambda row: row.turn_s - row.server_turn_s),
            median_ms(rows, lambda row: row.inference_s),
            median_ms(rows, lambda row: row.tool_s),
            median_ms(rows, lambda row: row.retrieval_s),
            median_ms(rows, lambda row: row.server_turn_s - row.inference_s - row.tool_s - row.retrieval_s),
        ]
        print(f"{name:26} {figures[0]:8.1f} {figures[1]:10.1f} {figures[2]:6.1f} {figures[3]:10.1f} {figures[4]:13.1f}")
    return met


# ---------------------------------------------------------------- 2. the sandbox


async def sandbox_latencies(root: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds from `run` to the first output, and to the end of the run, of `print("hi")` in one session."""
    sandbox = CodeSandbox(CodeInterpreterConfig(), root)
    await asyncio.to_thread(sandbox.check)
    first: list[float] = []
    whole: list[float] = []
    for number in range(SANDBOX_WARMUP + runs):
        output_at: list[float] = []

        async def on_output(text: str, seen: list[float] = output_at) -> None:
            if not seen:
                seen.append(time.perf_counter())

        started = time.perf_counter()
        result = await sandbox.run("bench", 'print("hi")', on_output)
        ended = time.perf_counter()
        if result.stdout != "hi\n" or not output_at:
            raise SystemExit(f"the sandbox printed {result.stdout!r}, {result.stderr!r} (exit {result.exit_code})")
        if number >= SANDBOX_WARMUP:
            first.append(output_at[0] - started)
            whole.append(ended - started)
    return first, whole


def print_sandbox(first: list[float], whole: list[float]) -> bool:
    p50, p95 = percentile(first, 50) * 1000, percentile(first, 95) * 1000
    print(f'2. the code sandbox, print("hi"), {len(first)} runs after {SANDBOX_WARMUP} warm-up runs')
    print(f"{'CodeSandbox.run':26} {'p50 ms':>8} {'p95 ms':>8} {'target':>10}")
    print(f"{'to the first output':26} {p50:8.1f} {p95:8.1f} {'p50 <= ' + str(int(SANDBOX_TARGET_MS)):>10}")
    print(f"{'to the end of the run':26} {percentile(whole, 50) * 1000:8.1f} {percentile(whole, 95) * 1000:8.1f}")
    return p50 <= SANDBOX_TARGET_MS


# ---------------------------------------------------------------- 3. sessions at once


@dataclass
class Busy:
    """What the sessions at once saw."""

    wall_s: float
    latencies: list[float]
    errors: list[str]


def session_turns(
    port: int, agent_id: str, session_id: str, questions: list[str], start: threading.Barrier
) -> tuple[list[float], list[str]]:
    """A session's client: its turns one after the other, each timed; what failed, named."""
    client = Served(port)
    latencies, errors = [], []
    start.wait()
    for question in questions:
        body = client.turn_body(agent_id, session_id, question)
        started = time.perf_counter()
        try:
            status, answer = client.call("/agentic_system/turn/create", body)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            errors.append(f"session {session_id}: {exc!r}")
            client = Served(port)
            continue
        latencies.append(time.perf_counter() - started)
        if status != 200:
            errors.append(f"session {session_id}: {status} {answer}")
    return latencies, errors


def sessions_at_once(port: int, sessions: int, turns: int) -> Busy:
    """`sessions` sessions of one agent, each sending `turns` turns as soon as the last is answered; then each
    session must hold all its turns."""
    client = Served(port)
    sampling = {**GREEDY, "max_tokens": CONCURRENT_MAX_TOKENS}
    agent_id = client.agent({"instructions": INSTRUCTIONS, "sampling_params": sampling})
    session_ids = [client.session(agent_id) for _ in range(sessions)]
    start = threading.Barrier(sessions + 1)
    with concurrent.futures.ThreadPoolExecutor(sessions) as pool:
        futures = [
            pool.submit(
                session_turns,
                port,
                agent_id,
                session_id,
                [CONCURRENT_QUESTIONS[(index + n) % len(CONCURRENT_QUESTIONS)] for n in range(turns)],
                start,
            )
            for index, session_id in enumerate(session_ids)
        ]
        start.wait()
        started = time.perf_counter()
        results = [future.result() for future in futures]
        wall_s = time.perf_counter() - started
    latencies = [seconds for found, _ in results for seconds in found]
    errors = [error for _, found in results for error in found]
    client = Served(port)  # the first connection has been idle past the server's keep-alive
    for session_id in session_ids:
        stored = client.post("/agentic_system/session/get", None, agent_id=agent_id, session_id=session_id)
        if len(stored["turns"]) != turns:
            errors.append(f"session {session_id}: {len(stored['turns'])} turns stored, not {turns}")
    return Busy(wall_s, latencies, errors)


def print_busy(busy: Busy, sessions: int, turns: int) -> bool:
    print(
        f"3. {sessions} sessions at once, {turns} turns each, greedy, max_tokens {CONCURRENT_MAX_TOKENS}, "
        "parallel 4, prompt cache on"
    )
    print(f"{'':26} {'wall s':>8} {'turn p50 ms':>12} {'turn p95 ms':>12} {'errors':>7} {'target':>7}")
    p50 = percentile(busy.latencies, 50) * 1000 if len(busy.latencies) > 1 else float("nan")
    p95 = percentile(busy.latencies, 95) * 1000 if len(busy.latencies) > 1 else float("nan")
    print(f"{'all sessions':26} {busy.wall_s:8.2f} {p50:12.1f} {p95:12.1f} {len(busy.errors):7d} {0:7d}")
    for error in busy.errors[:10]:
        print(f"  {error}")
    return not busy.errors


# ---------------------------------------------------------------- main


def overhead_config(directory: Path) -> Path:
    model = {"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 2048, "prompt_cache": False}
    return write_config(directory, models=[model], outgoing={"allowed_hosts": ["127.0.0.1"]})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of turns and replays, each workload")
    parser.add_argument("--sandbox-runs", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--turns", type=int, default=3, help="turns each session sends")
    args = parser.parse_args()
    print(f"agentic systems: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before", flush=True)
    endpoint = JsonEndpoint("127.0.0.1", lambda request: (200, WEATHER_ANSWER))
    with tempfile.TemporaryDirectory(prefix="lls-bench-agents-") as tmp:
        (Path(tmp) / "cold").mkdir()
        server = LiveServer(overhead_config(Path(tmp) / "cold"))
        try:
            measured = loop_overhead(Served(server.port), f"{endpoint.url}/weather", args.rounds)
        finally:
            server.stop()
            endpoint.stop()
        met = print_overhead(measured, args.rounds)
        sys.stdout.flush()
        first, whole = asyncio.run(sandbox_latencies(Path(tmp) / "sandbox", args.sandbox_runs))
        met &= print_sandbox(first, whole)
        sys.stdout.flush()
        (Path(tmp) / "busy").mkdir()
        server = LiveServer(write_config(Path(tmp) / "busy"))
        try:
            busy = sessions_at_once(server.port, args.sessions, args.turns)
        finally:
            server.stop()
        met &= print_busy(busy, args.sessions, args.turns)
        sys.stdout.flush()
    print(f"load average {os.getloadavg()[0]:.2f} after")
    print("targets met" if met else "TARGETS NOT MET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
