"""Evaluation jobs: what the job runner costs over the generations it makes, and chat latency while a job runs.

1. The runner's overhead. An evaluation job (`evaluate_question_answering`, EM and F1, greedy answers of up to
   MAX_TOKENS) over ROWS rows, run in this process by the server's own Evaluations API on the default model,
   against the very same chat completions made directly on the same model through the Inference API, as many at
   once as the job makes (`jobs.max_concurrent_requests`). The job's time runs from its submission to its
   `completed_at`, and includes what a job does beyond the generations: reading the rows, scoring each answer
   (torchmetrics, warmed up first), keeping each row and its log lines in SQLite (fully synchronous, a disk
   flush a write). Job and direct runs take turns, round by round, so both see the machine in the same state;
   the figure is the median ratio of rounds. Target: the job's rows per second within 10% of the direct run's
   (its time at most 1.10x).
2. Interactive latency while a job runs. A streamed chat completion's first token, timed by the client of a
   real server (HTTP), on an idle server and while an evaluation job keeps `jobs.max_concurrent_requests`
   generations decoding on the same model. Target: the first token within 1 s while the job runs (p95).

    .venv/bin/python bench/evaluations.py [--rounds 5] [--rows 40] [--chats 20]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import http.client
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lls_api import models
from lls_server.config import load_config
from lls_server.stack import Stack
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, LiveServer, write_config

MAX_TOKENS = 24
GREEDY = {"strategy": "greedy", "max_tokens": MAX_TOKENS}
QUESTIONS = [
    "What is the capital of France?",
    "What is 2 + 2?",
    "What colour is the sky on a clear day?",
    "How many days are in a week?",
    "What is the opposite of hot?",
    "Who wrote Romeo and Juliet?",
    "What is the largest planet in the solar system?",
    "What do bees make?",
]


def rows(count: int) -> list[dict[str, Any]]:
    # A number makes each prompt its own, so that no row is a prompt-cache hit of an earlier one.
    return [{"input_query": f"{QUESTIONS[i % len(QUESTIONS)]} ({i})", "expected_answer": "x"} for i in range(count)]


def data_url(items: list[dict[str, Any]]) -> str:
    data = "".join(json.dumps(row) + "\n" for row in items).encode()
    return "data:application/jsonl;base64," + base64.b64encode(data).decode()


def evaluate_request(job_uuid: str, count: int) -> models.EvaluateQuestionAnsweringRequest:
    return models.EvaluateQuestionAnsweringRequest.model_validate(
        {
            "job_uuid": job_uuid,
            "checkpoint": {"identifier": DEFAULT_MODEL_ID},
            "sampling_params": GREEDY,
            "metrics": ["em", "f1"],
            "dataset": {
                "columns": {"input_query": "text", "expected_answer": "text"},
                "content_url": data_url(rows(count)),
            },
        }
    )


async def job_seconds(stack: Stack, job_uuid: str, count: int) -> float:
    evaluations = stack.apis["Evaluations"]
    started = time.time()  # wall clock, as completed_at is
    await evaluations.evaluate_question_answering(body=evaluate_request(job_uuid, count))  # type: ignore[attr-defined]
    while True:
        status = await evaluations.get_evaluation_job_status(job_uuid=job_uuid)  # type: ignore[attr-defined]
        if status.status != models.JobStatus.scheduled and status.status != models.JobStatus.running:
            break
        await asyncio.sleep(0.005)
    assert status.status == models.JobStatus.completed, status
    assert status.completed_at is not None and status.rows_done == count
    return status.completed_at.timestamp() - started


async def direct_seconds(stack: Stack, count: int, concurrency: int) -> float:
    inference = stack.apis["Inference"]
    limit = asyncio.Semaphore(concurrency)

    async def one(row: dict[str, Any]) -> None:
        async with limit:
            request = models.ChatCompletionRequest.model_validate(
                {
                    "model": DEFAULT_MODEL_ID,
                    "messages": [{"role": "user", "content": row["input_query"]}],
                    "sampling_params": GREEDY,
                }
            )
            await inference.chat_completion(body=request)  # type: ignore[attr-defined]

    started = time.perf_counter()
    await asyncio.gather(*(one(row) for row in rows(count)))
    return time.perf_counter() - started


async def runner_overhead(config_path: Path, rounds: int, count: int) -> list[float]:
    config = load_config(config_path)
    stack = Stack(config)
    await asyncio.to_thread(stack.open)
    evaluations = stack.apis["Evaluations"]
    await evaluations.start()  # type: ignore[attr-defined]
    ratios = []
    try:
        await job_seconds(stack, "warm-up", 4)  # torch and the metrics libraries imported, the model warm
        for round_number in range(rounds):
            job = await job_seconds(stack, f"round-{round_number}", count)
            direct = await direct_seconds(stack, count, config.jobs.max_concurrent_requests)
            ratios.append(job / direct)
            print(
                f"  round {round_number + 1}: job {job:.2f} s ({count / job:.1f} rows/s), "
                f"direct {direct:.2f} s ({count / direct:.1f} rows/s): {job / direct:.3f}x"
            )
    finally:
        await evaluations.stop()  # type: ignore[attr-defined]
        await asyncio.to_thread(stack.close)
    return ratios


def first_token_seconds(server: LiveServer) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    body = {
        "model": DEFAULT_MODEL_ID,
        "messages": [{"role": "user", "content": "Say hello to Ada."}],
        "sampling_params": GREEDY,
        "stream": True,
    }
    started = time.perf_counter()
    connection.request("POST", "/inference/chat_completion", json.dumps(body), {"Content-Type": "application/json"})
    response = connection.getresponse()
    assert response.status == 200, response.read()
    first = None
    for line in response:
        if first is None and b'"progress"' in line:
            first = time.perf_counter() - started
    connection.close()
    assert first is not None
    return first


def post(server: LiveServer, path: str, body: Any) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = connection.getresponse()
    assert response.status == 200, response.read()
    connection.close()


def job_status(server: LiveServer, job_uuid: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    connection.request("GET", f"/evaluate/job/status?job_uuid={job_uuid}")
    status: str = json.loads(connection.getresponse().read())["status"]
    connection.close()
    return status


def chat_latency(config_path: Path, chats: int) -> tuple[list[float], list[float]]:
    server = LiveServer(config_path)
    try:
        for _ in range(3):
            first_token_seconds(server)
        idle = [first_token_seconds(server) for _ in range(chats)]
        body = evaluate_request("busy", 10_000).model_dump(mode="json", exclude_none=True)
        post(server, "/evaluate/question_answering/", body)
        while job_status(server, "busy") != "running":
            time.sleep(0.05)
        time.sleep(1)  # the job's generations are decoding
        busy = [first_token_seconds(server) for _ in range(chats)]
        assert job_status(server, "busy") == "running"
    finally:
        server.stop()
    return idle, busy


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--chats", type=int, default=20)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        print(f"1. The job runner's overhead: {args.rows} rows, greedy, up to {MAX_TOKENS} tokens, EM and F1")
        (Path(tmp) / "overhead").mkdir()
        # No prompt cache: job and direct runs read the same prompts, and both read them cold.
        model = {"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 2048, "prompt_cache": False}
        config = write_config(Path(tmp) / "overhead", models=[model])
        ratios = asyncio.run(runner_overhead(config, args.rounds, args.rows))
        ratio = statistics.median(ratios)
        passed = ratio <= 1.10
        ok &= passed
        print(
            f"   median: the job takes {ratio:.3f}x the direct generations (target <= 1.10x): "
            f"{'PASS' if passed else 'FAIL'}"
        )

        print(f"2. Chat latency while a job runs: first token of {args.chats} streamed chats")
        (Path(tmp) / "latency").mkdir()
        idle, busy = chat_latency(write_config(Path(tmp) / "latency"), args.chats)
        passed = p95(busy) <= 1.0
        ok &= passed
        print(f"   idle: p50 {statistics.median(idle) * 1000:.0f} ms, p95 {p95(idle) * 1000:.0f} ms")
        print(
            f"   during a job: p50 {statistics.median(busy) * 1000:.0f} ms, p95 {p95(busy) * 1000:.0f} ms "
            f"(target p95 <= 1000 ms): {'PASS' if passed else 'FAIL'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
