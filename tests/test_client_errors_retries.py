"""The generated client's typed errors, raised by `call`, against a real `lls serve`; its retries, against a small
Starlette app that uvicorn serves on a free port in a thread, answering as each test scripts it."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import itertools
import json
import pkgutil
import random
import socket
import socketserver
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from email.utils import formatdate
from pathlib import Path

import httpx
import openapi_python_client
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import lls_client.api
from lls_client import Client, errors, streaming
from lls_client.api.agentic_system import create_agentic_system
from lls_client.api.inference import completion
from lls_client.api.inspect import health
from lls_client.api.models import get_model
from lls_client.models import (
    AgenticSystemCreateRequest,
    AgenticSystemInstanceConfig,
    ChatCompletionRequest,
    CompletionRequest,
    Error,
    HealthResponse,
    SamplingParams,
    SamplingStrategy,
    UserMessage,
)
from lls_client.retries import RetryTransport, retry_after_seconds
from lls_server.testing import DEFAULT_MODEL_ID, LiveServer, free_port

from .conftest import ROOT

# ----------------------------------------------------------------- typed errors, from the project's own server


@pytest.fixture
def lls(live_server: LiveServer) -> Iterator[Client]:
    with Client(base_url=live_server.base_url) as client:
        yield client


def test_an_unknown_model_raises_not_found_with_the_problem_document(lls: Client) -> None:
    with pytest.raises(errors.NotFoundError) as raised:
        get_model.call(client=lls, model_id="no-such-model")

    error = raised.value
    assert isinstance(error, errors.ApiError) and isinstance(error, errors.UnexpectedStatus)
    assert error.status == error.status_code == 404
    assert error.problem is not None and error.problem.status == 404
    assert "no-such-model" in error.detail and error.detail == error.problem.detail
    assert error.title == error.problem.title and error.type == error.problem.type_
    assert error.operation_id == "get_model"
    assert error.response.status_code == 404
    assert error.response.headers["content-type"].startswith("application/problem+json")
    assert error.content == error.response.content
    # The request's id, where the server gives one: in the problem document, else in X-Request-ID.
    problem_id = error.problem.request_id if isinstance(error.problem.request_id, str) else None
    assert error.request_id == (problem_id or error.response.headers.get("X-Request-ID"))
    assert "status code: 404" in str(error) and "no-such-model" in str(error)
    if error.request_id:
        assert error.request_id in str(error)
    # The non-raising forms are as they were.
    assert isinstance(get_model.sync(client=lls, model_id="no-such-model"), Error)
    assert get_model.sync_detailed(client=lls, model_id="no-such-model").status_code == 404


def test_a_value_the_model_cannot_take_raises_bad_request(live_server: LiveServer) -> None:
    sampling = SamplingParams(strategy=SamplingStrategy.TOP_P, temperature=0.0005, max_tokens=2)
    body = CompletionRequest(model=DEFAULT_MODEL_ID, content="x", sampling_params=sampling)
    with Client(base_url=live_server.base_url) as client, pytest.raises(errors.BadRequestError) as raised:
        completion.call(client=client, body=body)
    assert raised.value.status == 400 and "temperature" in raised.value.detail
    assert raised.value.operation_id == "completion"

    async def acall() -> None:
        async with Client(base_url=live_server.base_url) as client:
            await completion.acall(client=client, body=body)

    with pytest.raises(errors.BadRequestError):  # the async form alike
        asyncio.run(acall())


def test_a_body_off_the_schema_raises_unprocessable_entity(lls: Client) -> None:
    body = CompletionRequest(model=DEFAULT_MODEL_ID, content="x", sampling_params=SamplingParams(max_tokens=-3))
    with pytest.raises(errors.UnprocessableEntityError) as raised:
        completion.call(client=lls, body=body)
    assert raised.value.status == 422 and "max_tokens" in raised.value.detail


def test_a_refused_stream_raises_the_typed_error(lls: Client) -> None:
    body = ChatCompletionRequest(model="no-such-model", messages=[UserMessage(role="user", content="Hi")])
    with pytest.raises(errors.NotFoundError) as raised:
        list(streaming.chat_completion(client=lls, body=body))
    assert "no-such-model" in raised.value.detail and raised.value.operation_id == "chat_completion"


def test_the_default_timeout_suits_generation(lls: Client) -> None:
    assert lls.get_httpx_client().timeout == httpx.Timeout(600, connect=5)


# ----------------------------------------------------------------- retries, against a scripted server


class Scripted:
    """A Starlette app on uvicorn, in a thread: each request to a path gets the next of the answers scripted for it
    (the last one again once they run out); `arrivals[path]` holds when each request came."""

    def __init__(self) -> None:
        self.answers: dict[str, list[Callable[[], Response]]] = {}
        self.arrivals: dict[str, list[float]] = defaultdict(list)
        app = Starlette(routes=[Route("/{path:path}", self.answer, methods=["GET", "POST"])])
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, port=self.port, log_level="warning", lifespan="off", ws="none", http="h11")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.01)

    async def answer(self, request: Request) -> Response:
        path = request.url.path
        self.arrivals[path].append(time.monotonic())
        script = self.answers[path]
        return script[min(len(self.arrivals[path]), len(script)) - 1]()

    def script(self, path: str, *answers: Callable[[], Response]) -> None:
        self.answers[path] = list(answers)
        self.arrivals[path] = []

    def hits(self, path: str) -> int:
        return len(self.arrivals[path])

    def gaps(self, path: str) -> list[float]:
        """The seconds between each request to `path` and the one before it."""
        times = self.arrivals[path]
        return [later - earlier for earlier, later in itertools.pairwise(times)]

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def scripted() -> Iterator[Scripted]:
    server = Scripted()
    yield server
    server.stop()


def refusal(status: int, retry_after: str | None = None) -> Callable[[], Response]:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    problem = {"type": "about:blank", "title": "Busy", "status": status, "detail": f"refused with {status}"}
    return lambda: JSONResponse(problem, status, headers=headers, media_type="application/problem+json")


def answer(value: object) -> Callable[[], Response]:
    return lambda: JSONResponse(value)


HEALTHY = answer({"status": "ok", "models": []})
CREATE = AgenticSystemCreateRequest(model="m", instance_config=AgenticSystemInstanceConfig(instructions="Hi."))
SLACK = 0.75  # seconds a request may take beyond its wait, on a loaded machine


def test_a_503_with_retry_after_is_retried_after_the_seconds_it_asks(scripted: Scripted) -> None:
    scripted.script("/health", refusal(503, "1"), refusal(503, "1"), HEALTHY)
    with Client(base_url=scripted.url) as client:
        assert health.call(client=client) == HealthResponse.from_dict({"status": "ok", "models": []})
    assert scripted.hits("/health") == 3  # the default: 2 retries
    assert all(1.0 <= gap <= 1.0 + SLACK for gap in scripted.gaps("/health")), scripted.gaps("/health")


def test_a_retry_after_date_is_waited_for(scripted: Scripted) -> None:
    scripted.script("/health", lambda: refusal(503, formatdate(time.time() + 2, usegmt=True))(), HEALTHY)
    with Client(base_url=scripted.url) as client:
        health.call(client=client)
    (gap,) = scripted.gaps("/health")
    assert 1.0 <= gap <= 2.0 + SLACK  # the date has whole seconds: 1 to 2 s from when it was written


def test_a_post_answered_429_is_retried_with_backoff_and_jitter(scripted: Scripted) -> None:
    scripted.script("/agentic_system/create", refusal(429), refusal(429), answer({"system_id": "s-1"}))
    with Client(base_url=scripted.url) as client:
        assert create_agentic_system.call(client=client, body=CREATE).system_id == "s-1"
    first, second = scripted.gaps("/agentic_system/create")
    # 0.5 s doubled at each retry, less up to a quarter of it as jitter.
    assert 0.375 <= first <= 0.5 + SLACK and 0.75 <= second <= 1.0 + SLACK, (first, second)


def test_a_post_answered_500_is_not_retried(scripted: Scripted) -> None:
    scripted.script("/agentic_system/create", refusal(500), answer({"system_id": "never"}))
    with Client(base_url=scripted.url) as client, pytest.raises(errors.InternalServerError) as raised:
        create_agentic_system.call(client=client, body=CREATE)
    assert scripted.hits("/agentic_system/create") == 1
    assert raised.value.detail == "refused with 500" and raised.value.operation_id == "create_agentic_system"


def test_retries_end_after_max_retries_with_the_last_answer(scripted: Scripted) -> None:
    scripted.script("/health", refusal(503, "0"))
    with Client(base_url=scripted.url, max_retries=3) as client:
        with pytest.raises(errors.ServiceUnavailableError) as raised:
            health.call(client=client)
        assert scripted.hits("/health") == 4
        assert raised.value.retry_after == 0.0
        # The non-raising form retries alike, then hands the answer over.
        assert health.sync_detailed(client=client).status_code == 503
        assert scripted.hits("/health") == 8


def test_max_retries_0_sends_once(scripted: Scripted) -> None:
    scripted.script("/health", refusal(429, "0"), HEALTHY)
    with Client(base_url=scripted.url, max_retries=0) as client, pytest.raises(errors.RateLimitError):
        health.call(client=client)
    assert scripted.hits("/health") == 1


def test_a_retry_after_longer_than_the_client_waits_is_raised_at_once(scripted: Scripted) -> None:
    scripted.script("/health", refusal(503, "3600"), HEALTHY)
    started = time.monotonic()
    with Client(base_url=scripted.url) as client, pytest.raises(errors.ServiceUnavailableError) as raised:
        health.call(client=client)
    assert time.monotonic() - started < 1 and scripted.hits("/health") == 1
    assert raised.value.retry_after == 3600


def test_the_async_client_retries_alike(scripted: Scripted) -> None:
    scripted.script("/agentic_system/create", refusal(503, "0"), refusal(429, "0"), answer({"system_id": "s-2"}))

    async def create() -> str:
        async with Client(base_url=scripted.url) as client:
            return (await create_agentic_system.acall(client=client, body=CREATE)).system_id

    assert asyncio.run(create()) == "s-2"
    assert scripted.hits("/agentic_system/create") == 3


def sse(*events: tuple[str, object]) -> Callable[[], Response]:
    text = "".join(f"event: {event}\ndata: {json.dumps(data)}\n\n" for event, data in events)
    return lambda: Response(text, media_type="text/event-stream")


def test_a_stream_is_retried_before_it_begins_never_after(scripted: Scripted) -> None:
    start = ("message", {"event": {"event_type": "start", "delta": ""}})
    body = ChatCompletionRequest(model="m", messages=[UserMessage(role="user", content="Hi")])
    scripted.script("/inference/chat_completion", refusal(503, "0"), sse(start))
    with Client(base_url=scripted.url) as client:
        (chunk,) = streaming.chat_completion(client=client, body=body)
        assert chunk.event.event_type == "start"
        assert scripted.hits("/inference/chat_completion") == 2

        failure = ("error", {"type": "about:blank", "title": "Failed", "status": 500, "detail": "decoding failed"})
        scripted.script("/inference/chat_completion", sse(start, failure), sse(start))
        with pytest.raises(streaming.StreamError, match="decoding failed"):
            list(streaming.chat_completion(client=client, body=body))
        assert scripted.hits("/inference/chat_completion") == 1


def test_an_async_stream_is_retried_before_it_begins(scripted: Scripted) -> None:
    start = ("message", {"event": {"event_type": "start", "delta": ""}})
    body = ChatCompletionRequest(model="m", messages=[UserMessage(role="user", content="Hi")])
    scripted.script("/inference/chat_completion", refusal(429, "0"), sse(start))

    async def events() -> list[str]:
        async with Client(base_url=scripted.url) as client:
            return [chunk.event.event_type async for chunk in streaming.chat_completion_async(client=client, body=body)]

    assert asyncio.run(events()) == ["start"]
    assert scripted.hits("/inference/chat_completion") == 2


def test_backoff_jitter_is_drawn_from_the_given_random(scripted: Scripted) -> None:
    scripted.script("/health", refusal(503))
    waits: list[float] = []
    transport = RetryTransport(httpx.HTTPTransport(), max_retries=3, rng=random.Random(7), sleep=waits.append)
    with httpx.Client(base_url=scripted.url, transport=transport) as client:
        assert client.get("/health").status_code == 503
    draws = random.Random(7)
    assert waits == [min(0.5 * 2**retry, 8.0) * (1 - 0.25 * draws.random()) for retry in range(3)]
    assert scripted.hits("/health") == 4


# ----------------------------------------------------------------- connection failures


class Counting(httpx.HTTPTransport):
    """httpx's transport, counting the requests it is handed: each try of the retrying transport around it."""

    def __init__(self) -> None:
        super().__init__()
        self.tries = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.tries += 1
        return super().handle_request(request)


def test_a_refused_connection_is_retried_then_raises_a_typed_connection_error() -> None:
    counting = Counting()
    with socket.socket() as unused:  # a port that nothing listens on: bound, never listening
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}"
        started = time.monotonic()
        with (
            Client(base_url=url, httpx_args={"transport": counting}) as client,
            pytest.raises(errors.ApiConnectionError) as raised,
        ):
            create_agentic_system.call(client=client, body=CREATE)  # a POST, never sent: retried
    assert counting.tries == 3
    assert time.monotonic() - started >= 0.375 + 0.75  # the two backoffs' least
    assert isinstance(raised.value, httpx.TransportError) and not isinstance(raised.value, errors.ApiTimeoutError)
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert raised.value.operation_id == "create_agentic_system" and "/agentic_system/create" in str(raised.value)


class HangUp(socketserver.ThreadingTCPServer):
    """Reads each request's head, then closes the connection without an answer; counts the requests."""

    daemon_threads = True

    def __init__(self) -> None:
        self.requests = 0
        super().__init__(("127.0.0.1", 0), HangUpHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()


class HangUpHandler(socketserver.BaseRequestHandler):
    server: HangUp

    def handle(self) -> None:
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            received += chunk
        self.server.requests += 1


@pytest.fixture
def hang_up() -> Iterator[HangUp]:
    server = HangUp()
    yield server
    server.shutdown()
    server.server_close()


def test_a_post_that_may_have_reached_the_server_is_not_sent_again(hang_up: HangUp) -> None:
    with Client(base_url=hang_up.url) as client:
        with pytest.raises(errors.ApiConnectionError) as raised:
            create_agentic_system.call(client=client, body=CREATE)
        assert hang_up.requests == 1
        assert isinstance(raised.value.__cause__, httpx.RemoteProtocolError)

        with pytest.raises(errors.ApiConnectionError):  # a GET is idempotent: sent again
            health.call(client=client)
        assert hang_up.requests == 1 + 3


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = time.time()
    assert retry_after_seconds({"Retry-After": "3"}) == 3.0
    assert retry_after_seconds({"Retry-After": " 1.5 "}) == 1.5
    assert retry_after_seconds({"Retry-After": formatdate(now + 30, usegmt=True)}, now=now) == pytest.approx(30, abs=1)
    assert retry_after_seconds({"Retry-After": formatdate(now - 30, usegmt=True)}, now=now) == 0.0
    for invalid in ("soon", "-1", "nan", ""):
        assert retry_after_seconds({"Retry-After": invalid}) is None
    assert retry_after_seconds({}) is None


# ----------------------------------------------------------------- the generator's part


def test_every_operation_has_its_raising_variants() -> None:
    """`call` and `acall` come from scripts/templates/openapi_python_client, which overrides templates of the
    pinned openapi-python-client by name: each must name one of its templates still."""
    overrides = ROOT / "scripts" / "templates" / "openapi_python_client"
    package_templates = Path(openapi_python_client.__file__).parent / "templates"
    assert sorted(path.name for path in overrides.iterdir()) == [
        "client.py.jinja",
        "endpoint_module.py.jinja",
        "errors.py.jinja",
    ]
    assert all((package_templates / path.name).is_file() for path in overrides.iterdir())
    modules = [
        importlib.import_module(f"lls_client.api.{tag.name}.{module.name}")
        for tag in pkgutil.iter_modules(lls_client.api.__path__)
        for module in pkgutil.iter_modules([str(Path(lls_client.api.__path__[0]) / tag.name)])
    ]
    assert len(modules) > 50
    for module in modules:
        assert callable(module.call) and inspect.iscoroutinefunction(module.acall), module.__name__
