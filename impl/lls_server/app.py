"""Binds API implementations to the generated route table and serves them with Starlette.

For each route: the query string and the JSON body are validated (see `validation`); the
implementation's method is called with both; its answer is rendered as JSON, as a
`text/event-stream` when it is an async iterator of events, or as JSON Lines (`application/jsonl`) where the
spec says so. Every error, from validation or from an
implementation, goes through `errors.to_problem`, or on OpenAI's routes `errors.to_openai_error`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping
from contextlib import AbstractAsyncContextManager
from http import HTTPStatus
from importlib import resources
from typing import Any, TypeVar

from prometheus_client import CollectorRegistry
from prometheus_client.registry import Collector
from pydantic import BaseModel, TypeAdapter
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from lls_api.interfaces import OperationNotImplemented
from lls_api.routes import ROUTES
from lls_api.routes import Route as ApiRoute

from .config import DEFAULT_MAX_REQUEST_BYTES
from .errors import ContentTooLarge, openai_error_body, problem, to_openai_error, to_problem
from .observability import RequestContext, RequestMetrics, metrics_route
from .validation import BodyParser, parse_query

Endpoint = Callable[[Request], Awaitable[Response]]
Lifespan = Callable[[Starlette], AbstractAsyncContextManager[None]]

log = logging.getLogger("lls.app")
Answered = TypeVar("Answered")
CLIENT_CLOSED_REQUEST = 499  # nginx's status for a request whose client left: nobody reads it, logs show it
PARSE_IN_LOOP_BYTES = 64 * 1024  # bodies up to this size parse in well under a millisecond
SPEC_YAML = resources.files("lls_api").joinpath("openapi.yaml").read_bytes()


def event_stream(first: BaseModel, rest: AsyncIterator[BaseModel], route: ApiRoute) -> StreamingResponse:
    """Server-sent events, one `data:` line of JSON each (JSON has no raw newlines, so one line suffices).

    An error once the stream has begun is its last event: `event: error` with a problem document, or on
    OpenAI's routes a `data:` line with its error document, as OpenAI's SDK reads it; those streams end with
    `data: [DONE]` otherwise. Starlette cancels the iteration when the client disconnects, which frees the
    request's resources.
    """
    openai = route.error_format == "openai"

    async def events() -> AsyncIterator[bytes]:
        yield b"data: " + first.model_dump_json(exclude_none=True).encode() + b"\n\n"
        try:
            async for chunk in rest:
                yield b"data: " + chunk.model_dump_json(exclude_none=True).encode() + b"\n\n"
        except Exception as exc:  # the status line is gone: report the problem as a last event
            if openai:
                _, body, _ = openai_error_body(exc, route.operation_id)
                yield b"data: " + json.dumps(body).encode() + b"\n\n"
            else:
                yield b"event: error\ndata: " + bytes(to_problem(exc, route.operation_id).body) + b"\n\n"
            return
        if openai:
            yield b"data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, refused with 413 once it is known to be larger than `limit`: by its Content-Length
    before anything is read, or while it streams in, so that no more than `limit` bytes are ever held."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ContentTooLarge(too_large(int(declared), limit))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ContentTooLarge(too_large(None, limit))
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(size: int | None, limit: int) -> str:
    actual = f" ({size} bytes)" if size is not None else ""
    return f"the request body is larger than the server takes{actual}: at most {limit} bytes (server.max_request_bytes)"


def json_lines(first: BaseModel | None, rest: AsyncIterator[BaseModel], operation_id: str) -> StreamingResponse:
    """One JSON object a line. An error after the first line can only end the body early: it is logged."""

    async def lines() -> AsyncIterator[bytes]:
        if first is None:
            return
        yield first.model_dump_json(exclude_none=True).encode() + b"\n"
        try:
            async for line in rest:
                yield line.model_dump_json(exclude_none=True).encode() + b"\n"
        except Exception:
            log.exception("%s: the JSON Lines answer was cut short", operation_id)

    return StreamingResponse(lines(), media_type="application/jsonl", headers={"Cache-Control": "no-store"})


async def answer(call: Awaitable[object], route: ApiRoute) -> tuple[Any, BaseModel | None]:
    """An operation's result and, for a stream or JSON Lines, its first item (None: there is none): pulled here,
    so that errors before any output get a real status."""
    result = await call
    if route.stream_event is not None and isinstance(result, AsyncIterator):
        return result, await anext(result)
    if route.line is not None:
        assert isinstance(result, AsyncIterator), f"{route.operation_id} answers JSON Lines from an async iterator"
        return result, await anext(result, None)
    return result, None


async def unless_disconnected(request: Request, work: Coroutine[Any, Any, Answered]) -> Answered | None:
    """`work`'s result, or None if the client goes away first, `work` then cancelled. Starlette watches for a
    disconnect only while it streams a response; a request still being answered would decode for nobody."""
    working = asyncio.ensure_future(work)
    watching = asyncio.ensure_future(disconnect(request))
    try:
        await asyncio.wait((working, watching), return_when=asyncio.FIRST_COMPLETED)
    finally:
        watching.cancel()
        if not working.done():  # the client went away, or this request is itself being cancelled
            working.cancel()
    if working.done() and not working.cancelled():
        return working.result()
    await asyncio.gather(working, return_exceptions=True)  # let the cancelled work free what it holds
    return None


async def disconnect(request: Request) -> None:
    """Return once the client has disconnected. The body has been read already: nothing else is waited for."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


def endpoint_for(route: ApiRoute, apis: Mapping[str, object], max_request_bytes: int) -> Endpoint:
    parse_body = BodyParser(route) if route.body is not None else None
    response_adapter = TypeAdapter(route.response) if route.response is not None else None
    report = to_openai_error if route.error_format == "openai" else to_problem

    async def endpoint(request: Request) -> Response:
        # Looked up at each request: a server's lifespan may build its implementations anew (see stack.py).
        api = apis.get(route.tag)
        method = getattr(api, route.operation_id) if api is not None else None
        try:
            parameters = {**request.query_params, **request.path_params}
            arguments = parse_query(route.query, parameters) if route.query else {}
            if parse_body is not None:
                raw = await read_body(request, max_request_bytes)
                # A large body takes a while to parse and validate: not on the event loop, which serves everyone.
                small = len(raw) < PARSE_IN_LOOP_BYTES
                arguments["body"] = parse_body(raw) if small else await asyncio.to_thread(parse_body, raw)
            if method is None:
                raise OperationNotImplemented(route.operation_id)
            answered = await unless_disconnected(request, answer(method(**arguments), route))
            if answered is None:
                log.info("%s: the client went away before the answer; its work was cancelled", route.operation_id)
                return Response(status_code=CLIENT_CLOSED_REQUEST)
            result, first = answered
            if route.line is not None:
                return json_lines(first, result, route.operation_id)
            if first is not None:
                return event_stream(first, result, route)
        except Exception as exc:
            return report(exc, route.operation_id)
        if response_adapter is None:
            return Response(status_code=200)
        return Response(response_adapter.dump_json(result, exclude_none=True), media_type="application/json")

    endpoint.__name__ = route.operation_id
    return endpoint


def starlette_path(path: str) -> str:
    """The spec's path with each parameter matching slashes too: model ids such as `org/model` hold them."""
    return re.sub(r"\{(\w+)\}", r"{\1:path}", path)


async def openapi_yaml(request: Request) -> Response:
    return Response(SPEC_YAML, media_type="application/yaml")


async def http_problem(request: Request, exc: Exception) -> Response:
    """Starlette's own 404 (unknown path) and 405 (wrong method), as problem documents."""
    assert isinstance(exc, HTTPException)
    detail = f"{request.method} {request.url.path}: {exc.detail}"
    return problem(HTTPStatus(exc.status_code), detail, headers=dict(exc.headers or {}))


def create_app(
    apis: Mapping[str, object],
    *,
    lifespan: Lifespan | None = None,
    extra_routes: list[BaseRoute] | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    collectors: list[Collector] | None = None,
) -> Starlette:
    """An ASGI app serving every route of the spec: `apis` maps API tags to their implementations.

    Every response carries its request's `X-Request-ID`, each request gets an access log line, and `/metrics`
    serves the app's own registry: its requests, and what `collectors` read.
    """
    registry = CollectorRegistry()
    for collector in collectors or []:
        registry.register(collector)
    routes: list[BaseRoute] = [
        Route(starlette_path(r.path), endpoint_for(r, apis, max_request_bytes), methods=[r.method], name=r.operation_id)
        for r in ROUTES
    ]
    routes.append(Route("/openapi.yaml", openapi_yaml, methods=["GET"], name="openapi_yaml"))
    routes.append(metrics_route(registry))
    routes += extra_routes or []
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: http_problem},
        middleware=[Middleware(RequestContext, metrics=RequestMetrics(registry))],
    )
    app.state.metrics_registry = registry
    return app
