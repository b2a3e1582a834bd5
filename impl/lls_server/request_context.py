"""What the server knows of the request being handled, wherever code runs for it: its id (for problem documents
and log lines) and the tokens its generations used (for its access log line).

`RequestContext` (observability.py) sets it when a request comes in. Tasks and worker threads started while
handling the request copy the context, and so see the same `RequestInfo`: what they add to it is the request's.
Work of its own (jobs) runs in an empty context, where there is no request.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

NO_REQUEST = "-"  # what log lines made outside any request show as their request id
# A client's own X-Request-ID is kept when it is printable ASCII of at most 128 characters.
CLIENTS_REQUEST_ID = re.compile(r"[\x20-\x7e]{1,128}")


@dataclass
class RequestInfo:
    request_id: str
    generations: int = 0  # generations (and scorings) that finished for this request
    prompt_tokens: int = 0
    completion_tokens: int = 0


CURRENT: ContextVar[RequestInfo | None] = ContextVar("lls_request", default=None)


def request_id_for(given: str | None) -> str:
    """The client's own request id where it is one to keep, else a new one."""
    if given is not None and CLIENTS_REQUEST_ID.fullmatch(given) and given.strip():
        return given
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    info = CURRENT.get()
    return info.request_id if info is not None else None


def add_tokens(prompt_tokens: int, completion_tokens: int) -> None:
    """Count a finished generation's tokens towards the current request, if there is one: once a generation."""
    info = CURRENT.get()
    if info is not None:
        info.generations += 1
        info.prompt_tokens += prompt_tokens
        info.completion_tokens += completion_tokens


class RequestIdFilter(logging.Filter):
    """Gives each record a `request_id`: the request being handled where it was made, else "-". Installed on the
    handler that the server's log goes to (cli.py), so that records of every logger get it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or NO_REQUEST
        return True
