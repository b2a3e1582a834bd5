"""The documentation site: served by `lls serve` at /docs, read in headless Chromium, its examples run."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import yaml
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from starlette.testclient import TestClient

from lls_api import API_VERSION
from lls_server import __version__
from lls_server.app import create_app
from lls_server.stack import implemented_operations
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, LiveServer, write_config

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import build_docs

SPEC = yaml.safe_load((ROOT / "spec" / "llama-stack.yaml").read_text())
OPERATIONS = build_docs.spec_operations(SPEC)
EXAMPLES = ROOT / "docs" / "src" / "examples"
# Which API each example shows: one per tag, and the quick start's first chat.
EXAMPLE_TAGS = {build_docs.example_name(tag["name"]): tag["name"] for tag in SPEC["tags"]} | {"first_chat": "Inference"}
ARTIFACTS = ROOT / "test-artifacts"
# Debian's packages (`make browser`): nothing is downloaded, neither a browser nor a driver.
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"]:
        options.add_argument(flag)
    # The performance log carries the DevTools network events: every request the pages make.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    yield driver
    driver.quit()


def open_page(browser: webdriver.Chrome, url: str, rendered: str) -> list[str]:
    """Load `url`, wait until the script `rendered` is true, and return every URL the page sent a request to."""
    browser.get_log("performance")  # drop what earlier pages requested
    browser.get(url)
    WebDriverWait(browser, 60).until(lambda driver: driver.execute_script(f"return {rendered}"))
    requested, blocked = {}, set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested[message["params"]["requestId"]] = message["params"]["request"]["url"]
        elif message["method"] == "Network.loadingFailed" and message["params"].get("blockedReason"):
            blocked.add(message["params"]["requestId"])  # stopped in the browser (by the page's CSP): never sent
    return [url for request_id, url in requested.items() if request_id not in blocked]


# URLs that never reach a network: inline data, in-page blobs, and the browser's own built-in resources.
LOCAL_SCHEMES = ("data", "blob", "chrome")


def off_machine(urls: list[str]) -> list[str]:
    """The URLs among `urls` that would leave this machine: all but 127.0.0.1 and the local schemes."""
    return [url for url in urls if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != "127.0.0.1"]


def section_ids(browser: webdriver.Chrome, prefix: str) -> set[str]:
    script = f"return [...document.querySelectorAll('[data-section-id^=\"{prefix}\"]')].map(e => e.dataset.sectionId)"
    return {section.removeprefix(prefix) for section in browser.execute_script(script)}


def test_reference_shows_every_operation_and_schema_and_fetches_nothing_from_outside(
    browser: webdriver.Chrome, live_server: LiveServer
) -> None:
    requested = open_page(
        browser,
        f"{live_server.base_url}/docs/reference.html",
        f"document.querySelectorAll('[data-section-id^=\"operation/\"]').length >= {len(OPERATIONS)}",
    )
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "docs-reference.png"))

    assert section_ids(browser, "operation/") == {op.operation_id for op in OPERATIONS}
    assert section_ids(browser, "tag/schema-") == set(SPEC["components"]["schemas"])
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "from lls_client.api.inference import chat_completion" in text  # a Python example is shown
    assert f"{live_server.base_url}/docs/vendor/redoc.standalone.js" in requested
    assert f"{live_server.base_url}/docs/openapi.json" in requested
    # Redoc's theme names web fonts; the page must neither fetch them nor anything else from outside.
    assert off_machine(requested) == []
    fonts = browser.execute_script("return [...document.fonts].map(f => f.family)")
    assert fonts == [], f"web fonts loaded: {fonts}"


def test_guide_page_renders_its_example(browser: webdriver.Chrome, live_server: LiveServer) -> None:
    requested = open_page(
        browser, f"{live_server.base_url}/docs/api-inference.html", "document.readyState == 'complete'"
    )

    code = [block for block in browser.find_elements(By.CSS_SELECTOR, "pre code") if block.is_displayed()]
    example = next(block for block in code if "streaming.chat_completion(" in block.text)
    assert example.find_elements(By.CSS_SELECTOR, "span.kn")  # highlighted: `import` is a keyword
    assert browser.find_element(By.LINK_TEXT, "chat_completion").get_attribute("href") == (
        f"{live_server.base_url}/docs/reference.html#operation/chat_completion"
    )
    assert off_machine(requested) == []


def test_docs_index_answers_at_docs(live_server: LiveServer) -> None:
    answer = httpx.get(f"{live_server.base_url}/docs", follow_redirects=True)
    assert answer.status_code == 200 and answer.url.path == "/docs/"
    assert "Quick start" in answer.text
    assert httpx.get(f"{live_server.base_url}/docs/no-such-page.html").status_code == 404


def reference_example(op: build_docs.SpecOperation) -> dict[str, Any]:
    """The reference's example request of `op`, as keyword arguments of an HTTP client's `request`."""
    sample = build_docs.Sampler(SPEC)
    body_schema = op.spec.get("requestBody", {}).get("content", {}).get(build_docs.JSON, {}).get("schema")
    path, query = build_docs.request_path(op, build_docs.query_arguments(op, sample))
    request: dict[str, Any] = {"url": path, "params": query}
    if body_schema:
        request["json"] = sample(body_schema)
    return request


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_each_reference_example_is_a_valid_request(op: build_docs.SpecOperation) -> None:
    """The example of each operation passes the server's validation: with no implementation, it gets 501."""
    with TestClient(create_app({})) as client:
        answer = client.request(op.method, **reference_example(op))
    assert answer.status_code == 501, answer.text


@pytest.fixture(scope="module")
def example_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server whose model stops at a few tokens by default: the examples send no `max_tokens`."""
    model = {"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 2048, "sampling": {"max_tokens": 4}}
    live = LiveServer(write_config(tmp_path_factory.mktemp("reference-examples"), models=[model]))
    yield live
    live.stop()


def named_documents(body: object) -> list[str]:
    """The document ids an example's body names: a list of ids, or of documents."""
    if not isinstance(body, list):
        return []
    return [item["document_id"] if isinstance(item, dict) else item for item in body]


def prepare_bank(http: httpx.Client, op: build_docs.SpecOperation, request: dict[str, Any]) -> None:
    """Make the bank the example names hold the documents it names, so that only the example decides the answer.

    It must not exist before `create_memory_bank`, and must not yet hold what `insert_documents` inserts.
    """
    bank_id = request["params"]["bank_id"]
    assert http.delete("/memory_banks/drop", params={"bank_id": bank_id}).status_code in (200, 404)
    if op.operation_id == "create_memory_bank":
        return
    ids = [] if op.operation_id == "insert_documents" else named_documents(request.get("json"))
    documents = [{"document_id": document_id, "content": "Llamas live in the Andes."} for document_id in ids]
    created = http.post("/memory_banks/create", params={"bank_id": bank_id, "bank_name": "example"}, json=documents)
    assert created.status_code == 200, created.text


def prepare_dataset(http: httpx.Client, op: build_docs.SpecOperation, request: dict[str, Any]) -> None:
    """Make the dataset the example names exist, from the spec's example dataset, but not before `create_dataset`."""
    uuid = request["json"]["uuid"] if op.operation_id == "create_dataset" else request["params"]["dataset_uuid"]
    assert http.delete("/datasets/delete", params={"dataset_uuid": uuid}).status_code in (200, 404)
    if op.operation_id == "create_dataset":
        return
    dataset = build_docs.Sampler(SPEC)({"$ref": "#/components/schemas/TrainEvalDataset"})
    created = http.post("/datasets/create", json={"uuid": uuid, "dataset": dataset})
    assert created.status_code == 200, created.text


# Job ids are one namespace for every kind of job: a fine-tuning example's job gets an id of its own.
FINE_TUNING_JOB = "fine-tuning-example-job"


def prepare_job(http: httpx.Client, op: build_docs.SpecOperation, request: dict[str, Any]) -> None:
    """Make the job the example names exist, from the spec's example request, running still when the first job
    example of its API (`cancel_...`) cancels it: an evaluation of many rows, a fine-tune loading its model."""
    sample = build_docs.Sampler(SPEC)
    if op.tag == "PostTraining":
        request["params"]["job_uuid"] = FINE_TUNING_JOB
        status, create = "/post_training/job/status", "/post_training/supervised_fine_tune"
        body = copy.deepcopy(sample({"$ref": "#/components/schemas/PostTrainingSFTRequest"}))
        body["fine_tuned_model_id"] = "fine-tuning-example-model"
    else:
        status, create = "/evaluate/job/status", "/evaluate/question_answering/"
        body = copy.deepcopy(sample({"$ref": "#/components/schemas/EvaluateQuestionAnsweringRequest"}))
        line = '{"input_query": "Tell me a long story about llamas.", "expected_answer": "Once upon a time."}\n'
        body["dataset"]["content_url"] = "data:application/jsonl," + line * 200
    job_uuid = body["job_uuid"] = request["params"]["job_uuid"]
    if http.get(status, params={"job_uuid": job_uuid}).status_code == 200:
        return
    created = http.post(create, json=body)
    assert created.status_code == 200, created.text


AGENT_IDS = ("agent_id", "system_id", "session_id", "turn_id", "step_id")


def prepare_agent(http: httpx.Client, op: build_docs.SpecOperation, request: dict[str, Any]) -> None:
    """Give the ids an agentic system example names (the server makes them up) real values: an agent with a
    session that has a turn, and the memory bank an attach or detach names, attached for a detach."""

    def answered(response: httpx.Response) -> Any:
        assert response.status_code == 200, response.text
        return response.json() if response.content else None

    instance = {"instructions": "Answer briefly."}
    agent = {"model": DEFAULT_MODEL_ID, "instance_config": instance}
    agent_id = answered(http.post("/agentic_system/create", json=agent))["system_id"]
    body = {"system_id": agent_id, "session_name": "example"}
    session_id = answered(http.post("/agentic_system/session/create", json=body))["session_id"]
    body = {"system_id": agent_id, "session_id": session_id, "messages": [{"role": "user", "content": "Hello!"}]}
    turn = answered(http.post("/agentic_system/turn/create", json=body))
    ids = {
        "agent_id": agent_id,
        "system_id": agent_id,
        "session_id": session_id,
        "turn_id": turn["turn_id"],
        "step_id": turn["steps"][0]["step_id"],
    }
    request["params"] = {name: ids.get(name, value) for name, value in request["params"].items()}
    if isinstance(request.get("json"), dict):
        request["json"] = {name: ids.get(name, value) for name, value in request["json"].items()}
    if op.operation_id == "get_agentic_system_session":
        request["json"] = [turn["turn_id"]]
    if op.operation_id in ("attach_memory_bank", "detach_memory_bank"):
        for bank_id in request["json"]:
            assert http.delete("/memory_banks/drop", params={"bank_id": bank_id}).status_code in (200, 404)
            answered(http.post("/memory_banks/create", params={"bank_id": bank_id, "bank_name": "example"}, json=[]))
        if op.operation_id == "detach_memory_bank":
            answered(http.post("/agentic_system/memory_bank/attach", params=request["params"], json=request["json"]))


# The reference's example of get_model names the model `model_id` (the Sampler fills a free string with its
# parameter's name), which no run config registers: that example can only be refused, with a 404 naming it.
UNREGISTERED_IDS = {"get_model": "model_id"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "op", [op for op in OPERATIONS if op.operation_id in implemented_operations()], ids=lambda op: op.operation_id
)
def test_each_implemented_reference_example_succeeds_on_a_real_server(
    op: build_docs.SpecOperation, example_server: LiveServer
) -> None:
    """The example of each implemented operation, sent as shown once the bank or agent it names is set up, succeeds."""
    request = reference_example(op)
    with httpx.Client(base_url=example_server.base_url, timeout=120) as http:
        if "bank_id" in request["params"]:
            prepare_bank(http, op, request)
        if op.tag == "Datasets":
            prepare_dataset(http, op, request)
        if "job_uuid" in request["params"]:
            prepare_job(http, op, request)
        if any(name in AGENT_IDS for name in [*request["params"], *(request.get("json") or {})]):
            prepare_agent(http, op, request)
        answer = http.request(op.method, **request)
    if op.operation_id in UNREGISTERED_IDS:
        assert answer.status_code == 404, answer.text
        assert repr(UNREGISTERED_IDS[op.operation_id]) in answer.json()["detail"]
    else:
        assert 200 <= answer.status_code < 300, answer.text


# What each example of a fully implemented API prints (the whole of it; `.` also matches a newline): the
# model's text is not empty, the query finds the document about llamas, the list names the default model.
EXPECTED_OUTPUT = {
    "first_chat": r"\s*\w.*\n",
    "inference_example": r"\s*\S.*\n\[stopped: (end_of_turn|out_of_tokens)\]\n2 vectors of 576 numbers\n",
    "inspect_example": rf"health: ok\nserver {re.escape(__version__)}, API {re.escape(API_VERSION)}\n",
    "memory_banks_example": (
        r"-?\d\.\d{3} llamas: Llamas are camelids from the Andes, kept for wool\.\ndropped docs-example\n"
    ),
    "models_example": rf"{DEFAULT_MODEL_ID} llama_cpp\nllama, [1-9]\d* parameters, 2048 tokens of context\n",
    "safety_example": r"shields: code_scanner_guard\ncode_scanner_guard violation B605:4\n",
    "agentic_system_example": r"\s*\S.*\n\[turn [0-9a-f]{32}: 1 steps\]\n",
    "reward_scoring_example": r"(10|[1-9])\.0 4\n(10|[1-9])\.0 5\n",
    "datasets_example": (
        r"2 rows of application/jsonl \{'question': 'text', 'answer': 'text'\}\nsha256 [0-9a-f]{64}\n"
        r"deleted qa-example\n"
    ),
    "evaluations_example": (
        r"completed 2 of 2 rows\nem \d+\.\d, f1 \d+\.\d\n(?:[12] ['\"].*['\"] \{'em': \d+\.0, 'f1': \d+\.\d+\}\n){2}"
    ),
    "post_training_example": r"completed after 12 steps, 1 checkpoint\n.*Quibbletoe.*\n",
    "open_ai_example": (
        rf"\['{DEFAULT_MODEL_ID}', 'all-MiniLM-L6-v2'\]\n.+\n(stop|length), [1-9]\d* tokens\n.+\n\[[1-9]\d* tokens\]\n"
        r"2 vectors of 384 numbers\n"
    ),
    "synthetic_data_generation_example": (
        r"2 of 4 kept, scores (10|[1-9]) to (10|[1-9])\n(?:(10|[1-9])\.0 .*\n){2}"
        r"haiku-example has 2 rows of \{'dialog': 'dialog', 'score': 'number'\}\ndeleted haiku-example\n"
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.py")), ids=lambda path: path.stem)
def test_examples_run_against_a_real_server(example: Path, live_server: LiveServer) -> None:
    """An example of a fully implemented API must succeed and print what it shows; elsewhere it stops only at a 501."""
    run = subprocess.run(
        [sys.executable, str(example)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "LLS_URL": live_server.base_url},
    )
    tag = EXAMPLE_TAGS[example.stem]
    if {op.operation_id for op in OPERATIONS if op.tag == tag} <= implemented_operations():
        assert run.returncode == 0, run.stderr
        assert re.fullmatch(EXPECTED_OUTPUT[example.stem], run.stdout, re.DOTALL), run.stdout
    elif run.returncode != 0:
        assert re.search(r"status=501|status code: 501", run.stderr), run.stderr
