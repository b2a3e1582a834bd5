"""The API's error tree, and its one mapping to `application/problem+json` responses."""

from __future__ import annotations

import copy
import logging
from http import HTTPStatus
from typing import Any

from starlette.responses import JSONResponse

from lls_api.interfaces import OperationNotImplemented

from .request_context import current_request_id

log = logging.getLogger("lls.errors")


class StartupError(Exception):
    """The server cannot start (a bad run config, a model or a store that cannot be opened): one line says why."""


class ApiError(Exception):
    """An error the client is told about. Subclasses fix the HTTP status; `detail` says what went wrong."""

    status = HTTPStatus.INTERNAL_SERVER_ERROR

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}

    def in_context(self, context: str) -> ApiError:
        """The same error (status, headers), its detail prefixed with what it concerns."""
        error = copy.copy(self)
        error.detail = f"{context}: {self.detail}"
        error.args = (error.detail,)
        return error


class InvalidRequest(ApiError):
    """Malformed JSON, a bad query parameter, or a value the operation cannot take (400)."""

    status = HTTPStatus.BAD_REQUEST


class Forbidden(ApiError):
    """Something the run config does not allow (403)."""

    status = HTTPStatus.FORBIDDEN


class NotFound(ApiError):
    """Something the request names does not exist (404)."""

    status = HTTPStatus.NOT_FOUND


class Conflict(ApiError):
    """The request conflicts with what exists (409)."""

    status = HTTPStatus.CONFLICT


class ContentTooLarge(ApiError):
    """The request body is larger than the server takes (413)."""

    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE


class InvalidBody(ApiError):
    """The body does not match the operation's schema (422)."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY


class BadGateway(ApiError):
    """Something the server relies on answered what it cannot use: a guard model's answer, a REST shield's (502)."""

    status = HTTPStatus.BAD_GATEWAY


class Unavailable(ApiError):
    """The server is too busy for now (503); `retry_after` seconds go in the Retry-After header."""

    status = HTTPStatus.SERVICE_UNAVAILABLE

    def __init__(self, detail: str, *, retry_after: int = 1):
        super().__init__(detail, headers={"Retry-After": str(retry_after)})


class TimedOut(ApiError):
    """A model produced nothing for longer than its configured stall timeout (504)."""

    status = HTTPStatus.GATEWAY_TIMEOUT


class NotImplementedOperation(ApiError):
    """The operation has no implementation yet (501)."""

    status = HTTPStatus.NOT_IMPLEMENTED


def problem(
    status: HTTPStatus, detail: str, *, operation_id: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": status.phrase,
        "status": status.value,
        "detail": detail,
    }
    if operation_id:
        body["operation_id"] = operation_id
    if request_id := current_request_id():  # the id of the request being answered: its log lines name it too
        body["request_id"] = request_id
    return JSONResponse(body, status_code=status.value, headers=headers, media_type="application/problem+json")


def _reported(exc: Exception, operation_id: str | None) -> ApiError:
    """`exc` as the ApiError the client is told of, logged: 4xx as warnings, anything else as an error."""
    if isinstance(exc, OperationNotImplemented):
        exc = NotImplementedOperation(f"{exc.operation_id} is not implemented by this server yet")
    if isinstance(exc, ApiError):
        log_level = logging.WARNING if exc.status < 500 else logging.ERROR
        log.log(log_level, "%s: %s %s", operation_id, exc.status.value, exc.detail)
        return exc
    log.exception("%s failed", operation_id, exc_info=exc)
    return ApiError("the server failed; see its log")


def to_problem(exc: Exception, operation_id: str | None = None) -> JSONResponse:
    """The one place exceptions become HTTP answers: an `application/problem+json` document."""
    error = _reported(exc, operation_id)
    return problem(error.status, error.detail, operation_id=operation_id, headers=error.headers)


# OpenAI's error types, by status; its SDK picks its exception class by the status alone.
OPENAI_ERROR_TYPES = {
    HTTPStatus.FORBIDDEN: "permission_error",
    HTTPStatus.TOO_MANY_REQUESTS: "rate_limit_error",
    HTTPStatus.SERVICE_UNAVAILABLE: "service_unavailable_error",
    HTTPStatus.GATEWAY_TIMEOUT: "timeout_error",
}


def openai_error_body(exc: Exception, operation_id: str | None = None) -> tuple[HTTPStatus, dict[str, Any], ApiError]:
    """`exc` as OpenAI's error document, with its status: a body that does not match the schema is a 400, as
    OpenAI answers it (its SDK's BadRequestError)."""
    error = _reported(exc, operation_id)
    status = HTTPStatus.BAD_REQUEST if error.status == HTTPStatus.UNPROCESSABLE_ENTITY else error.status
    kind = OPENAI_ERROR_TYPES.get(status, "invalid_request_error" if status < 500 else "server_error")
    code = {HTTPStatus.NOT_FOUND: "not_found", HTTPStatus.NOT_IMPLEMENTED: "not_implemented"}.get(status)
    return status, {"error": {"message": error.detail, "type": kind, "param": None, "code": code}}, error


def to_openai_error(exc: Exception, operation_id: str | None = None) -> JSONResponse:
    """The same mapping as `to_problem`, written as OpenAI's `{"error": ...}` for its routes."""
    status, body, error = openai_error_body(exc, operation_id)
    return JSONResponse(body, status_code=status.value, headers=error.headers)
