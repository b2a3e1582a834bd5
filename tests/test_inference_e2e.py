"""Inference end to end: the default model on llama.cpp behind a real uvicorn, through the generated client."""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import jsonschema
import pytest

from lls_client import Client
from lls_client.api.inference import chat_completion, completion, embeddings
from lls_client.models import (
    ChatCompletionRequest,
    ChatCompletionResponse,
    CompletionRequest,
    CompletionResponse,
    EmbeddingsRequest,
    Error,
    JsonSchemaResponseFormat,
    JsonSchemaResponseFormatJsonSchema,
    LogProbConfig,
    SamplingParams,
    ToolDefinition,
    ToolDefinitionParameters,
    ToolParamDefinition,
    UserMessage,
)
from lls_client.streaming import chat_completion as stream_chat_completion
from lls_client.streaming import completion as stream_completion
from lls_server.testing import DEFAULT_MODEL_ID, LiveServer, write_config

MODEL = DEFAULT_MODEL_ID
MARGIN_OVER_CACHE_NOISE = 1.3  # nats: over twice the largest logit shift a cached read was measured to cause


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[Client]:
    with Client(base_url=live_server.base_url, timeout=httpx.Timeout(120)) as client:
        yield client


def weather_tool() -> ToolDefinition:
    parameters = ToolDefinitionParameters()
    parameters["city"] = ToolParamDefinition(param_type="string", description="The city", required=True)
    return ToolDefinition(
        tool_name="get_weather", description="Get the current weather in a city", parameters=parameters
    )


def test_greedy_completion_stops_at_max_tokens_with_out_of_tokens(client: Client) -> None:
    # A counting prompt: its greedy continuation keeps a wide margin between the two likeliest tokens, so the
    # second request, read through the prompt cache (not bit-exact with a cold read, see test_prompt_cache),
    # must give the same tokens.
    request = CompletionRequest(
        model=MODEL,
        content="1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
        sampling_params=SamplingParams(max_tokens=8),
        logprobs=LogProbConfig(top_k=3),
    )
    answer = completion.sync(client=client, body=request)
    assert isinstance(answer, CompletionResponse)
    assert answer.stop_reason == "out_of_tokens"
    assert answer.usage.completion_tokens == 8
    assert answer.usage.total_tokens == answer.usage.prompt_tokens + 8
    assert len(answer.logprobs) == 8
    for token in answer.logprobs:
        probabilities = token.logprobs_by_token.additional_properties
        assert len(probabilities) == 3 and all(p <= 0 for p in probabilities.values())
        best, runner_up = sorted(probabilities.values(), reverse=True)[:2]
        assert best - runner_up > MARGIN_OVER_CACHE_NOISE
    again = completion.sync(client=client, body=request)
    assert isinstance(again, CompletionResponse)
    assert again.usage.cached_prompt_tokens > 0
    assert again.content == answer.content  # greedy is deterministic where no near-tie can flip


def test_chat_with_a_required_tool_calls_it_with_valid_arguments(client: Client) -> None:
    request = ChatCompletionRequest(
        model=MODEL,
        messages=[UserMessage(role="user", content="What is the weather in Paris?")],
        available_tools=[weather_tool()],
        tool_choice="required",
    )
    answer = chat_completion.sync(client=client, body=request)
    assert isinstance(answer, ChatCompletionResponse)
    (call,) = answer.completion_message.tool_calls
    assert call.tool_name == "get_weather" and call.call_id
    arguments = call.arguments.to_dict()
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    }
    jsonschema.validate(arguments, schema)
    assert "paris" in arguments["city"].lower()


def test_json_schema_output_always_parses(client: Client) -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name", "age"],
        "additionalProperties": False,
    }
    response_format = JsonSchemaResponseFormat(
        type_="json_schema", json_schema=JsonSchemaResponseFormatJsonSchema.from_dict(schema)
    )
    request = ChatCompletionRequest(
        model=MODEL,
        response_format=response_format,
        messages=[UserMessage(role="user", content="Describe a person as JSON.")],
    )
    answer = chat_completion.sync(client=client, body=request)
    assert isinstance(answer, ChatCompletionResponse)
    jsonschema.validate(json.loads(answer.completion_message.content), schema)


def test_streamed_chat_is_start_then_progress_then_complete(client: Client) -> None:
    request = ChatCompletionRequest(
        model=MODEL,
        messages=[UserMessage(role="user", content="Tell me about cats.")],
        sampling_params=SamplingParams(max_tokens=10),
    )
    events = [chunk.event for chunk in stream_chat_completion(client=client, body=request)]
    kinds = [event.event_type for event in events]
    assert kinds[0] == "start" and kinds[-1] == "complete"
    assert set(kinds[1:-1]) == {"progress"} and len(kinds) == 12
    assert events[-1].stop_reason == "out_of_tokens"
    assert events[-1].usage.completion_tokens == 10
    assert "".join(e.delta for e in events[1:-1]).strip()


def test_streamed_tool_call_ends_with_a_parsed_call(client: Client) -> None:
    request = ChatCompletionRequest(
        model=MODEL,
        messages=[UserMessage(role="user", content="Weather in Rome?")],
        available_tools=[weather_tool()],
        tool_choice="get_weather",
    )
    deltas = [chunk.event.delta for chunk in stream_chat_completion(client=client, body=request)][1:-1]
    statuses = [delta.parse_status for delta in deltas]
    assert statuses[0] == "started" and statuses[-1] == "success"
    call = deltas[-1].content
    assert call.tool_name == "get_weather" and "rome" in call.arguments.to_dict()["city"].lower()


def read_stream(base_url: str, body: dict, results: dict, key: str, stop_after: int | None = None) -> None:
    started = time.perf_counter()
    events = []
    with httpx.stream("POST", f"{base_url}/inference/completion", json=body, timeout=120) as response:
        for line in response.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                if len(events) == 1:
                    results[f"{key}-first"] = time.perf_counter() - started
                if stop_after is not None and len(events) >= stop_after:
                    break  # leaving the block closes the connection mid-stream
    results[key] = events


def test_concurrent_streams_all_complete_and_a_disconnect_stalls_none(live_server: LiveServer) -> None:
    body = {"model": MODEL, "content": "Once upon a time", "stream": True, "sampling_params": {"max_tokens": 24}}
    results: dict = {}
    threads = [
        threading.Thread(target=read_stream, args=(live_server.base_url, body, results, f"s{i}")) for i in range(4)
    ]
    threads.append(
        threading.Thread(
            target=read_stream,
            args=(live_server.base_url, {**body, "sampling_params": {"max_tokens": 1500}}, results, "quitter"),
            kwargs={"stop_after": 3},
        )
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for i in range(4):
        *tokens, last = results[f"s{i}"]
        # Batched decoding may round differently from decoding alone, so a stream may end its turn early.
        expected = "out_of_tokens" if len(tokens) == 24 else "end_of_turn"
        assert len(tokens) >= 4, "a story's opening ends after a few tokens, not at once"
        assert last["stop_reason"] == expected and last["usage"]["completion_tokens"] == len(tokens)
    assert len(results["quitter"]) == 3
    # The quitter's sequence was freed: a new request is served at once, not after 1500 tokens.
    started = time.perf_counter()
    answer = httpx.post(
        f"{live_server.base_url}/inference/completion",
        timeout=60,
        json={"model": MODEL, "content": "Hi", "sampling_params": {"max_tokens": 4}},
    )
    assert answer.status_code == 200 and time.perf_counter() - started < 10


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def test_embeddings_put_a_paraphrase_closer_than_an_unrelated_sentence(client: Client) -> None:
    texts = ["The cat sat on the mat.", "A cat was sitting on the rug.", "Stock markets fell sharply on Monday."]
    answer = embeddings.sync(client=client, body=EmbeddingsRequest(model=MODEL, contents=texts))
    assert answer.dimension == 576 and len(answer.embeddings) == 3
    assert all(abs(math.sqrt(sum(x * x for x in v)) - 1) < 1e-4 for v in answer.embeddings)
    original, paraphrase, unrelated = answer.embeddings
    assert cosine(original, paraphrase) > cosine(original, unrelated)


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"model": "nope", "content": "x"}, 404, "not registered"),
        ({"model": MODEL, "content": "word " * 3000}, 400, "context of 2048 tokens"),
        ({"model": MODEL, "content": "x", "sampling_params": {"max_tokens": 4000}}, 400, "max_tokens is 4000"),
        ({"model": MODEL, "content": "x", "response_format": {"type": "grammar", "bnf": "root ::= ("}}, 400, "GBNF"),
        (
            {
                "model": MODEL,
                "content": "x",
                "response_format": {"type": "json_schema", "json_schema": {"type": "frob"}},
            },
            400,
            "JSON schema",
        ),
        ({"model": MODEL, "content": "x", "quantization_config": {"type": "fp8"}}, 400, "Q4_1"),
    ],
)
def test_bad_input_is_a_clear_4xx_and_leaves_the_scheduler_working(
    client: Client, body: dict, status: int, says: str
) -> None:
    response = client.get_httpx_client().post("/inference/completion", json=body)
    assert response.status_code == status
    assert says in response.json()["detail"]
    ok = completion.sync(
        client=client,
        body=CompletionRequest(model=MODEL, content="Hello", sampling_params=SamplingParams(max_tokens=2)),
    )
    assert isinstance(ok, CompletionResponse) and ok.usage.completion_tokens == 2


def test_a_full_queue_answers_503_with_retry_after(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        models=[
            {
                "id": MODEL,
                "path": str(Path(__file__).resolve().parent.parent / "models/SmolLM2-135M-Instruct.Q4_1.gguf"),
                "context_length": 2048,
                "parallel": 1,
                "max_waiting": 0,
            }
        ],
    )
    server = LiveServer(config)
    try:
        results: dict = {}
        body = {"model": MODEL, "content": "Once upon a time", "stream": True, "sampling_params": {"max_tokens": 400}}
        busy = threading.Thread(
            target=read_stream, args=(server.base_url, body, results, "busy"), kwargs={"stop_after": 40}
        )
        busy.start()
        deadline = time.monotonic() + 60
        while "busy-first" not in results and time.monotonic() < deadline:
            time.sleep(0.01)
        response = httpx.post(f"{server.base_url}/inference/completion", json={"model": MODEL, "content": "x"})
        busy.join(timeout=60)
        assert response.status_code == 503 and response.headers["retry-after"] == "1"
        assert response.headers["content-type"] == "application/problem+json"
    finally:
        server.stop()


def test_errors_reach_the_client_as_typed_problems(client: Client) -> None:
    response = completion.sync_detailed(client=client, body=CompletionRequest(model="nope", content="x"))
    assert response.status_code == 404 and isinstance(response.parsed, Error)


def test_streamed_completion_through_the_client(client: Client) -> None:
    chunks = list(
        stream_completion(
            client=client,
            body=CompletionRequest(model=MODEL, content="One, two,", sampling_params=SamplingParams(max_tokens=5)),
        )
    )
    assert len(chunks) == 6 and chunks[-1].stop_reason == "out_of_tokens"


def test_batches_answer_every_item_in_order(client: Client) -> None:
    http = client.get_httpx_client()
    texts = http.post(
        "/inference/batch_completion",
        json={
            "model": MODEL,
            "content_batch": ["1, 2, 3,", "Monday, Tuesday,", "red, green,"],
            "sampling_params": {"max_tokens": 4},
        },
    ).json()["completion_message_batch"]
    assert [m["stop_reason"] for m in texts] == ["out_of_tokens"] * 3
    assert all(m["content"].strip() and m["role"] == "assistant" for m in texts)
    dialogs = http.post(
        "/inference/batch_chat_completion",
        json={
            "model": MODEL,
            "messages_batch": [
                [{"role": "user", "content": "Weather in Oslo?"}],
                [{"role": "user", "content": "Weather in Lima?"}],
            ],
            "available_tools": [weather_tool().to_dict()],
            "tool_choice": "required",
        },
    ).json()["completion_message_batch"]
    cities = [m["tool_calls"][0]["arguments"]["city"].lower() for m in dialogs]
    assert "oslo" in cities[0] and "lima" in cities[1]
