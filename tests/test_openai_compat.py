"""The OpenAI-compatible API (`/v1`), called by OpenAI's own Python SDK as its users call it, against a real server
on the default model: chat, streaming with usage, a forced tool call and the tool result's round trip, JSON schema
output, sampling fields, several choices, logprobs, completions, embeddings, model listing, and each error class."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import openai
import pytest
from openai import OpenAI

from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, LiveServer, write_config

pytestmark = pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="the default model is not fetched")

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city now.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city", "unit"],
        },
    },
}
HELLO = [{"role": "user", "content": "Say hello."}]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    directory = tmp_path_factory.mktemp("openai")
    model = {"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 2048, "parallel": 4}
    live = LiveServer(write_config(directory, models=[model]))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def client(server: LiveServer) -> Iterator[OpenAI]:
    with OpenAI(base_url=server.base_url + "/v1", api_key="unused", max_retries=0, timeout=120) as sdk:
        yield sdk


def test_chat_answers_with_usage(client: OpenAI) -> None:
    answer = client.chat.completions.create(model=DEFAULT_MODEL_ID, messages=HELLO, max_tokens=24, temperature=0)
    (choice,) = answer.choices
    assert answer.object == "chat.completion" and answer.model == DEFAULT_MODEL_ID and answer.id.startswith("chatcmpl-")
    assert choice.message.role == "assistant" and choice.message.content and choice.finish_reason in ("stop", "length")
    assert answer.usage is not None and answer.usage.completion_tokens > 0
    assert answer.usage.total_tokens == answer.usage.prompt_tokens + answer.usage.completion_tokens
    # The same as the Llama Stack API's own chat on the same engine, token for token.
    again = client.chat.completions.create(
        model=DEFAULT_MODEL_ID,
        messages=[{"role": "system", "content": "Be brief."}, *HELLO],
        max_completion_tokens=24,
        temperature=0,
    )
    assert again.choices[0].message.content


def test_streaming_ends_with_usage_and_matches_the_whole_answer(client: OpenAI) -> None:
    whole = client.chat.completions.create(model=DEFAULT_MODEL_ID, messages=HELLO, max_tokens=24, temperature=0)
    stream = client.chat.completions.create(
        model=DEFAULT_MODEL_ID,
        messages=HELLO,
        max_tokens=24,
        temperature=0,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)
    assert text == whole.choices[0].message.content
    assert chunks[0].choices[0].delta.role == "assistant"
    finishes = [chunk.choices[0].finish_reason for chunk in chunks if chunk.choices and chunk.choices[0].finish_reason]
    assert finishes == [whole.choices[0].finish_reason]
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == whole.usage.completion_tokens  # type: ignore[union-attr]


def test_a_forced_tool_call_and_its_result_round_trip(client: OpenAI) -> None:
    messages: list[Any] = [{"role": "user", "content": "What is the weather in Paris?"}]
    forced = {"type": "function", "function": {"name": "get_weather"}}
    answer = client.chat.completions.create(
        model=DEFAULT_MODEL_ID, messages=messages, tools=[WEATHER], tool_choice=forced, temperature=0, max_tokens=64
    )
    (choice,) = answer.choices
    assert choice.finish_reason == "tool_calls" and choice.message.content is None
    (call,) = choice.message.tool_calls or []
    assert call.type == "function" and call.function.name == "get_weather"
    arguments = json.loads(call.function.arguments)
    assert set(arguments) == {"city", "unit"} and arguments["unit"] in ("celsius", "fahrenheit")  # the enum holds
    # Streamed, the same call comes as one tool-call delta.
    stream = client.chat.completions.create(
        model=DEFAULT_MODEL_ID,
        messages=messages,
        tools=[WEATHER],
        tool_choice=forced,
        temperature=0,
        max_tokens=64,
        stream=True,
    )
    deltas = [call for chunk in stream for call in (chunk.choices[0].delta.tool_calls or []) if chunk.choices]
    assert [(d.index, d.function.name, json.loads(d.function.arguments)) for d in deltas] == [  # type: ignore[union-attr,arg-type]
        (0, "get_weather", arguments)
    ]
    # The tool's result goes back, and the model answers from it.
    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": '{"temperature": 21, "sky": "sunny"}'},
    ]
    followed = client.chat.completions.create(
        model=DEFAULT_MODEL_ID, messages=messages, tools=[WEATHER], tool_choice="none", temperature=0, max_tokens=48
    )
    assert followed.choices[0].message.content and not followed.choices[0].message.tool_calls
    with pytest.raises(openai.BadRequestError, match="answers no call"):
        client.chat.completions.create(
            model=DEFAULT_MODEL_ID,
            messages=[*messages[:1], {"role": "tool", "tool_call_id": "nobody", "content": "x"}],
        )


def test_json_schema_output_parses(client: OpenAI) -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name", "age"],
        "additionalProperties": False,
    }
    answer = client.chat.completions.create(
        model=DEFAULT_MODEL_ID,
        messages=[{"role": "user", "content": "Invent a person."}],
        response_format={"type": "json_schema", "json_schema": {"name": "person", "schema": schema}},
        temperature=0,
        max_tokens=64,
    )
    person = json.loads(answer.choices[0].message.content or "")
    assert set(person) == {"name", "age"} and isinstance(person["age"], int)
    anything = client.chat.completions.create(
        model=DEFAULT_MODEL_ID,
        messages=[{"role": "user", "content": 'Answer with the JSON object {"ok": true}.'}],
        response_format={"type": "json_object"},
        temperature=0,
        max_tokens=100,
    )
    assert anything.choices[0].finish_reason == "stop"
    assert isinstance(json.loads(anything.choices[0].message.content or ""), dict)


def test_sampling_fields_reach_the_engine(client: OpenAI) -> None:
    greedy = client.chat.completions.create(model=DEFAULT_MODEL_ID, messages=HELLO, max_tokens=24, temperature=0)
    text = greedy.choices[0].message.content or ""
    stop = text.split()[1]  # a word from the middle of the answer
    stopped = client.chat.completions.create(
        model=DEFAULT_MODEL_ID, messages=HELLO, max_tokens=24, temperature=0, stop=[stop]
    )
    assert stopped.choices[0].message.content == text[: text.index(stop)]
    assert stopped.choices[0].finish_reason == "stop"
    # Several choices, each sampled with its own seed; a seed makes them again.
    sampled = client.chat.completions.create(
        model=DEFAULT_MODEL_ID, messages=HELLO, max_tokens=16, temperature=1.0, top_p=0.95, seed=7, n=3
    )
    again = client.chat.completions.create(
        model=DEFAULT_MODEL_ID, messages=HELLO, max_tokens=16, temperature=1.0, top_p=0.95, seed=7, n=3
    )
    texts = [choice.message.content for choice in sampled.choices]
    assert [choice.index for choice in sampled.choices] == [0, 1, 2] and len(set(texts)) > 1
    assert [choice.message.content for choice in again.choices] == texts
    assert sampled.usage is not None and sampled.usage.prompt_tokens == greedy.usage.prompt_tokens  # type: ignore[union-attr]
    # Penalties change what a greedy answer repeats.
    repeat = [{"role": "user", "content": "Write the word apple twenty times."}]
    plain = client.chat.completions.create(model=DEFAULT_MODEL_ID, messages=repeat, max_tokens=40, temperature=0)
    penalised = client.chat.completions.create(
        model=DEFAULT_MODEL_ID,
        messages=repeat,
        max_tokens=40,
        temperature=0,
        frequency_penalty=2.0,
        presence_penalty=2.0,
    )
    plain_text, penalised_text = plain.choices[0].message.content or "", penalised.choices[0].message.content or ""
    assert penalised_text != plain_text
    assert penalised_text.lower().count("apple") < plain_text.lower().count("apple")


def test_logprobs_report_the_chosen_tokens(client: OpenAI) -> None:
    answer = client.chat.completions.create(
        model=DEFAULT_MODEL_ID, messages=HELLO, max_tokens=8, temperature=0, logprobs=True, top_logprobs=3
    )
    (choice,) = answer.choices
    content = choice.logprobs.content  # type: ignore[union-attr]
    assert content is not None and len(content) == answer.usage.completion_tokens  # type: ignore[union-attr]
    for entry in content:
        assert len(entry.top_logprobs) == 3 and entry.logprob <= 0
        assert entry.top_logprobs[0].token == entry.token  # greedy takes the most likely
        assert entry.top_logprobs[0].logprob == pytest.approx(entry.logprob, abs=1e-6)
    assert "".join(entry.token for entry in content).startswith((choice.message.content or "")[:4])


def test_completions(client: OpenAI) -> None:
    answer = client.completions.create(
        model=DEFAULT_MODEL_ID, prompt=["The capital of France is", "One, two, three,"], temperature=0, n=2
    )
    assert answer.object == "text_completion" and [choice.index for choice in answer.choices] == [0, 1, 2, 3]
    # Greedy: both choices of a prompt agree, but for near ties that llama.cpp rounds otherwise when they are
    # decoded side by side (one reads its prompt from the other's cache).
    assert all(choice.text.startswith(" Paris") for choice in answer.choices[:2])
    assert all(choice.text.startswith(" four") for choice in answer.choices[2:]), answer.choices
    assert answer.usage is not None and answer.usage.completion_tokens <= 4 * 16  # max_tokens defaults to 16
    echoed = client.completions.create(
        model=DEFAULT_MODEL_ID, prompt="One, two, three,", temperature=0, echo=True, max_tokens=4
    )
    assert echoed.choices[0].text.startswith("One, two, three,")
    scored = client.completions.create(
        model=DEFAULT_MODEL_ID, prompt="One, two, three,", temperature=0, max_tokens=4, logprobs=2
    )
    logprobs = scored.choices[0].logprobs
    assert logprobs is not None and len(logprobs.tokens or []) == len(logprobs.token_logprobs or []) > 0
    assert all(len(top) == 2 for top in logprobs.top_logprobs or [])
    streamed = client.completions.create(
        model=DEFAULT_MODEL_ID, prompt="One, two, three,", temperature=0, max_tokens=4, stream=True
    )
    assert "".join(chunk.choices[0].text for chunk in streamed if chunk.choices) == scored.choices[0].text


def test_embeddings(client: OpenAI) -> None:
    vectors = client.embeddings.create(model="all-MiniLM-L6-v2", input=["a cat", "a kitten", "a tax return"])
    cat, kitten, tax = (np.array(item.embedding) for item in vectors.data)
    assert len(cat) == 384 and np.linalg.norm(cat) == pytest.approx(1.0, abs=1e-3)
    assert cat @ kitten > cat @ tax
    assert vectors.usage.prompt_tokens > 0
    # The SDK asks for base64 by itself and decodes it; asked for explicitly, it hands the text over.
    floats = httpx.post(
        str(client.base_url) + "embeddings", json={"model": "all-MiniLM-L6-v2", "input": "a cat"}
    ).json()
    alone = np.array(floats["data"][0]["embedding"])
    # (int8 activations are quantized per batch: a text embedded alone moves a little)
    assert alone @ cat > 0.99
    one = client.embeddings.create(model="all-MiniLM-L6-v2", input="a cat", encoding_format="base64")
    decoded = np.frombuffer(base64.b64decode(one.data[0].embedding), dtype="<f4")  # type: ignore[arg-type]
    assert np.allclose(decoded, alone, atol=1e-6)
    llama = client.embeddings.create(model=DEFAULT_MODEL_ID, input="a cat")
    assert len(llama.data[0].embedding) == 576
    with pytest.raises(openai.BadRequestError, match="dimensions"):
        client.embeddings.create(model="all-MiniLM-L6-v2", input="a cat", dimensions=128)


def test_models(client: OpenAI) -> None:
    ids = [model.id for model in client.models.list()]
    assert DEFAULT_MODEL_ID in ids and "all-MiniLM-L6-v2" in ids
    model = client.models.retrieve(DEFAULT_MODEL_ID)
    assert model.id == DEFAULT_MODEL_ID and model.object == "model" and model.owned_by == "lls"
    with pytest.raises(openai.NotFoundError, match="no/such-model"):
        client.models.retrieve("no/such-model")


def test_errors_are_openai_errors(client: OpenAI, server: LiveServer) -> None:
    with pytest.raises(openai.NotFoundError, match="not registered") as not_found:
        client.chat.completions.create(model="no-such-model", messages=HELLO)
    assert not_found.value.status_code == 404 and not_found.value.type == "invalid_request_error"
    with pytest.raises(openai.BadRequestError, match="temperature") as bad:
        client.chat.completions.create(model=DEFAULT_MODEL_ID, messages=HELLO, temperature=5)
    assert bad.value.status_code == 400  # a body against the schema is a 400 here, as OpenAI's
    with pytest.raises(openai.BadRequestError, match="top_logprobs needs logprobs"):
        client.chat.completions.create(model=DEFAULT_MODEL_ID, messages=HELLO, top_logprobs=2)
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(
            model=DEFAULT_MODEL_ID,
            messages=[{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "http://x"}}]}],  # type: ignore[list-item]
        )
    raw = httpx.post(server.base_url + "/v1/chat/completions", content=b"{not json")
    assert raw.status_code == 400 and raw.json()["error"]["type"] == "invalid_request_error"


def test_a_full_queue_is_a_503_with_retry_after_which_the_sdk_honours(tmp_path: Path) -> None:
    model = {
        "id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 512, "parallel": 1, "max_waiting": 0,
    }  # fmt: skip
    server = LiveServer(write_config(tmp_path, models=[model]))
    try:
        busy = threading.Thread(
            target=httpx.post,
            args=(server.base_url + "/v1/completions",),
            kwargs={"json": {"model": DEFAULT_MODEL_ID, "prompt": "Count:", "max_tokens": 200}, "timeout": 120},
        )
        busy.start()
        with OpenAI(base_url=server.base_url + "/v1", api_key="unused", max_retries=0) as sdk:
            for _ in range(100):
                try:
                    sdk.completions.create(model=DEFAULT_MODEL_ID, prompt="Hi", max_tokens=1)
                except openai.APIStatusError as exc:
                    assert exc.status_code == 503 and exc.response.headers["retry-after"]
                    assert exc.body["type"] == "service_unavailable_error"  # type: ignore[index]
                    break
            else:
                raise AssertionError("the queue never filled")
        # With retries, the SDK waits as Retry-After says (1 s) and gets its answer once the first request is
        # done: enough retries for the busy one's 200 tokens on a loaded machine.
        with OpenAI(base_url=server.base_url + "/v1", api_key="unused", max_retries=40) as sdk:
            answer = sdk.completions.create(model=DEFAULT_MODEL_ID, prompt="Hi", max_tokens=1)
            assert answer.choices
        busy.join()
    finally:
        server.stop()


def test_the_remaining_fields_reach_the_engine(client: OpenAI) -> None:
    """The fields the tests above do not send: a developer message, `parallel_tool_calls`, `user`, tool choice
    `required`, response format `text`; completions' `stop`, `seed`, penalties and streamed usage."""
    required = client.chat.completions.create(
        model=DEFAULT_MODEL_ID,
        messages=[{"role": "developer", "content": "Use tools."}, {"role": "user", "content": "Weather in Oslo?"}],
        tools=[WEATHER],
        tool_choice="required",
        parallel_tool_calls=False,
        response_format={"type": "text"},
        user="someone",
        temperature=0,
        max_tokens=64,
    )
    (call,) = required.choices[0].message.tool_calls or []
    assert call.function.name == "get_weather" and required.choices[0].finish_reason == "tool_calls"
    whole = client.completions.create(model=DEFAULT_MODEL_ID, prompt="One, two, three,", temperature=0, max_tokens=8)
    stop = whole.choices[0].text.split(",")[0] + ","  # the first number, and its comma
    stopped = client.completions.create(
        model=DEFAULT_MODEL_ID, prompt="One, two, three,", temperature=0, max_tokens=8, stop=stop, user="someone"
    )
    assert stopped.choices[0].text == "" and stopped.choices[0].finish_reason == "stop"
    prompt = "Fruits: apple, apple, apple,"
    plain = client.completions.create(model=DEFAULT_MODEL_ID, prompt=prompt, temperature=0, max_tokens=24)
    penalised = client.completions.create(
        model=DEFAULT_MODEL_ID, prompt=prompt, temperature=0, max_tokens=24, frequency_penalty=2, presence_penalty=2
    )
    assert penalised.choices[0].text.count("apple") < plain.choices[0].text.count("apple")
    seeded = [
        client.completions.create(model=DEFAULT_MODEL_ID, prompt=prompt, temperature=1, seed=3, max_tokens=12)
        for _ in range(2)
    ]
    assert seeded[0].choices[0].text == seeded[1].choices[0].text
    stream = client.completions.create(
        model=DEFAULT_MODEL_ID, prompt=prompt, max_tokens=4, stream=True, stream_options={"include_usage": True}
    )
    last = list(stream)[-1]
    assert last.choices == [] and last.usage is not None and last.usage.completion_tokens == 4
