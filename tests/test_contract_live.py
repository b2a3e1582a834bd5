"""Schemathesis against a real server whose ids are real: generated requests name the registered model, a
bank that exists and an agent with a session that has a turn, with `max_tokens` capped to a few tokens, so
positive cases reach the engine, the memory banks and the agents (sampling, grammars, tools, logprobs,
chunking, queries, turns) instead of stopping at a 404.

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
MAX_INFER_ITERS = 2  # a turn's inferences: enough for a tool call and the answer that reads its result
DEADLINE = 60  # seconds any one response may take

schema = schemathesis.openapi.from_dict(
    with_schemas_inlined(yaml.safe_load((ROOT / "spec" / "llama-stack.yaml").read_text()))
).include(tag=["Inference", "MemoryBanks", "Models", "AgenticSystem"])
# Positive data only: negative data (what must be refused) is tested against the in-process app
# (test_contract.py), and aiming a negative case at real ids could repair the very value it got wrong.
schema.config.generation.update(modes=[GenerationMode.POSITIVE], max_examples=15)

ANSWERED: collections.Counter[tuple[str, int]] = collections.Counter()
# The agent, session, turn and step the cases name: made by the server, made again when a case deleted them.
AGENT: dict[str, str] = {}


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


def ensure_agent(base_url: str) -> None:
    """The agent the cases name exists, with a session that has a turn, whatever earlier cases deleted."""
    with httpx.Client(base_url=base_url, timeout=DEADLINE) as http:
        if AGENT and http.post("/agentic_system/session/get", params=agent_query("session_id"), json=None).is_success:
            return
        instance = {"instructions": "Answer briefly.", "sampling_params": {"max_tokens": MAX_TOKENS}}
        created = http.post("/agentic_system/create", json={"model": DEFAULT_MODEL_ID, "instance_config": instance})
        AGENT["agent_id"] = AGENT["system_id"] = created.json()["system_id"]
        body = {"system_id": AGENT["agent_id"], "session_name": "contract"}
        AGENT["session_id"] = http.post("/agentic_system/session/create", json=body).json()["session_id"]
        body = {
            "system_id": AGENT["agent_id"],
            "session_id": AGENT["session_id"],
            "messages": [{"role": "user", "content": "Hello!"}],
        }
        turn = http.post("/agentic_system/turn/create", json=body).json()
        AGENT["turn_id"], AGENT["step_id"] = turn["turn_id"], turn["steps"][0]["step_id"]


def agent_query(*names: str) -> dict[str, str]:
    return {name: AGENT[name] for name in ("agent_id", *names)}


def cap_sampling(body: dict[str, Any]) -> None:
    # Every quantization_config is refused (400): the GGUF's quantization is the model's. A test of its own
    # checks that; here it would keep most cases from reaching the engine.
    body.pop("quantization_config", None)
    sampling = body.setdefault("sampling_params", {})
    if isinstance(sampling, dict):  # a negative case's ill-typed values stay as generated
        tokens = sampling.get("max_tokens", 0)
        if type(tokens) is int:
            sampling["max_tokens"] = min(tokens or MAX_TOKENS, MAX_TOKENS)


def aim_at_real_resources(case: Case, base_url: str) -> None:
    """Put the registered model, the existing bank and agent into a generated case, and cap its generation."""
    operation_id = case.operation.definition.raw["operationId"]
    if case.query:
        if "bank_id" in case.query and operation_id != "create_memory_bank":  # a new bank, not a conflict
            case.query["bank_id"] = BANK_ID
        for name in ("model_id", "embedding_model"):
            if name in case.query:
                case.query[name] = DEFAULT_MODEL_ID
        for name in ("agent_id", "session_id", "turn_id", "step_id"):
            if name in case.query:
                case.query[name] = AGENT[name]
    if isinstance(case.body, dict) and "model" in case.body:
        case.body["model"] = DEFAULT_MODEL_ID
        if operation_id not in ("embeddings", "create_agentic_system"):
            cap_sampling(case.body)
    if isinstance(case.body, dict):
        for name in ("system_id", "session_id"):
            if name in case.body:
                case.body[name] = AGENT[name]
        for name in ("instance_config", "override_config"):  # an agent's config samples as a request does
            if isinstance(config := case.body.get(name), dict):
                cap_sampling(config)
                # A forced tool calls again at every inference: a turn runs to max_infer_iters (up to 100).
                config["max_infer_iters"] = min(config.get("max_infer_iters", MAX_INFER_ITERS), MAX_INFER_ITERS)
    if operation_id in ("completion", "batch_completion") and isinstance(case.body, dict):
        # An empty prompt is refused (400: nothing to continue), and the shrinker's favourite: given a word, the
        # case reaches the engine.
        if case.body.get("content") in ("", [], [""]):
            case.body["content"] = "Hello"
        if isinstance(batch := case.body.get("content_batch"), list):
            case.body["content_batch"] = [content if content not in ("", [], [""]) else "Hello" for content in batch]
    if operation_id in ("attach_memory_bank", "detach_memory_bank") and isinstance(case.body, list):
        case.body = [BANK_ID]
    if operation_id == "detach_memory_bank":
        with httpx.Client(base_url=base_url, timeout=DEADLINE) as http:  # so that there is something to detach
            http.post("/agentic_system/memory_bank/attach", params=agent_query("session_id"), json=[BANK_ID])


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None, derandomize=True)
def test_operation_reaches_the_implementation_and_conforms(case: Case, server: LiveServer) -> None:
    ensure_bank(server.base_url)
    ensure_agent(server.base_url)
    aim_at_real_resources(case, server.base_url)
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
