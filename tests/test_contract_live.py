"""Schemathesis against a real server whose ids are real: generated requests name the registered model and a
bank that exists, with `max_tokens` capped to a few tokens, so positive cases reach the engine and the
memory banks (sampling, grammars, tools, logprobs, chunking, queries) instead of stopping at a 404.

Every response must conform to the spec and arrive within a deadline, no operation may answer 5xx, and
each operation must have answered 200 at least once; after the run, a plain chat still answers.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from lls_server.testing import DEFAULT_MODEL_ID, LiveServer, write_config

from .conftest import ROOT, with_schemas_inlined

BANK_ID = "contract-bank"
BANK_DOCUMENTS = [
    {"document_id": "paris", "content": "Paris is the capital of France, on the Seine."},
    {"document_id": "lima", "content": "Lima is the capital of Peru, on the Pacific coast."},
]
MAX_TOKENS = 4  # enough to exercise sampling and grammars, few enough to keep the run short
DEADLINE = 60  # seconds any one response may take

schema = schemathesis.openapi.from_dict(
    with_schemas_inlined(yaml.safe_load((ROOT / "spec" / "llama-stack.yaml").read_text()))
).include(tag=["Inference", "MemoryBanks", "Models"])
# Positive data only: negative data (what must be refused) is tested against the in-process app
# (test_contract.py), and aiming a negative case at real ids could repair the very value it got wrong.
schema.config.generation.update(modes=[GenerationMode.POSITIVE], max_examples=15)

ANSWERED: collections.Counter[tuple[str, int]] = collections.Counter()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(write_config(tmp_path_factory.mktemp("contract-live")))
    yield live
    live.stop()


def ensure_bank(base_url: str) -> None:
    """The bank the cases name exists and holds its documents, whatever earlier cases dropped or deleted."""
    with httpx.Client(base_url=base_url, timeout=DEADLINE) as http:
        if http.get("/memory_banks/get", params={"bank_id": BANK_ID}).status_code == 404:
            created = http.post("/memory_banks/create", params={"bank_id": BANK_ID, "bank_name": "contract"}, json=[])
            assert created.status_code == 200, created.text
        ids = [document["document_id"] for document in BANK_DOCUMENTS]
        found = http.post("/memory_bank/get", params={"bank_id": BANK_ID}, json=ids)
        if found.status_code != 200 or len(found.json()) < len(ids):
            http.post("/memory_bank/delete", params={"bank_id": BANK_ID}, json=ids)
            inserted = http.post("/memory_bank/insert", params={"bank_id": BANK_ID}, json=BANK_DOCUMENTS)
            assert inserted.status_code == 200, inserted.text


def cap_sampling(body: dict[str, Any]) -> None:
    sampling = body.setdefault("sampling_params", {})
    if isinstance(sampling, dict):  # a negative case's ill-typed values stay as generated
        tokens = sampling.get("max_tokens", 0)
        if type(tokens) is int:
            sampling["max_tokens"] = min(tokens or MAX_TOKENS, MAX_TOKENS)


def aim_at_real_resources(case: Case) -> None:
    """Put the registered model and the existing bank into a generated case, and cap its generation."""
    operation_id = case.operation.definition.raw["operationId"]
    if case.query:
        if "bank_id" in case.query and operation_id != "create_memory_bank":  # a new bank, not a conflict
            case.query["bank_id"] = BANK_ID
        for name in ("model_id", "embedding_model"):
            if name in case.query:
                case.query[name] = DEFAULT_MODEL_ID
    if isinstance(case.body, dict) and "model" in case.body:
        case.body["model"] = DEFAULT_MODEL_ID
        if operation_id != "embeddings":
            cap_sampling(case.body)


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None, derandomize=True)
def test_operation_reaches_the_implementation_and_conforms(case: Case, server: LiveServer) -> None:
    ensure_bank(server.base_url)
    aim_at_real_resources(case)
    started = time.monotonic()
    response = case.call(base_url=server.base_url, timeout=DEADLINE)
    assert time.monotonic() - started < DEADLINE
    operation_id = case.operation.definition.raw["operationId"]
    assert response.status_code < 500, f"{operation_id} answered {response.status_code}: {response.text[:500]}"
    ANSWERED[operation_id, response.status_code] += 1
    # A schema-valid request can still be refused with a 400 the schema cannot express (a prompt longer
    # than the context, a grammar llama.cpp cannot parse, a URL that cannot be read): not a failure here.
    case.validate_response(response, excluded_checks=[not_a_server_error, positive_data_acceptance])


def test_every_operation_answered_200_at_least_once() -> None:
    operations = {operation.ok().definition.raw["operationId"] for operation in schema.get_all_operations()}
    assert operations, "the live run covered no operation"
    missing = sorted(op for op in operations if ANSWERED[op, 200] == 0)
    assert not missing, f"never answered 200: {missing}; answers: {dict(ANSWERED)}"


def test_after_the_run_a_plain_chat_still_answers(server: LiveServer) -> None:
    answer = httpx.post(
        f"{server.base_url}/inference/chat_completion",
        json={
            "model": DEFAULT_MODEL_ID,
            "messages": [{"role": "user", "content": "Hello!"}],
            "sampling_params": {"max_tokens": 8},
        },
        timeout=DEADLINE,
    )
    assert answer.status_code == 200 and answer.json()["usage"]["completion_tokens"] >= 1
    assert httpx.get(f"{server.base_url}/health", timeout=5).json()["status"] == "ok"
