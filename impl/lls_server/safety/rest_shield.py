"""REST shields (`third_party_shield`, custom ones): the messages are sent to an endpoint, which answers a verdict.

The request is the spec's `RestShieldRequest`, the answer its `RestShieldVerdict`. An endpoint that does not
answer within the timeout, cannot be reached, answers a status other than 2xx or something that is not a
verdict has failed: a `BadGateway`, which the Safety API reports as the verdict's `error` (a violation when the
server fails closed), never as "safe". Connections go through the run config's outgoing address policy, so a
shield URL cannot reach inside the server's network unless `outgoing.allowed_hosts` says so (403).

`call_endpoint`, one request with one deadline and a bounded answer, is the agents' HTTP tools' too.
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
from ..url_policy import AddressPolicy, DeniedAddress
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
        return self._verdict(await self._exchange(messages))

    def request_body(self, messages: Sequence[Message]) -> bytes:
        """The `RestShieldRequest`: the endpoint's `body` fields, then the server's own, which they cannot replace."""
        own = {"shield_type": self.shield_type, "messages": list(messages), "parameters": self.parameters or None}
        request = models.RestShieldRequest.model_validate({**(self.endpoint.body or {}), **own})
        return request.model_dump_json(exclude_none=True).encode()

    async def _exchange(self, messages: Sequence[Message]) -> bytes:
        url = self.endpoint.url
        try:
            answer = await call_endpoint(
                self.policy,
                self.endpoint.method.value,
                url,
                params=self.endpoint.params,
                headers={**(self.endpoint.headers or {}), "Content-Type": "application/json"},
                content=self.request_body(messages),
                timeout=self.timeout,
                timeout_setting=self.timeout_setting,
                limit=MAX_ANSWER_BYTES,
            )
        except DeniedAddress as exc:
            raise exc.in_context(f"shield {self.shield_type!r}: cannot send the messages to {shorten(url)}") from exc
        except httpx.InvalidURL as exc:
            raise InvalidRequest(f"shield {self.shield_type!r}: {shorten(url)} is not a valid URL: {exc}") from exc
        except EndpointFailed as exc:
            log.warning("REST shield %r at %s: %s", self.shield_type, shorten(url), exc)
            raise self._failed(str(exc)) from exc
        if not answer.is_success:
            raise self._failed(f"the endpoint answered HTTP {answer.status}")
        if answer.cut:
            raise self._failed(f"the endpoint's answer is longer than {MAX_ANSWER_BYTES} bytes")
        return answer.body

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


class EndpointFailed(Exception):
    """An HTTP endpoint gave no answer: none within the deadline, or it could not be reached. The message says which."""


@dataclass(frozen=True)
class EndpointAnswer:
    status: int
    body: bytes
    """The first `limit` bytes of the body at most."""
    cut: bool
    """Whether the body went on past them; no more of it was read."""

    @property
    def is_success(self) -> bool:
        return 200 <= self.status < 300


async def call_endpoint(
    policy: AddressPolicy,
    method: str,
    url: str,
    *,
    params: Mapping[str, str | list[str]] | None,
    headers: Mapping[str, str],
    content: bytes | None,
    timeout: float,
    timeout_setting: str,
    limit: int,
) -> EndpointAnswer:
    """One request through `policy`, no redirects followed, its answer read up to `limit` bytes, all of it within
    `timeout` seconds (`timeout_setting` names the config field that sets it, for the error that says it ran out).

    An answer of any status is returned; an endpoint that gives none is an `EndpointFailed`. `DeniedAddress` and
    `httpx.InvalidURL` (a URL httpx cannot send to) are raised as they are, for the caller to word.
    """
    # One deadline for the whole exchange: httpx's own timeouts apply to each socket operation, so an endpoint
    # sending a byte now and then could otherwise hold the request for as long as it liked.
    try:
        async with (
            asyncio.timeout(timeout),
            policy.client(follow_redirects=False, timeout=None) as client,
            client.stream(method, url, params=params, headers=headers, content=content) as response,
        ):
            body = bytearray()
            async for block in response.aiter_bytes():
                body += block
                if len(body) > limit:
                    return EndpointAnswer(response.status_code, bytes(body[:limit]), cut=True)
            return EndpointAnswer(response.status_code, bytes(body), cut=False)
    except TimeoutError as exc:
        raise EndpointFailed(f"no answer within {timeout:g} s ({timeout_setting})") from exc
    except httpx.HTTPError as exc:
        raise EndpointFailed(f"cannot reach the endpoint ({type(exc).__name__}: {exc or 'no detail'})") from exc
