"""Request ids, access log lines and Prometheus metrics (`GET /metrics`).

`RequestContext`, a pure ASGI middleware (Starlette's BaseHTTPMiddleware would break streaming and the
detection of clients that leave), gives each request an id: the client's `X-Request-ID` where it is printable
ASCII of at most 128 characters, else a new one. The id is in the request's context (`request_context`), so
that its problem documents and its log lines name it, and goes back in the response's `X-Request-ID` header.
Once the answer has been sent (the last event of a stream, too) it writes one access log line, to `lls.access`,
and counts the request in the app's metrics.

Each app has a registry of its own: the request counters, and `StackCollector`, which reads what a stack's
models, memory banks and jobs hold only when /metrics is scraped; serving never waits for it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import to_problem
from .evaluations import Evaluations
from .instruments import DECODE_RATE, DECODE_RATE_HELP, FIRST_TOKEN, FIRST_TOKEN_HELP
from .memory import MemoryBanks
from .request_context import CURRENT, RequestInfo, request_id_for

if TYPE_CHECKING:
    from .stack import Stack

log = logging.getLogger("lls.metrics")
access_log = logging.getLogger("lls.access")

REQUEST_ID_HEADER = b"x-request-id"
UNMATCHED = "unmatched"  # the operation of a request whose path no route serves
CLIENT_CLOSED_REQUEST = 499  # a request cancelled before it was answered (its client left)
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
PLAIN_VALUE = re.compile(r'[^\s"=\\]+')


class RequestMetrics:
    """Requests, by operation: how many by status, and how long they took, streams to their last byte."""

    def __init__(self, registry: CollectorRegistry):
        self.requests = Counter(
            "lls_requests", "Requests answered, by operation and status.", ["operation", "status"], registry=registry
        )
        self.duration = Histogram(
            "lls_request_duration_seconds",
            "Seconds from a request's arrival to the last byte of its answer, by operation.",
            ["operation"],
            registry=registry,
            buckets=REQUEST_BUCKETS,
        )

    def count(self, operation: str, status: int, seconds: float) -> None:
        self.requests.labels(operation, str(status)).inc()
        self.duration.labels(operation).observe(seconds)


def logfmt(value: object) -> str:
    """A value of a `key=value` pair: as it is where it has no space, quote, `=` or backslash; else JSON-quoted."""
    text = str(value)
    return text if PLAIN_VALUE.fullmatch(text) else json.dumps(text)


class RequestContext:
    """The ASGI middleware that gives each HTTP request its id, and logs and counts it once it is answered."""

    def __init__(self, app: ASGIApp, metrics: RequestMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((value for name, value in scope["headers"] if name == REQUEST_ID_HEADER), None)
        info = RequestInfo(request_id_for(given.decode("latin-1") if given is not None else None))
        header = (REQUEST_ID_HEADER, info.request_id.encode())
        started = time.perf_counter()
        status: int | None = None

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(name, value) for name, value in message.get("headers", []) if name != REQUEST_ID_HEADER]
                message = {**message, "headers": [*headers, header]}
            await send(message)

        token = CURRENT.set(info)
        try:
            await self.app(scope, receive, send_with_id)
        except asyncio.CancelledError:
            status = status or CLIENT_CLOSED_REQUEST
            raise
        except Exception as exc:
            if status is not None:  # the answer has begun: it can only be cut short
                raise
            # Not left to Starlette's last-resort handler: the answer is a problem document naming the request.
            await to_problem(exc, operation_of(scope))(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            operation = operation_of(scope)
            self.metrics.count(operation, status or 500, seconds)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(access_line(scope, info, operation, status or 500, seconds))
            CURRENT.reset(token)


def operation_of(scope: Scope) -> str:
    """The name of the route that served the request (an API route's is its operationId)."""
    return getattr(scope.get("route"), "name", None) or UNMATCHED


def access_line(scope: Scope, info: RequestInfo, operation: str, status: int, seconds: float) -> str:
    fields: list[tuple[str, object]] = [
        ("request_id", info.request_id),
        ("method", scope["method"]),
        ("path", scope["path"]),
        ("operation", operation),
        ("status", status),
        ("duration_ms", f"{seconds * 1000:.1f}"),
    ]
    if info.generations:
        fields += [("prompt_tokens", info.prompt_tokens), ("completion_tokens", info.completion_tokens)]
    return " ".join(f"{key}={logfmt(value)}" for key, value in fields)


def metrics_route(registry: CollectorRegistry) -> Route:
    """`GET /metrics`: the registry in Prometheus' text format (or OpenMetrics, where the scraper asks for it),
    collected on a worker thread: the collectors read SQLite."""

    async def metrics(request: Request) -> Response:
        encode, content_type = choose_encoder(request.headers.get("accept", ""))
        return Response(await asyncio.to_thread(encode, registry), media_type=content_type)

    return Route("/metrics", metrics, methods=["GET"], name="metrics")


def histograms(name: str, documentation: str, collected: Iterable[Metric]) -> Metric:
    """One histogram family holding the samples of several (one per model, each with its own labels)."""
    family = Metric(name, documentation, "histogram")
    for metric in collected:
        family.samples.extend(metric.samples)
    return family


class StackCollector(Collector):
    """What a stack's models, memory banks and jobs hold, read when /metrics is scraped. A part that cannot be
    read (the server is shutting down) is left out and logged; the others are still reported."""

    def __init__(self, stack: Stack):
        self.stack = stack

    def collect(self) -> Iterator[Metric]:
        for part in (self._models, self._memory_banks, self._jobs):
            try:
                yield from list(part())
            except Exception:
                log.exception("metrics: %s could not be read", part.__name__.strip("_").replace("_", " "))

    def _models(self) -> Iterator[Metric]:
        served = list(self.stack.models.items())  # post-training may add a model meanwhile
        generated = CounterMetricFamily(
            "lls_generated_tokens", "Tokens generated, by model, counted as each generation ends.", labels=["model"]
        )
        prompt = CounterMetricFamily(
            "lls_prompt_tokens",
            "Prompt tokens of generations (and scorings), by model: `read` by the model, or `cached` (taken from "
            "the prompt cache).",
            labels=["model", "source"],
        )
        active = GaugeMetricFamily("lls_active_sequences", "Sequences decoding, by model.", labels=["model"])
        waiting = GaugeMetricFamily(
            "lls_waiting_requests", "Requests waiting for a sequence to decode in, by model.", labels=["model"]
        )
        for model_id, model in served:
            generated.add_metric([model_id], model.metrics.tokens_generated)
            prompt.add_metric([model_id, "read"], model.prompt_tokens_read)
            prompt.add_metric([model_id, "cached"], model.prompt_tokens_reused)
            decoding, queued = model.load()
            active.add_metric([model_id], decoding)
            waiting.add_metric([model_id], queued)
        yield from (generated, prompt, active, waiting)
        instruments = [model.metrics for _, model in served]
        yield histograms(
            FIRST_TOKEN, FIRST_TOKEN_HELP, (m for i in instruments for m in i.time_to_first_token.collect())
        )
        yield histograms(DECODE_RATE, DECODE_RATE_HELP, (m for i in instruments for m in i.decode_rate.collect()))

    def _memory_banks(self) -> Iterator[Metric]:
        banks = self.stack.apis.get("MemoryBanks")
        if not isinstance(banks, MemoryBanks) or self.stack.closed:
            return
        documents = GaugeMetricFamily("lls_memory_bank_documents", "Documents held by all memory banks together.")
        documents.add_metric([], banks.document_count())
        yield documents
        yield from banks.query_seconds.collect()

    def _jobs(self) -> Iterator[Metric]:
        evaluations = self.stack.apis.get("Evaluations")  # its job runner runs post-training's jobs too
        if not isinstance(evaluations, Evaluations) or self.stack.closed:
            return
        jobs = GaugeMetricFamily("lls_jobs", "Jobs kept, by kind and status.", labels=["kind", "status"])
        for (kind, status), count in evaluations.runner.counts().items():
            jobs.add_metric([kind, status.value], count)
        yield jobs
