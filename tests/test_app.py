"""The HTTP layer: validation errors as problem documents, 501s, JSON and event-stream answers.

These use small test doubles for the implementations: they test the server's control flow, not an API.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from starlette.testclient import TestClient

from lls_api import models
from lls_api.interfaces import InferenceApi, ModelsApi
from lls_server.app import create_app
from lls_server.errors import NotFound, Unavailable

PROBLEM = "application/problem+json"


class EchoModels(ModelsApi):
    async def get_model(self, *, model_id: str) -> models.PretrainedModel:
        if model_id != "known":
            raise NotFound(f"model {model_id!r} is not registered")
        return models.PretrainedModel(identifier=model_id, provider="test")


class CountingCompletion(InferenceApi):
    """Streams one chunk per word of the content; fails where the content says so."""

    async def completion(
        self, *, body: models.CompletionRequest
    ) -> models.CompletionResponse | AsyncIterator[models.CompletionResponseStreamChunk]:
        assert isinstance(body.content, str)
        if body.content == "busy":
            raise Unavailable("all slots are taken", retry_after=3)
        if not body.stream:
            return models.CompletionResponse(content=body.content, stop_reason=models.StopReason.end_of_turn)
        return self.chunks(body.content.split())

    async def chunks(self, words: list[str]) -> AsyncIterator[models.CompletionResponseStreamChunk]:
        for word in words:
            if word == "fail":
                raise RuntimeError("the engine broke")
            yield models.CompletionResponseStreamChunk(delta=word)
        yield models.CompletionResponseStreamChunk(delta="", stop_reason=models.StopReason.out_of_tokens)


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app({"Models": EchoModels(), "Inference": CountingCompletion()}))


def test_malformed_json_is_a_400_problem(client: TestClient) -> None:
    response = client.post("/inference/completion", content=b'{"model": ')
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 400 and "not valid JSON" in problem["detail"]
    assert problem["operation_id"] == "completion"


def test_missing_unknown_and_ill_typed_fields_are_named(client: TestClient) -> None:
    response = client.post("/inference/completion", json={"model": 3, "contentx": "hi"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "body.content: Field required" in detail
    assert "body.model" in detail and "body.contentx" in detail


@pytest.mark.parametrize(
    "body",
    [
        {"model": "m", "content": "hi", "logprobs": None},
        {"model": "m", "content": "hi", "stream": "true"},
        {"model": "m", "content": "hi", "sampling_params": {"max_tokens": "5"}},
    ],
)
def test_what_the_spec_forbids_is_rejected_even_where_pydantic_is_lenient(client: TestClient, body: dict) -> None:
    response = client.post("/inference/completion", json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM


def test_an_integral_float_is_an_integer_as_json_schema_says(client: TestClient) -> None:
    body = {"model": "m", "content": "hi", "sampling_params": {"max_tokens": 5.0}}
    assert client.post("/inference/completion", json=body).status_code == 200


def test_bad_query_parameters_are_a_400_that_names_them(client: TestClient) -> None:
    response = client.get("/models/get")
    assert response.status_code == 400
    assert "query.model_id: Field required" in response.json()["detail"]


def test_implementation_errors_map_to_their_status(client: TestClient) -> None:
    response = client.get("/models/get", params={"model_id": "nope"})
    assert response.status_code == 404
    assert response.json()["detail"] == "model 'nope' is not registered"
    busy = client.post("/inference/completion", json={"model": "m", "content": "busy"})
    assert busy.status_code == 503 and busy.headers["retry-after"] == "3"


def test_unimplemented_operations_answer_501_with_their_operation_id(client: TestClient) -> None:
    response = client.post("/inference/embeddings", json={"model": "m", "contents": ["a"]})
    assert response.status_code == 501
    assert response.json()["operation_id"] == "embeddings"
    response = client.get("/memory_banks/list")  # a tag with no implementation at all
    assert response.status_code == 501 and response.json()["operation_id"] == "list_memory_banks"


def test_unknown_paths_and_methods_are_problems_too(client: TestClient) -> None:
    assert client.get("/nowhere").headers["content-type"] == PROBLEM
    response = client.put("/models/get")
    assert response.status_code == 405 and response.headers["content-type"] == PROBLEM


def test_optional_fields_left_unset_are_left_out_of_the_json(client: TestClient) -> None:
    answer = client.get("/models/get", params={"model_id": "known"}).json()
    assert answer == {"identifier": "known", "provider": "test"}


def events(text: str) -> list[tuple[str, dict]]:
    found = []
    for block in text.replace("\r\n", "\n").strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if not line.startswith(":"))
        found.append((fields.get("event", "message"), json.loads(fields["data"])))
    return found


def test_a_streamed_answer_is_an_event_stream_of_chunks(client: TestClient) -> None:
    response = client.post("/inference/completion", json={"model": "m", "content": "one two", "stream": True})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert events(response.text) == [
        ("message", {"delta": "one"}),
        ("message", {"delta": "two"}),
        ("message", {"delta": "", "stop_reason": "out_of_tokens"}),
    ]


def test_an_error_before_the_first_event_gets_a_real_status(client: TestClient) -> None:
    response = client.post("/inference/completion", json={"model": "m", "content": "fail", "stream": True})
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM


def test_an_error_mid_stream_ends_it_with_an_error_event(client: TestClient) -> None:
    response = client.post("/inference/completion", json={"model": "m", "content": "one fail", "stream": True})
    assert response.status_code == 200
    (first, last) = events(response.text)
    assert first == ("message", {"delta": "one"})
    assert last[0] == "error" and last[1]["status"] == 500


def test_the_spec_is_served(client: TestClient) -> None:
    response = client.get("/openapi.yaml")
    assert response.status_code == 200 and response.text.startswith("openapi: 3.1")


def test_an_error_put_in_context_keeps_its_status_and_headers() -> None:
    error = Unavailable("the Chroma server is busy", retry_after=7).in_context("document 'a'")
    assert isinstance(error, Unavailable) and error.headers == {"Retry-After": "7"}
    assert error.detail == str(error) == "document 'a': the Chroma server is busy"
