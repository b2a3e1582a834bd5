"""Operability: request ids (the `X-Request-ID` header, problem documents, log lines), one access log line per
request, and the Prometheus metrics at /metrics, on a real server; the request context within streams, and the
log filter, in process."""

from __future__ import annotations

import base64
import json
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from lls_api import models
from lls_api.interfaces import InferenceApi
from lls_server.app import create_app
from lls_server.request_context import RequestIdFilter, current_request_id, request_id_for
from lls_server.testing import DEFAULT_MODEL_ID, LiveServer, write_config

HEX_ID = re.compile(r"[0-9a-f]{32}")
CHAT = {
    "model": DEFAULT_MODEL_ID,
    "messages": [{"role": "user", "content": "Name three colours."}],
    "sampling_params": {"strategy": "greedy", "max_tokens": 12},
}
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


# ---------------------------------------------------------------- in process
def test_a_clients_request_id_is_kept_when_it_is_printable_ascii_of_128_characters_at_most() -> None:
    for kept in ("abc-123", "x" * 128, "trace 42/7:a=b"):
        assert request_id_for(kept) == kept
    for refused in (None, "", "   ", "x" * 129, "caf\u00e9", "a\tb", "line\nbreak", "\x7f"):
        assert HEX_ID.fullmatch(request_id_for(refused)), refused


def test_log_records_outside_a_request_name_none() -> None:
    record = logging.LogRecord("lls.test", logging.INFO, __file__, 1, "hello", None, None)
    assert RequestIdFilter().filter(record) and record.request_id == "-"


class StreamingInference(InferenceApi):
    """Streams the content's words; notes the request id each chunk is made under; fails at the word `fail`."""

    def __init__(self) -> None:
        self.seen: list[str | None] = []

    async def completion(
        self, *, body: models.CompletionRequest
    ) -> models.CompletionResponse | AsyncIterator[models.CompletionResponseStreamChunk]:
        assert isinstance(body.content, str)
        return self.chunks(body.content.split())

    async def chunks(self, words: list[str]) -> AsyncIterator[models.CompletionResponseStreamChunk]:
        for word in words:
            self.seen.append(current_request_id())
            if word == "fail":
                raise RuntimeError("the engine broke")
            yield models.CompletionResponseStreamChunk(delta=word)
        yield models.CompletionResponseStreamChunk(delta="", stop_reason=models.StopReason.end_of_turn)


def test_a_stream_is_made_and_its_error_reported_under_its_request_id(caplog: pytest.LogCaptureFixture) -> None:
    inference = StreamingInference()
    client = TestClient(create_app({"Inference": inference}))
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestIdFilter())
    body = {"model": "m", "content": "one two fail", "stream": True}
    response = client.post("/inference/completion", json=body, headers={"X-Request-ID": "stream-1"})
    assert response.status_code == 200 and response.headers["x-request-id"] == "stream-1"
    assert inference.seen == ["stream-1"] * 3  # every chunk, made after the status line went out
    error = [line for line in response.text.splitlines() if line.startswith("data: ") and "status" in line]
    assert json.loads(error[0].removeprefix("data: "))["request_id"] == "stream-1"
    failed = [r for r in caplog.records if r.name == "lls.errors"]
    assert failed and all(getattr(r, "request_id", None) == "stream-1" for r in failed)
    (access,) = [r for r in caplog.records if r.name == "lls.access"]
    assert getattr(access, "request_id", None) == "stream-1"
    assert "request_id=stream-1 method=POST path=/inference/completion operation=completion status=200" in (
        access.getMessage()
    )


def test_an_unexpected_error_before_the_answer_is_a_problem_document_with_the_request_id() -> None:
    class Broken(InferenceApi):
        async def completion(self, *, body: models.CompletionRequest) -> models.CompletionResponse:
            raise RuntimeError("broke")

    client = TestClient(create_app({"Inference": Broken()}))
    response = client.post("/inference/completion", json={"model": "m", "content": "x"})
    assert response.status_code == 500
    assert response.json()["request_id"] == response.headers["x-request-id"]


# ---------------------------------------------------------------- on a real server
@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(write_config(tmp_path_factory.mktemp("observability")))
    yield live
    live.stop()


def new_id() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def eventually(check: Callable[[], Any], seconds: float = 5) -> Any:
    """`check()`'s first true answer: what a request leaves behind (its access line, its counters) is written as
    its answer ends, perhaps just after its client has read it."""
    deadline = time.monotonic() + seconds
    while True:
        answer = check()
        if answer or time.monotonic() > deadline:
            return answer
        time.sleep(0.05)


def access_lines(server: LiveServer, request_id: str) -> list[str]:
    return [
        line
        for line in server.log.read_text().splitlines()
        if " lls.access " in line and f"request_id={request_id} " in line
    ]


def scrape(server: LiveServer) -> Samples:
    response = httpx.get(f"{server.base_url}/metrics", timeout=30)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain"), response.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.mark.slow
def test_the_request_id_is_echoed_when_given_and_made_otherwise(server: LiveServer) -> None:
    given = new_id()
    answer = httpx.get(f"{server.base_url}/health", headers={"X-Request-ID": given}, timeout=30)
    assert answer.status_code == 200 and answer.headers["x-request-id"] == given
    made = httpx.get(f"{server.base_url}/health", timeout=30).headers["x-request-id"]
    assert HEX_ID.fullmatch(made)
    too_long = httpx.get(f"{server.base_url}/health", headers={"X-Request-ID": "x" * 129}, timeout=30)
    assert HEX_ID.fullmatch(too_long.headers["x-request-id"])
    non_ascii = httpx.get(f"{server.base_url}/health", headers={"X-Request-ID": b"caf\xc3\xa9"}, timeout=30)
    assert HEX_ID.fullmatch(non_ascii.headers["x-request-id"])
    assert len(eventually(lambda: access_lines(server, given))) == 1


@pytest.mark.slow
def test_a_404_problem_and_its_log_lines_name_the_request_id(server: LiveServer) -> None:
    given = new_id()
    response = httpx.get(
        f"{server.base_url}/models/get", params={"model_id": "nope"}, headers={"X-Request-ID": given}, timeout=30
    )
    assert response.status_code == 404 and response.headers["x-request-id"] == given
    assert response.json()["request_id"] == given and response.json()["operation_id"] == "get_model"
    (access,) = eventually(lambda: access_lines(server, given))
    assert "operation=get_model status=404" in access and "path=/models/get" in access
    warnings = [line for line in server.log.read_text().splitlines() if " WARNING lls.errors " in line]
    assert any(f"[{given}]" in line and "get_model: 404" in line for line in warnings), warnings

    made = httpx.get(f"{server.base_url}/no/such/path", timeout=30)  # Starlette's own 404
    assert made.status_code == 404 and made.json()["request_id"] == made.headers["x-request-id"]
    (access,) = eventually(lambda: access_lines(server, made.headers["x-request-id"]))
    assert "operation=unmatched status=404" in access


@pytest.mark.slow
def test_one_access_line_per_request_with_its_status_duration_and_tokens(server: LiveServer) -> None:
    given = new_id()
    answer = httpx.post(
        f"{server.base_url}/inference/chat_completion", json=CHAT, headers={"X-Request-ID": given}, timeout=120
    )
    assert answer.status_code == 200, answer.text
    usage = answer.json()["usage"]
    (line,) = eventually(lambda: access_lines(server, given))
    assert f" lls.access [{given}]: " in line
    fields = dict(pair.split("=", 1) for pair in line.split(": ", 1)[1].split())
    assert fields["method"] == "POST" and fields["path"] == "/inference/chat_completion"
    assert fields["operation"] == "chat_completion" and fields["status"] == "200"
    assert float(fields["duration_ms"]) > 0
    assert int(fields["prompt_tokens"]) == usage["prompt_tokens"]
    assert int(fields["completion_tokens"]) == usage["completion_tokens"] > 0

    streamed_id = new_id()
    with httpx.stream(
        "POST",
        f"{server.base_url}/inference/chat_completion",
        json={**CHAT, "stream": True},
        headers={"X-Request-ID": streamed_id},
        timeout=120,
    ) as stream:
        assert stream.headers["x-request-id"] == streamed_id
        events = [json.loads(line.removeprefix("data: ")) for line in stream.iter_lines() if line.startswith("data: ")]
    streamed_usage = events[-1]["event"]["usage"]  # on the `complete` event
    (line,) = eventually(lambda: access_lines(server, streamed_id))
    assert "status=200" in line and f"completion_tokens={streamed_usage['completion_tokens']}" in line

    plain = new_id()
    httpx.get(f"{server.base_url}/models/list", headers={"X-Request-ID": plain}, timeout=30)
    (line,) = eventually(lambda: access_lines(server, plain))
    assert "operation=list_models status=200" in line and "tokens" not in line  # no generation, no token counts
    assert "uvicorn.access" not in server.log.read_text()  # uvicorn's own access log is off


@pytest.mark.slow
def test_metrics_count_a_chat_completions_tokens_and_request(server: LiveServer) -> None:
    before = scrape(server)
    answer = server.post("/inference/chat_completion", CHAT)
    usage = answer["usage"]
    requests = {"operation": "chat_completion", "status": "200"}

    def counted() -> Samples | None:
        samples = scrape(server)
        done = value(samples, "lls_requests_total", **requests) > value(before, "lls_requests_total", **requests)
        return samples if done else None

    after = eventually(counted)
    assert after, "the request was never counted"

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    model = {"model": DEFAULT_MODEL_ID}
    assert moved("lls_requests_total", **requests) == 1
    assert moved("lls_request_duration_seconds_count", operation="chat_completion") == 1
    assert moved("lls_generated_tokens_total", **model) == usage["completion_tokens"] > 0
    prompt = moved("lls_prompt_tokens_total", **model, source="read") + moved(
        "lls_prompt_tokens_total", **model, source="cached"
    )
    assert prompt == usage["prompt_tokens"]
    assert moved("lls_time_to_first_token_seconds_count", **model) == 1
    assert moved("lls_time_to_first_token_seconds_sum", **model) > 0
    if usage["completion_tokens"] >= 2:
        assert moved("lls_decode_tokens_per_second_count", **model) == 1
        assert moved("lls_decode_tokens_per_second_sum", **model) > 0
    assert ("lls_active_sequences", frozenset(model.items())) in after
    assert ("lls_waiting_requests", frozenset(model.items())) in after
    assert value(after, "lls_active_sequences", **model) == value(after, "lls_waiting_requests", **model) == 0


@pytest.mark.slow
def test_metrics_count_memory_bank_documents_and_queries(server: LiveServer) -> None:
    server.post("/memory_banks/create", [], bank_id="metrics-bank", bank_name="metrics")
    before = scrape(server)
    documents = [
        {"document_id": "ferry", "content": "The ferry leaves at nine."},
        {"document_id": "bus", "content": "The bus leaves at ten."},
    ]
    server.post("/memory_bank/insert", documents, bank_id="metrics-bank")
    server.post("/memory_bank/query", {"query": "When does the ferry leave?"}, bank_id="metrics-bank")
    after = scrape(server)
    assert value(after, "lls_memory_bank_documents") - value(before, "lls_memory_bank_documents") == 2
    count = "lls_memory_bank_query_seconds_count"
    assert value(after, count) - value(before, count) == 1
    assert value(after, "lls_memory_bank_query_seconds_sum") > value(before, "lls_memory_bank_query_seconds_sum")


@pytest.mark.slow
def test_metrics_count_jobs_by_status_and_a_job_is_no_part_of_the_request_that_submitted_it(
    server: LiveServer,
) -> None:
    completed = {"kind": "evaluation", "status": "completed"}
    before = scrape(server)
    assert ("lls_jobs", frozenset({"kind": "evaluation", "status": "running"}.items())) in before
    rows = json.dumps({"input_query": "What is the capital of France?", "expected_answer": ["Paris"]}) + "\n"
    dataset = {
        "columns": {"input_query": "text", "expected_answer": "json"},
        "content_url": "data:application/jsonl;base64," + base64.b64encode(rows.encode()).decode(),
    }
    job = {
        "job_uuid": "metrics-job",
        "checkpoint": {"identifier": DEFAULT_MODEL_ID},
        "sampling_params": {"strategy": "greedy", "max_tokens": 4},
        "metrics": ["em"],
        "dataset": dataset,
    }
    submitted_id = new_id()
    submitted = httpx.post(
        f"{server.base_url}/evaluate/question_answering/", json=job, headers={"X-Request-ID": submitted_id}, timeout=60
    )
    assert submitted.status_code == 200, submitted.text
    status = eventually(
        lambda: server.get("/evaluate/job/status", job_uuid="metrics-job")["status"] in ("completed", "failed"), 120
    )
    assert status and server.get("/evaluate/job/status", job_uuid="metrics-job")["status"] == "completed"
    after = scrape(server)
    assert value(after, "lls_jobs", **completed) - value(before, "lls_jobs", **completed) == 1
    assert value(after, "lls_jobs", kind="evaluation", status="running") == 0
    (line,) = eventually(lambda: access_lines(server, submitted_id))
    assert "tokens" not in line  # the job's generations ran after, in a context of their own
    # Every sample of every family parses, and none is negative.
    assert all(sample >= 0 for sample in after.values())
