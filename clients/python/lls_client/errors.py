"""The errors that calls of this client raise.

Each operation module has `call` and `acall`, which return the parsed answer of a success and raise for anything
else (`sync`, `asyncio` and their `_detailed` forms raise for no status: they return a problem as an `Error`):

- `ApiError`, when the server answers with an error status: `BadRequestError` for 400, `NotFoundError` for 404,
  and so on (see `STATUS_ERRORS`), `ApiError` itself for a status without a class. It carries the problem
  document (`problem`, with its `status`, `title`, `detail`, `operation_id` and `request_id` at hand) and the
  `httpx.Response`.
- `ApiConnectionError`, when no answer came, after the client's retries: the server could not be reached, or the
  connection failed; `ApiTimeoutError`, a subclass, when a timeout ran out. Both are `httpx.TransportError`s, with
  httpx's own error as their `__cause__`.

`ApiError` is an `UnexpectedStatus`, which `sync` and `sync_detailed` raise for an undocumented status when
`Client.raise_on_unexpected_status` is set: code that catches `UnexpectedStatus` catches both.
"""

import contextlib
from collections.abc import Iterator
from typing import Any

import httpx

from .models.error import Error
from .retries import retry_after_seconds
from .types import Unset


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class ApiError(UnexpectedStatus):
    """The server answered with an error status; a subclass names the status, when it has one.

    Attributes:
        response: The answer, read.
        status: Its HTTP status (also `status_code`).
        problem: Its problem document (RFC 9457), or None when its body is none (a proxy's page, an OpenAI-shaped
            error of the OpenAI-compatible routes).
        title: The problem's title, else the status's reason phrase.
        detail: The problem's detail, naming what is wrong, else an OpenAI-shaped error's message or the body's text.
        type: The problem's type URI, or None.
        operation_id: The operation the problem names, else the one called (None when not known).
        request_id: The problem's `request_id`, else the answer's `X-Request-ID` header (None when neither).
    """

    def __init__(self, response: httpx.Response, *, operation_id: str | None = None) -> None:
        self.response = response
        self.status: int = response.status_code
        self.status_code = response.status_code
        self.content = response.content
        self.problem: Error | None = _problem(response)
        problem = self.problem
        self.title: str = problem.title if problem else (response.reason_phrase or "Error")
        self.detail: str = problem.detail if problem else _detail(response)
        self.type: str | None = problem.type_ if problem else None
        self.operation_id: str | None = _given(problem.operation_id if problem else None) or operation_id
        self.request_id: str | None = _given(problem.request_id if problem else None) or response.headers.get(
            "X-Request-ID"
        )
        Exception.__init__(self, self._message())

    @staticmethod
    def from_response(response: httpx.Response, *, operation_id: str | None = None) -> "ApiError":
        """The error of `response` (read), of the class of its status (`STATUS_ERRORS`), ApiError for another."""
        return STATUS_ERRORS.get(response.status_code, ApiError)(response, operation_id=operation_id)

    @property
    def retry_after(self) -> float | None:
        """The seconds the answer's `Retry-After` header asks to wait (429, 503), or None when it has none."""
        return retry_after_seconds(self.response.headers)

    def _message(self) -> str:
        where = ", ".join(
            f"{name} {value}"
            for name, value in (("operation", self.operation_id), ("request", self.request_id))
            if value
        )
        return f"{self.title} (status code: {self.status}): {self.detail}" + (f" [{where}]" if where else "")


class BadRequestError(ApiError):
    """400: the request is malformed, or names a value the operation cannot take."""


class ForbiddenError(ApiError):
    """403: the request names something the server's configuration does not allow."""


class NotFoundError(ApiError):
    """404: something the request names does not exist."""


class ConflictError(ApiError):
    """409: the request conflicts with what exists, such as an id already taken."""


class ContentTooLargeError(ApiError):
    """413: the request body is larger than the server takes."""


class UnprocessableEntityError(ApiError):
    """422: the body does not match the operation's schema."""


class RateLimitError(ApiError):
    """429: too many requests; `retry_after` says how long to wait (the client retried already)."""


class InternalServerError(ApiError):
    """500: the server failed; nothing the request holds is at fault."""


class NotImplementedApiError(ApiError):
    """501: the server does not implement the operation."""


class ServiceUnavailableError(ApiError):
    """503: the server is too busy; `retry_after` says how long to wait (the client retried already)."""


class GatewayTimeoutError(ApiError):
    """504: the server gave up waiting, such as for a stalled model."""


STATUS_ERRORS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: ContentTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    501: NotImplementedApiError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}


class ApiConnectionError(httpx.TransportError):
    """No answer came, after the client's retries: the server could not be reached, or the connection failed.

    httpx's error is the `__cause__`; `operation_id` is the operation called (None when not known).
    """

    def __init__(self, message: str, *, request: httpx.Request | None = None, operation_id: str | None = None) -> None:
        super().__init__(message, request=request)
        self.operation_id = operation_id

    @classmethod
    def from_httpx(cls, error: httpx.TransportError, *, operation_id: str | None = None) -> "ApiConnectionError":
        try:
            request: httpx.Request | None = error.request
        except RuntimeError:  # httpx raised it before it had a request
            request = None
        target = f" {request.method} {request.url}" if request is not None else ""
        reason = str(error) or type(error).__name__
        return cls(f"no answer to{target or ' the request'}: {reason}", request=request, operation_id=operation_id)


class ApiTimeoutError(ApiConnectionError, httpx.TimeoutException):
    """No answer came within the client's timeout, after its retries."""


@contextlib.contextmanager
def connection_errors(*, operation_id: str | None = None) -> Iterator[None]:
    """Raise httpx's transport errors within as ApiConnectionError (ApiTimeoutError for a timeout)."""
    try:
        yield
    except ApiConnectionError:
        raise
    except httpx.TimeoutException as error:
        raise ApiTimeoutError.from_httpx(error, operation_id=operation_id) from error
    except httpx.TransportError as error:
        raise ApiConnectionError.from_httpx(error, operation_id=operation_id) from error


def raise_for_status(response: httpx.Response, *, operation_id: str | None = None) -> None:
    """Raise the ApiError of `response` (read) unless its status is a success (2xx)."""
    if not response.is_success:
        raise ApiError.from_response(response, operation_id=operation_id)


def _problem(response: httpx.Response) -> Error | None:
    try:
        document = response.json()
        return Error.from_dict(document) if isinstance(document, dict) else None
    except (ValueError, KeyError, TypeError):
        return None


def _detail(response: httpx.Response) -> str:
    """An error's text when it is no problem document: an OpenAI-shaped error's message, else the body's text."""
    try:
        document: Any = response.json()
        message = document["error"]["message"]
        if isinstance(message, str):
            return message
    except (ValueError, KeyError, TypeError):
        pass
    return response.text[:2000]


def _given(value: str | Unset | None) -> str | None:
    return value if isinstance(value, str) and value else None


__all__ = [
    "STATUS_ERRORS",
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "BadRequestError",
    "ConflictError",
    "ContentTooLargeError",
    "ForbiddenError",
    "GatewayTimeoutError",
    "InternalServerError",
    "NotFoundError",
    "NotImplementedApiError",
    "RateLimitError",
    "ServiceUnavailableError",
    "UnexpectedStatus",
    "UnprocessableEntityError",
    "connection_errors",
    "raise_for_status",
]
