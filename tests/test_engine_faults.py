"""Fault isolation in the llama.cpp engine: a failure inside the scheduler fails its request alone, a stopped
scheduler answers 503 at once, a stalled step answers 504 after the stall timeout, and `/health` tells.

Each test loads the default model into its own small engine and injects the failure into that engine's
scheduler thread; requests go through the real app in-process, each bounded by a deadline so that a hang
fails the test instead of stalling the suite.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from lls_server.app import create_app
from lls_server.config import ConfigError, ModelConfig, load_config
from lls_server.inference import LlamaCppInference
from lls_server.inference.llama_engine import LlamaCppModel
from lls_server.inspection import Inspection
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, write_config

MODEL = DEFAULT_MODEL_ID
DEADLINE = 30  # seconds any one request may take here; more is a hang


STALL_TIMEOUT = 2.0  # seconds; a short one for the stall test, a long one elsewhere, so a busy machine passes


def load_engine(stall_timeout_seconds: float) -> LlamaCppModel:
    config = ModelConfig(
        id=MODEL,
        path=DEFAULT_MODEL,
        context_length=256,
        parallel=2,
        batch_size=64,
        stall_timeout_seconds=stall_timeout_seconds,
    )
    return LlamaCppModel(config)


@pytest.fixture
def engine() -> Iterator[LlamaCppModel]:
    model = load_engine(stall_timeout_seconds=DEADLINE)
    yield model
    model.close()


@pytest.fixture
def quick_to_stall_engine() -> Iterator[LlamaCppModel]:
    model = load_engine(stall_timeout_seconds=STALL_TIMEOUT)
    yield model
    model.close()


def call(model: LlamaCppModel, *requests: tuple[str, str, dict[str, Any] | None]) -> list[httpx.Response]:
    """Send the requests one after the other to an app serving `model`, each within DEADLINE seconds."""
    app = create_app({"Inference": LlamaCppInference({MODEL: model}), "Inspect": Inspection({MODEL: model})})

    async def send() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://lls") as client:
            return [
                await asyncio.wait_for(client.request(method, path, json=body), DEADLINE)
                for method, path, body in requests
            ]

    return asyncio.run(send())


def completion(max_tokens: int = 3, **extra: Any) -> tuple[str, str, dict[str, Any]]:
    body = {"model": MODEL, "content": "Once upon a time", "sampling_params": {"max_tokens": max_tokens}, **extra}
    return ("POST", "/inference/completion", body)


HEALTH = ("GET", "/health", None)


def fail_once(original: Callable[..., Any], error: Exception) -> Callable[..., Any]:
    calls = itertools.count()

    def failing(*args: Any) -> Any:
        if next(calls) == 0:
            raise error
        return original(*args)

    return failing


def test_a_sampler_that_fails_fails_its_request_alone(engine: LlamaCppModel) -> None:
    engine._new_sampler = fail_once(engine._new_sampler, RuntimeError("injected sampler failure"))  # type: ignore[method-assign]
    failed, answered = call(engine, completion(), completion())
    assert failed.status_code == 500 and failed.headers["content-type"] == "application/problem+json"
    assert answered.status_code == 200 and answered.json()["usage"]["completion_tokens"] == 3


def test_a_stream_whose_sampling_fails_ends_with_an_error_event(engine: LlamaCppModel) -> None:
    engine._sample = fail_once(engine._sample, RuntimeError("injected sampling failure"))  # type: ignore[method-assign]
    chat = {"model": MODEL, "messages": [{"role": "user", "content": "Hi"}], "stream": True}
    streamed, answered = call(engine, ("POST", "/inference/chat_completion", chat), completion())
    # the stream had begun (its `start` event) when sampling failed: the status line is gone, an event tells
    assert streamed.status_code == 200
    *events, last = streamed.text.strip().split("\n\n")
    assert events and all(event.startswith("data: ") for event in events)
    kind, data = last.split("\n")
    assert kind == "event: error" and json.loads(data.removeprefix("data: "))["status"] == 500
    assert answered.status_code == 200


def test_a_completion_whose_sampling_fails_before_any_token_gets_a_real_status(engine: LlamaCppModel) -> None:
    engine._sample = fail_once(engine._sample, RuntimeError("injected sampling failure"))  # type: ignore[method-assign]
    streamed, answered = call(engine, completion(stream=True), completion())
    assert streamed.status_code == 500 and streamed.headers["content-type"] == "application/problem+json"
    assert answered.status_code == 200


def test_a_failed_decoding_step_fails_that_step_and_the_next_request_is_answered(engine: LlamaCppModel) -> None:
    engine._decode = fail_once(engine._decode, RuntimeError("llama_decode returned -3"))  # type: ignore[method-assign]
    failed, answered, health = call(engine, completion(), completion(), HEALTH)
    assert failed.status_code == 500
    assert answered.status_code == 200
    assert health.json()["status"] == "ok"


def test_a_stopped_scheduler_answers_503_at_once_and_health_says_which_model(engine: LlamaCppModel) -> None:
    # a failure outside any one request's handling stops the scheduler thread
    engine._drop_cancelled = fail_once(engine._drop_cancelled, RuntimeError("injected scheduler failure"))  # type: ignore[method-assign]
    (first,) = call(engine, completion())
    assert first.status_code == 503
    engine._thread.join(timeout=DEADLINE)
    started = time.monotonic()
    later, health = call(engine, completion(), HEALTH)
    assert later.status_code == 503 and "scheduler stopped" in later.json()["detail"]
    assert time.monotonic() - started < 1
    report = health.json()
    assert report["status"] == "degraded"
    assert (
        report["models"] == [{"model": MODEL, "status": "stopped", "detail": report["models"][0]["detail"]}]
        and "injected scheduler failure" in report["models"][0]["detail"]
    )


def test_a_stalled_step_fails_with_504_and_frees_its_sequence(quick_to_stall_engine: LlamaCppModel) -> None:
    engine = quick_to_stall_engine
    release = threading.Event()
    original = engine._decode

    def stalled_once() -> None:
        engine._decode = original  # type: ignore[method-assign]
        release.wait(DEADLINE)
        original()

    engine._decode = stalled_once  # type: ignore[method-assign]
    started = time.monotonic()
    stalled, health = call(engine, completion(), HEALTH)
    waited = time.monotonic() - started
    assert stalled.status_code == 504 and f"produced nothing for {STALL_TIMEOUT:g} s" in stalled.json()["detail"]
    assert STALL_TIMEOUT <= waited < 4 * STALL_TIMEOUT
    assert health.json()["status"] == "degraded" and health.json()["models"][0]["status"] == "stalled"
    release.set()
    engine.health.stall_timeout = DEADLINE  # from here on, a busy machine's slow steps are no stall
    deadline = time.monotonic() + DEADLINE
    while engine.health.state()[0] != "serving" and time.monotonic() < deadline:
        time.sleep(0.05)  # the stalled step ends, then the scheduler drops the cancelled request
    answered, health = call(engine, completion(), HEALTH)
    assert answered.status_code == 200 and health.json()["status"] == "ok"
    while len(engine._free_seq_ids) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # the last answer is delivered just before its sequence is released
    assert sorted(engine._free_seq_ids) == [0, 1]  # the timed-out request's sequence came back


def test_a_batch_smaller_than_parallel_is_refused_at_start(tmp_path: Path) -> None:
    model = {"id": MODEL, "path": str(DEFAULT_MODEL), "batch_size": 2, "parallel": 4}
    with pytest.raises(ConfigError, match=r"batch_size \(2\) must be at least parallel \(4\)"):
        load_config(write_config(tmp_path, models=[model]))
