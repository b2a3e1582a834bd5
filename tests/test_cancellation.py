"""No decoding for clients that left: a non-streaming request whose client disconnects, and a batch one of
whose elements is refused, free their sequences at once. On a real server with one sequence, so that a
request left decoding would hold up the next one for the whole of its answer."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, LiveServer, write_config

pytestmark = pytest.mark.slow

# Greedy decoding counts on and on: an answer that would take far longer than the test allows.
COUNTING = {"model": DEFAULT_MODEL_ID, "content": "1, 2, 3, 4, 5, 6, 7, 8, 9,", "sampling_params": {"max_tokens": 1500}}
QUICK = {"model": DEFAULT_MODEL_ID, "content": "Hi", "sampling_params": {"max_tokens": 4}}


@pytest.fixture(scope="module")
def one_sequence_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    directory = tmp_path_factory.mktemp("one-sequence")
    model = {"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 2048, "parallel": 1}
    server = LiveServer(write_config(directory, models=[{**model, "max_waiting": 1}]))
    yield server
    server.stop()


def seconds_for_a_quick_answer(server: LiveServer) -> float:
    started = time.perf_counter()
    answer = httpx.post(f"{server.base_url}/inference/completion", json=QUICK, timeout=120)
    assert answer.status_code == 200, answer.text
    return time.perf_counter() - started


def test_the_counting_answer_is_long(one_sequence_server: LiveServer) -> None:
    """The premise of the tests below: the counting request decodes far longer than a quick answer takes."""
    answer = httpx.post(
        f"{one_sequence_server.base_url}/inference/completion",
        json={**COUNTING, "sampling_params": {"max_tokens": 300}},
        timeout=120,
    )
    assert answer.json()["stop_reason"] == "out_of_tokens"


def test_a_client_that_disconnects_frees_its_sequence(one_sequence_server: LiveServer) -> None:
    def leave_early() -> None:
        with pytest.raises(httpx.ReadTimeout):  # the client gives up and closes its connection
            httpx.post(f"{one_sequence_server.base_url}/inference/completion", json=COUNTING, timeout=1.5)

    quitter = threading.Thread(target=leave_early)
    quitter.start()
    quitter.join()
    # With the abandoned request still decoding, the next one would wait for its 1,500 tokens.
    assert seconds_for_a_quick_answer(one_sequence_server) < 8


def test_a_batch_whose_element_is_refused_cancels_the_others(one_sequence_server: LiveServer) -> None:
    # One sequence and one place in the queue: the third element is refused (503) at once.
    body = {**COUNTING, "content_batch": [COUNTING["content"]] * 3}
    del body["content"]
    answer = httpx.post(f"{one_sequence_server.base_url}/inference/batch_completion", json=body, timeout=120)
    assert answer.status_code == 503, answer.text
    assert answer.json()["detail"].startswith("content_batch.2: ")
    assert seconds_for_a_quick_answer(one_sequence_server) < 8
