"""Every sampling strategy on the real model behind a real uvicorn, streamed and not, with logprobs, a JSON
schema and a forced tool call, in completion, chat and both batches: each answers within a deadline with the
shape its request asks for.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from lls_server.config import load_config
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, LiveServer, write_config

from .conftest import ROOT

MODEL = DEFAULT_MODEL_ID
DEADLINE = 30  # seconds for any one request; the model answers these in well under one

STRATEGIES: dict[str, dict[str, Any]] = {
    "greedy": {"strategy": "greedy", "repetition_penalty": 1.3},
    # Seeded, so that each run draws the same tokens: a sampled answer may loop until max_tokens, and a test
    # of shapes must not depend on the draw.
    "top_p": {"strategy": "top_p", "temperature": 0.8, "top_p": 0.9, "repetition_penalty": 0.9, "seed": 7},
    "top_k": {"strategy": "top_k", "temperature": 1.0, "top_k": 20, "repetition_penalty": 1.1, "seed": 11},
}
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string", "maxLength": 12}, "sure": {"type": "boolean"}},
    "required": ["answer", "sure"],
    "additionalProperties": False,
}
WEATHER_TOOL = {
    "tool_name": "get_weather",
    "description": "Get the current weather in a city",
    "parameters": {"city": {"param_type": "string", "description": "The city", "required": True}},
}
CALL_ARGUMENTS = {
    "type": "object",
    "properties": {"city": {"type": "string"}},
    "required": ["city"],
    "additionalProperties": False,
}
FEATURES: dict[str, dict[str, Any]] = {
    "logprobs": {"logprobs": {"top_k": 2}},
    "response_format": {"response_format": {"type": "json_schema", "json_schema": ANSWER_SCHEMA}},
    "tool_call": {"available_tools": [WEATHER_TOOL], "tool_choice": "get_weather"},
}


def post(server: LiveServer, path: str, body: dict[str, Any]) -> httpx.Response:
    started = time.monotonic()
    response = httpx.post(f"{server.base_url}{path}", json=body, timeout=DEADLINE)
    assert time.monotonic() - started < DEADLINE
    assert response.status_code == 200, response.text
    return response


def stream_events(server: LiveServer, path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = post(server, path, {**body, "stream": True})
    assert response.headers["content-type"].startswith("text/event-stream")
    assert "event: error" not in response.text
    return [json.loads(line[6:]) for line in response.text.splitlines() if line.startswith("data: ")]


def request(strategy: str, feature: str, *, max_tokens: int) -> dict[str, Any]:
    return {
        "model": MODEL,
        "sampling_params": {**STRATEGIES[strategy], "max_tokens": max_tokens},
        **FEATURES[feature],
    }


def check_logprobs(logprobs: list[dict[str, Any]], tokens: int) -> None:
    assert len(logprobs) == tokens
    for token in logprobs:
        assert 1 <= len(token["logprobs_by_token"]) <= 2
        assert all(p <= 0 for p in token["logprobs_by_token"].values())


def check_answer_json(text: str) -> None:
    jsonschema.validate(json.loads(text), ANSWER_SCHEMA)


def check_tool_call(call: dict[str, Any]) -> None:
    assert call["tool_name"] == "get_weather" and call["call_id"]
    jsonschema.validate(call["arguments"], CALL_ARGUMENTS)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The default model with its prompt cache off: a seeded draw repeats only where each prompt is read afresh,
    since where a cached prefix sits in llama.cpp's cache moves the logits a little (tests/test_prompt_cache.py)."""
    model = {"id": MODEL, "path": str(DEFAULT_MODEL), "context_length": 2048, "prompt_cache": False}
    server = LiveServer(write_config(tmp_path_factory.mktemp("sampling"), models=[model]))
    yield server
    server.stop()


QUESTION = [{"role": "user", "content": "What is the weather in Paris? Answer in JSON."}]
MATRIX = [(strategy, feature) for strategy in STRATEGIES for feature in FEATURES]


@pytest.mark.parametrize(("strategy", "feature"), MATRIX)
def test_chat(live_server: LiveServer, strategy: str, feature: str) -> None:
    body = {**request(strategy, feature, max_tokens=48), "messages": QUESTION}
    answer = post(live_server, "/inference/chat_completion", body).json()
    message, usage = answer["completion_message"], answer["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    if feature == "logprobs":
        assert 1 <= usage["completion_tokens"] <= 48
        check_logprobs(answer["logprobs"], usage["completion_tokens"])
    elif feature == "response_format":
        assert message["stop_reason"] == "end_of_turn"
        check_answer_json(message["content"])
    else:
        (call,) = message["tool_calls"]
        check_tool_call(call)


@pytest.mark.parametrize(("strategy", "feature"), MATRIX)
def test_chat_streamed(live_server: LiveServer, strategy: str, feature: str) -> None:
    body = {**request(strategy, feature, max_tokens=48), "messages": QUESTION}
    events = [chunk["event"] for chunk in stream_events(live_server, "/inference/chat_completion", body)]
    assert events[0]["event_type"] == "start" and events[-1]["event_type"] == "complete"
    progress = events[1:-1]
    assert progress and all(event["event_type"] == "progress" for event in progress)
    tokens = events[-1]["usage"]["completion_tokens"]
    if feature == "logprobs":
        assert len(progress) == tokens >= 1
        check_logprobs([event["logprobs"][0] for event in progress], tokens)
    elif feature == "response_format":
        assert events[-1]["stop_reason"] == "end_of_turn"
        check_answer_json("".join(event["delta"] for event in progress))
    else:
        *pieces, parsed = [event["delta"] for event in progress]
        assert [piece["parse_status"] for piece in pieces[:1]] == ["started"]
        assert {piece["parse_status"] for piece in pieces[1:]} <= {"in_progress"}
        assert parsed["parse_status"] == "success"
        check_tool_call(parsed["content"])
        streamed_call = json.loads("".join(piece["content"] for piece in pieces))
        assert streamed_call == {"name": "get_weather", "arguments": parsed["content"]["arguments"]}


COMPLETION_MATRIX = [(strategy, feature) for strategy, feature in MATRIX if feature != "tool_call"]
PROMPT = 'Question: what is the capital of France? Reply as JSON like {"answer": "Rome", "sure": true}.\nReply:'


@pytest.mark.parametrize(("strategy", "feature"), COMPLETION_MATRIX)
def test_completion(live_server: LiveServer, strategy: str, feature: str) -> None:
    body = {**request(strategy, feature, max_tokens=48), "content": PROMPT}
    answer = post(live_server, "/inference/completion", body).json()
    if feature == "logprobs":
        check_logprobs(answer["logprobs"], answer["usage"]["completion_tokens"])
    else:
        assert answer["stop_reason"] == "end_of_turn"
        check_answer_json(answer["content"])


@pytest.mark.parametrize(("strategy", "feature"), COMPLETION_MATRIX)
def test_completion_streamed(live_server: LiveServer, strategy: str, feature: str) -> None:
    body = {**request(strategy, feature, max_tokens=48), "content": PROMPT}
    *chunks, last = stream_events(live_server, "/inference/completion", body)
    assert last["usage"]["completion_tokens"] == len(chunks) >= 1
    if feature == "logprobs":
        check_logprobs([chunk["logprobs"][0] for chunk in chunks], len(chunks))
    else:
        assert last["stop_reason"] == "end_of_turn"
        check_answer_json("".join(chunk["delta"] for chunk in chunks))


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_batches(live_server: LiveServer, strategy: str) -> None:
    texts = post(
        live_server,
        "/inference/batch_completion",
        {
            **request(strategy, "response_format", max_tokens=48),
            "content_batch": [PROMPT, PROMPT.replace("France", "Peru")],
        },
    ).json()["completion_message_batch"]
    assert len(texts) == 2
    for message in texts:
        check_answer_json(message["content"])
    dialogs = post(
        live_server,
        "/inference/batch_chat_completion",
        {
            **request(strategy, "tool_call", max_tokens=48),
            "messages_batch": [QUESTION, [{"role": "user", "content": "Weather in Lima?"}]],
        },
    ).json()["completion_message_batch"]
    assert len(dialogs) == 2
    for message in dialogs:
        (call,) = message["tool_calls"]
        check_tool_call(call)


def test_the_issue_s_request_answers(live_server: LiveServer) -> None:
    """The request that once stopped the model's scheduler for good: repetition_penalty with the defaults."""
    body = {
        "model": MODEL,
        "messages": [{"role": "user", "content": "Hi"}],
        "sampling_params": {"max_tokens": 60, "repetition_penalty": 1.1},
    }
    message = post(live_server, "/inference/chat_completion", body).json()["completion_message"]
    assert message["content"].strip()
    assert httpx.get(f"{live_server.base_url}/health", timeout=5).json()["status"] == "ok"


@pytest.mark.parametrize(
    ("sampling_params", "says"),
    [
        ({"strategy": "top_p", "temperature": 1e-9}, "sampling_params.temperature is 1e-09"),
        ({"temperature": 1e999}, "body.sampling_params.temperature: not a finite number"),
    ],
)
def test_sampling_values_llama_cpp_cannot_take_are_a_400_naming_the_field(
    live_server: LiveServer, sampling_params: dict[str, Any], says: str
) -> None:
    raw = json.dumps({"model": MODEL, "content": "x", "sampling_params": sampling_params}).replace(
        "Infinity", "1e999"
    )  # a literal beyond a double
    response = httpx.post(
        f"{live_server.base_url}/inference/completion",
        content=raw,
        headers={"content-type": "application/json"},
        timeout=DEADLINE,
    )
    assert response.status_code == 400 and says in response.json()["detail"]


def test_a_model_s_sampling_defaults_fill_what_a_request_leaves_out(tmp_path: Path) -> None:
    defaults = {"strategy": "greedy", "max_tokens": 5, "repetition_penalty": 1.2}
    model = {"id": MODEL, "path": str(DEFAULT_MODEL), "context_length": 512, "sampling": defaults}
    server = LiveServer(write_config(tmp_path, models=[model]))
    try:
        body = {"model": MODEL, "content": "1, 2, 3, 4, 5,"}
        tokens = [
            post(server, "/inference/completion", {**body, **extra}).json()["usage"]["completion_tokens"]
            for extra in ({}, {"sampling_params": {}}, {"sampling_params": {"max_tokens": 3}})
        ]
        assert tokens == [5, 5, 3]
    finally:
        server.stop()


def test_the_default_run_config_loads_with_its_sampling_defaults() -> None:
    (model,) = load_config(ROOT / "configs" / "default.yaml").models
    assert model.sampling.strategy == "top_p" and 0 < model.sampling.max_tokens <= 512


def test_a_seed_makes_a_sampled_answer_repeatable(live_server: LiveServer) -> None:
    body = {
        "model": MODEL,
        "content": "Once upon a time",
        "sampling_params": {"strategy": "top_k", "top_k": 50, "temperature": 1.5, "seed": 42, "max_tokens": 16},
    }
    first, again = (post(live_server, "/inference/completion", body).json()["content"] for _ in range(2))
    assert first == again
    other_seeds = {
        post(
            live_server, "/inference/completion", {**body, "sampling_params": {**body["sampling_params"], "seed": s}}
        ).json()["content"]
        for s in (1, 2, 3)
    }
    assert len(other_seeds | {first}) > 1  # at temperature 1.5, four seeds do not all draw the same 16 tokens
