"""Safety shields: the latency each configured shield adds to a short message, through /safety/run_shields.

A real `lls serve` subprocess runs the shields of `run_config()`: the code scanner, a REST shield (a local
HTTP endpoint that always answers "safe", so its row is the round trip a REST shield costs, the endpoint's own
work included) and Llama Guard on the default model (measured apart, over fewer requests: it decodes). The
rows are every shield `/shields/list` names, so a shield set up in `run_config()` is
measured with no more code; each checks SHORT_MESSAGES' message for its type (a question by default; for the
code scanner, three lines of code), one shield a request. The baseline is the code scanner on the question,
which holds no code, so bandit never runs: a request that costs all the HTTP and the API do and no shield work.
What a shield adds is its p50 (or p95) less the baseline's. Rows take turns in blocks of BLOCK requests, so all
see the machine in the same state; each figure is the median of the rounds. Target: the code scanner adds
under 50 ms p50. In-process, the scanner alone (`CodeScanner.check`) is timed too.

The server is driven with the standard library's keep-alive `http.client`, so that what is measured is the server.

    .venv/bin/python bench/safety.py [--requests 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import http.server
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from lls_api import models
from lls_server.config import CodeScannerConfig
from lls_server.safety.code_scanner import CodeScanner
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, JsonEndpoint, LiveServer

BLOCK = 25
QUESTION = [{"role": "user", "content": "What is the capital of France, and how many people live there?"}]
CODE = [
    {"role": "user", "content": "Is this fine?\n```python\nimport subprocess\nsubprocess.call(cmd, shell=True)\n```"}
]
SHORT_MESSAGES = {"code_scanner_guard": CODE}
BASELINE = "baseline (no code)"
TARGET_MS = 50.0


def run_config(data_dir: Path, endpoint: str) -> dict[str, Any]:
    """The server's run config: every shield its safety section sets up gets a row."""
    return {
        "data_dir": str(data_dir),
        "models": [{"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 2048}],
        "outgoing": {"allowed_hosts": ["127.0.0.1"]},
        "safety": {
            "llama_guard": {"model": DEFAULT_MODEL_ID},  # the default model stands in: its speed, not its judgement
            "code_scanner": {"enabled": True},
            "third_party": {"url": endpoint},
        },
    }


# A guard model decodes: far slower than the other shields, so it has rows of its own, over fewer requests.
GUARD = "llama_guard"
GUARD_REQUESTS = 12


def guard_latencies(client: Served) -> dict[str, tuple[float, float]]:
    """Llama Guard on a new question each time (its policy prompt cached after the first, as in a conversation),
    and on the same question again: p50 and p95 in ms."""
    new = [
        client.timed_check(GUARD, [{"role": "user", "content": f"Question {n}: {QUESTION[0]['content']}"}])
        for n in range(GUARD_REQUESTS)
    ][1:]
    repeated = [client.timed_check(GUARD, QUESTION) for _ in range(GUARD_REQUESTS)][1:]
    return {
        f"{GUARD} (a new message)": (percentile(new, 50) * 1000, percentile(new, 95) * 1000),
        f"{GUARD} (the same message)": (percentile(repeated, 50) * 1000, percentile(repeated, 95) * 1000),
    }


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


class Served:
    """This server over one keep-alive HTTP connection."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: object = None) -> Any:
        data = None if body is None else json.dumps(body)
        self.connection.request(method, path, data, {"Content-Type": "application/json"})
        response = self.connection.getresponse()
        answer = response.read()
        if response.status != 200:
            raise SystemExit(f"{method} {path}: {response.status} {answer.decode()}")
        return json.loads(answer)

    def timed_check(self, shield_type: str, messages: list[dict[str, Any]]) -> float:
        body = {"messages": messages, "shields": [{"shield_type": shield_type, "on_violation_action": 1}]}
        started = time.perf_counter()
        self.request("POST", "/safety/run_shields", body)
        return time.perf_counter() - started


async def scanner_alone(requests: int) -> tuple[float, float]:
    """CodeScanner.check on CODE in this process: p50 and p95 in ms."""
    scanner = CodeScanner(CodeScannerConfig())
    messages = [models.UserMessage.model_validate(message) for message in CODE]
    latencies = []
    for _ in range(requests):
        started = time.perf_counter()
        await scanner.check(messages)
        latencies.append(time.perf_counter() - started)
    return percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per row and round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    endpoint = JsonEndpoint("127.0.0.1", lambda request: (200, {"is_violation": False}))
    with tempfile.TemporaryDirectory(prefix="lls-bench-safety-") as tmp:
        config = Path(tmp) / "config.yaml"
        url = f"{endpoint.url}/check"
        config.write_text(yaml.safe_dump(run_config(Path(tmp) / "data", url)))
        server = LiveServer(config)
        try:
            client = Served(server.port)
            shields = [shield["shield_type"] for shield in client.request("GET", "/shields/list")]
            rows = {BASELINE: ("code_scanner_guard", QUESTION)}
            rows |= {shield: (shield, SHORT_MESSAGES.get(shield, QUESTION)) for shield in shields if shield != GUARD}
            guard = guard_latencies(client) if GUARD in shields else {}
            for shield_type, messages in rows.values():  # warm up: first imports, connections, caches
                for _ in range(BLOCK):
                    client.timed_check(shield_type, messages)
            rounds = []
            for number in range(args.rounds):
                latencies: dict[str, list[float]] = {name: [] for name in rows}
                order = list(rows) if number % 2 == 0 else list(reversed(rows))
                for _ in range(0, args.requests, BLOCK):
                    for name in order:
                        latencies[name] += [client.timed_check(*rows[name]) for _ in range(BLOCK)]
                rounds.append(
                    {name: (percentile(v, 50) * 1000, percentile(v, 95) * 1000) for name, v in latencies.items()}
                )
        finally:
            server.stop()
            endpoint.stop()
    alone_p50, alone_p95 = asyncio.run(scanner_alone(args.requests))

    print(
        f"safety shields: {args.requests} requests per shield and round, one short message each, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, median of {args.rounds} rounds"
    )
    print(f"{'/safety/run_shields':28} {'p50 ms':>8} {'p95 ms':>8} {'adds p50':>9} {'adds p95':>9}")
    medians = {name: [statistics.median(r[name][i] for r in rounds) for i in (0, 1)] for name in rows}
    base_p50, base_p95 = medians[BASELINE]
    for name, (p50, p95) in medians.items():
        added = "" if name == BASELINE else f"{p50 - base_p50:9.2f} {p95 - base_p95:9.2f}"
        print(f"{name:28} {p50:8.2f} {p95:8.2f} {added}")
    print(f"{'(scanner alone, in-process)':28} {alone_p50:8.2f} {alone_p95:8.2f}")
    for name, (p50, p95) in guard.items():
        print(f"{name:28} {p50:8.2f} {p95:8.2f} {p50 - base_p50:9.2f} {p95 - base_p95:9.2f}")
    if "code_scanner_guard" not in medians:
        print("the run config sets up no code scanner: no target to check")
        return 0
    added_p50 = medians["code_scanner_guard"][0] - base_p50
    print(f"code_scanner_guard adds {added_p50:.2f} ms p50 to a short message with code (target < {TARGET_MS:g})")
    print("targets met" if added_p50 < TARGET_MS else "TARGETS NOT MET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
