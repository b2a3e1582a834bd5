"""REST shields (`third_party_shield`, custom ones): the messages are sent to an endpoint, which answers a verdict.

The request is the spec's `RestShieldRequest`, the answer its `RestShieldVerdict`. An endpoint that does not
answer within the timeout, cannot be reached, answers a status other than 2xx or something that is not a
verdict has failed: a `BadGateway`, which the Safety API reports as the verdict's `error` (a violation when the
server fails closed), never as "safe". Connections go through the run config's outgoing address policy, so a
shield URL cannot reach inside the server's network unless `outgoing.allowed_hosts` says so (403).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import httpx
from pydantic import ValidationError

from lls_api import models

from ..errors import BadGateway, InvalidRequest
from ..inference.chat_format import Message
from ..sources import shorten
from ..url_policy import AddressPolicy, DeniedAddress, body_within
from .shield import Verdict

MAX_ANSWER_BYTES = 64 * 1024  # a verdict is a few short strings; more is not one

log = logging.getLogger("lls.safety")


@dataclass(frozen=True)
class RestShield:
    """A shield at `endpoint`; `parameters` are a request's, sent along with the messages."""

    shield_type: str
    endpoint: models.RestAPIExecutionConfig
    description: str
    policy: AddressPolicy
    timeout: float
    timeout_setting: str
    """The run config field that sets `timeout`, for the error that says it ran out."""
    parameters: Mapping[str, models.ToolParamDefinition] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.endpoint.url.lower().startswith(("http://", "https://")):
            raise InvalidRequest(
                f"shield {self.shield_type!r}: a REST shield's url must be http(s)://, not {shorten(self.endpoint.url)}"
            )

    async def check(self, messages: Sequence[Message]) -> Verdict:
        # One deadline for the whole exchange: httpx's own timeouts apply to each socket operation, so an endpoint
        # sending a byte now and then could otherwise hold the request for as long as it liked.
        try:
            async with asyncio.timeout(self.timeout):
                answer = await self._exchange(messages)
        except TimeoutError as exc:
            raise self._failed(f"no answer within {self.timeout:g} s ({self.timeout_setting})") from exc
        return self._verdict(answer)

    def request_body(self, messages: Sequence[Message]) -> bytes:
        """The `RestShieldRequest`: the endpoint's `body` fields, then the server's own, which they cannot replace."""
        own = {"shield_type": self.shield_type, "messages": list(messages), "parameters": self.parameters or None}
        request = models.RestShieldRequest.model_validate({**(self.endpoint.body or {}), **own})
        return request.model_dump_json(exclude_none=True).encode()

    async def _exchange(self, messages: Sequence[Message]) -> bytes:
        url = self.endpoint.url
        try:
            async with (
                self.policy.client(follow_redirects=False, timeout=None) as client,
                client.stream(
                    self.endpoint.method.value,
                    url,
                    params=self.endpoint.params,
                    headers={**(self.endpoint.headers or {}), "Content-Type": "application/json"},
                    content=self.request_body(messages),
                ) as response,
            ):
                if not response.is_success:
                    raise self._failed(f"the endpoint answered HTTP {response.status_code}")
                answer = await body_within(response, MAX_ANSWER_BYTES)
                if answer is None:
                    raise self._failed(f"the endpoint's answer is longer than {MAX_ANSWER_BYTES} bytes")
                return answer
        except DeniedAddress as exc:
            raise exc.in_context(f"shield {self.shield_type!r}: cannot send the messages to {shorten(url)}") from exc
        except httpx.InvalidURL as exc:
            raise InvalidRequest(f"shield {self.shield_type!r}: {shorten(url)} is not a valid URL: {exc}") from exc
        except httpx.HTTPError as exc:
            log.warning("REST shield %r at %s: %r", self.shield_type, url, exc)
            raise self._failed(f"cannot reach the endpoint ({type(exc).__name__}: {exc or 'no detail'})") from exc

    def _verdict(self, answer: bytes) -> Verdict:
        try:
            verdict = models.RestShieldVerdict.model_validate_json(answer)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(part) for part in problem["loc"]) or "the answer"
            raise self._failed(f"the endpoint's answer is not a verdict: {where}: {problem['msg']}") from exc
        if not verdict.is_violation:
            return Verdict()
        return Verdict(
            violation_type=verdict.violation_type or self.shield_type,
            message=verdict.violation_return_message or f"{self.shield_type} found a violation.",
        )

    def _failed(self, why: str) -> BadGateway:
        return BadGateway(f"shield {self.shield_type!r} failed: {why}")
