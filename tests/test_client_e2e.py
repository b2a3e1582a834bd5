"""The generated client against a real `lls serve` on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lls_client import Client
from lls_client.api.inference import completion
from lls_client.api.inspect import health, version
from lls_client.api.models import get_model, list_models
from lls_client.models import CompletionRequest, CompletionResponse, Error, PretrainedModel, SamplingParams
from lls_server.testing import DEFAULT_MODEL_ID, LiveServer


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[Client]:
    with Client(base_url=live_server.base_url) as client:
        yield client


def test_health_and_version(client: Client) -> None:
    assert health.sync(client=client).status == "ok"
    answer = version.sync(client=client)
    assert answer.version and answer.api_version == "0.1.0"


def test_models_list_describes_the_default_model_from_its_weights(client: Client) -> None:
    (model,) = list_models.sync(client=client)
    assert isinstance(model, PretrainedModel)
    assert model.identifier == DEFAULT_MODEL_ID
    assert model.provider == "llama_cpp"
    assert model.architecture == "llama"
    assert model.quantization == "Q4_1"
    assert model.context_length == 2048
    assert model.embedding_dimension == 576
    assert 130_000_000 < model.parameter_count < 140_000_000
    assert model.has_chat_template is True
    assert get_model.sync(client=client, model_id=DEFAULT_MODEL_ID) == model


def test_errors_come_back_as_typed_problems(client: Client) -> None:
    response = get_model.sync_detailed(client=client, model_id="no-such-model")
    assert response.status_code == 404
    assert isinstance(response.parsed, Error)
    assert "no-such-model" in response.parsed.detail


def test_the_server_serves_its_spec(client: Client) -> None:
    response = client.get_httpx_client().get("/openapi.yaml")
    assert response.status_code == 200 and "operationId: chat_completion" in response.text
    answer = completion.sync_detailed(
        client=client,
        body=CompletionRequest(model=DEFAULT_MODEL_ID, content="x", sampling_params=SamplingParams(max_tokens=2)),
    )
    assert answer.status_code == 200 and isinstance(answer.parsed, CompletionResponse)
    assert answer.parsed.usage.completion_tokens <= 2
