"""Hostile but cheap request bodies, against every operation that takes one, on a real server with the real
model: each gets a 4xx problem document naming the problem (OpenAI's error document on its routes), none a 500
or a stall, and the server answers afterwards.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml

from lls_server.testing import DEFAULT_MODEL_ID, LiveServer, write_config

from .conftest import ROOT

LIMIT = 1024 * 1024  # the server's max_request_bytes here
SPEC = yaml.safe_load((ROOT / "spec" / "llama-stack.yaml").read_text())


def accepts_null(operation: dict[str, Any]) -> bool:
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    return {"type": "null"} in schema.get("anyOf", [])


def operations_with_a_body() -> list[tuple[str, str, str, dict[str, str]]]:
    """(operationId, method, path, required query parameters with a valid value) of every such operation."""
    parameters = SPEC["components"]["parameters"]
    found = []
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            if "requestBody" not in operation:
                continue
            declared = [
                parameters[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p for p in operation.get("parameters", [])
            ]
            query = {p["name"]: "x" for p in declared if p.get("required")}  # every required one is a string
            found.append((operation["operationId"], method.upper(), path, query))
    return found


OPERATIONS = operations_with_a_body()
# get_agentic_system_session's body may be null (every turn): null is no hostile body there.
TAKE_NULL = {
    operation["operationId"]
    for item in SPEC["paths"].values()
    for operation in item.values()
    if "requestBody" in operation and accepts_null(operation)
}
HOSTILE: dict[str, tuple[bytes, int, str]] = {
    "100,000 nested arrays": (b"[" * 100_000 + b"]" * 100_000, 400, "deeper than 64 levels"),
    "100 nested objects": (b'{"a": ' * 100 + b"1" + b"}" * 100, 400, "deeper than 64 levels"),
    "a lone surrogate": (f'{{"model": "{DEFAULT_MODEL_ID}", "content": "\\ud800"}}'.encode(), 400, "lone surrogate"),
    "a lone surrogate in a key": (b'{"\\udc00": 1}', 400, "lone surrogate"),
    "a lone surrogate in a chat message": (
        b'{"model": "m", "messages": [{"role": "user", "content": "\\ud800"}]}',
        400,
        "body.messages.0.content: the text holds a lone surrogate",
    ),
    "a lone surrogate in embeddings' contents": (
        b'{"model": "m", "contents": ["ok", "\\ud800"]}',
        400,
        "body.contents.1: the text holds a lone surrogate",
    ),
    "truncated UTF-8": (b'{"model": "\xe2\x82"}', 400, "not UTF-8"),
    "a 5,000-digit integer": (b'{"top_k": ' + b"9" * 5000 + b"}", 400, "not valid JSON"),
    "a number beyond a double": (b'{"temperature": 1e999}', 400, "not a finite number"),
    "NaN": (b'{"temperature": NaN}', 400, "not a finite number"),
    "a duplicate key": (b'{"model": "a", "model": "b"}', 400, "repeats the key 'model'"),
    "a JSON string": (b'"hello"', 422, "body"),
    "null": (b"null", 422, "body"),
    "an enormous array of empty objects": (b"[" + b"{}," * (LIMIT // 3 - 2) + b"{}]", 422, "body"),
    "a body past the limit": (b'{"content": "' + b"x" * LIMIT + b'"}', 413, "server.max_request_bytes"),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    config = write_config(
        tmp_path_factory.mktemp("hostile"), server={"host": "127.0.0.1", "port": 0, "max_request_bytes": LIMIT}
    )
    live = LiveServer(config)
    yield live
    live.stop()


CASES = [
    pytest.param(operation, hostile, id=f"{operation[0]}-{hostile}")
    for operation in OPERATIONS
    for hostile in HOSTILE
    if not (hostile == "null" and operation[0] in TAKE_NULL)
]


@pytest.mark.parametrize(("operation", "hostile"), CASES)
def test_a_hostile_body_is_a_4xx_problem(
    server: LiveServer, operation: tuple[str, str, str, dict[str, str]], hostile: str
) -> None:
    _, method, path, query = operation
    body, status, says = HOSTILE[hostile]
    started = time.monotonic()
    response = httpx.request(
        method,
        f"{server.base_url}{path}",
        params=query,
        content=body,
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert time.monotonic() - started < 10
    if path.startswith("/v1/"):  # OpenAI's routes: its error document, and a body against the schema is a 400
        assert response.status_code == (400 if status == 422 else status), response.text[:300]
        assert response.headers["content-type"] == "application/json"
        assert says in response.json()["error"]["message"]
        return
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"] == "application/problem+json"
    assert says in response.json()["detail"]


def raw_request(server: LiveServer, head: bytes, body_chunks: Iterator[bytes]) -> tuple[bytes, float]:
    """Send a request over a plain socket, stopping the upload as soon as the server answers."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(head)
        connection.setblocking(False)
        answer = b""
        for chunk in body_chunks:
            with contextlib.suppress(BlockingIOError):  # nothing from the server yet
                answer += connection.recv(65536)
            if answer:
                break
            try:
                connection.sendall(chunk)
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                break
        connection.setblocking(True)
        while b"\r\n\r\n" not in answer:
            received = connection.recv(65536)
            if not received:
                break
            answer += received
    return answer, time.monotonic() - started


def test_a_declared_200_mb_body_is_refused_before_it_is_sent(server: LiveServer) -> None:
    head = (
        b"POST /inference/completion HTTP/1.1\r\nHost: lls\r\nContent-Type: application/json\r\n"
        b"Content-Length: 200000000\r\n\r\n"
    )
    answer, seconds = raw_request(server, head, iter(()))
    assert answer.startswith(b"HTTP/1.1 413 ") and seconds < 2


def test_a_chunked_body_past_the_limit_is_refused_while_it_streams_in(server: LiveServer) -> None:
    head = (
        b"POST /inference/completion HTTP/1.1\r\nHost: lls\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    block = b"x" * 65536
    chunks = (b"%x\r\n%s\r\n" % (len(block), block) for _ in range(200_000_000 // len(block)))
    answer, seconds = raw_request(server, head, chunks)
    assert answer.startswith(b"HTTP/1.1 413 ") and seconds < 10


def test_the_server_still_answers_afterwards(server: LiveServer) -> None:
    answer: dict[str, Any] = httpx.post(
        f"{server.base_url}/inference/chat_completion",
        json={
            "model": DEFAULT_MODEL_ID,
            "messages": [{"role": "user", "content": "Hi"}],
            "sampling_params": {"max_tokens": 4},
        },
        timeout=30,
    ).json()
    assert answer["usage"]["completion_tokens"] >= 1
    assert httpx.get(f"{server.base_url}/health", timeout=5).json()["status"] == "ok"
