"""The tools an agent's model calls over HTTP: custom tools with a REST `execution_config`, `brave_search` and
`wolfram_alpha`.

Each answers a text the model reads as the tool's response. Whatever goes wrong at the other end (no answer within
`agents.tool_timeout_seconds`, a refused connection, an address the run config's outgoing policy denies, a status
other than 2xx, an answer that is not what the service documents) is such a text too, starting `error:`, never an
exception that would fail the turn. What the model reads is cut to `agents.tool_output_bytes`, and says so.
"""

from __future__ import annotations

import abc
import codecs
import html
import json
import logging
import re
from collections.abc import Mapping
from typing import Protocol

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from lls_api import models

from ..config import AgentsConfig, SearchApiConfig
from ..errors import InvalidRequest
from ..safety.rest_shield import EndpointAnswer, EndpointFailed, call_endpoint
from ..sources import shorten
from ..url_policy import AddressPolicy, DeniedAddress

TIMEOUT_SETTING = "agents.tool_timeout_seconds"
BRAVE_URL = "https://api.search.brave.com/res/v1/web/search"
WOLFRAM_URL = "https://api.wolframalpha.com/v2/query"
MAX_SEARCH_ANSWER_BYTES = 4 * 1024 * 1024  # what is read of a search service's JSON, before it is summarised
BRAVE_RESULTS = 3  # web results the model is given, as Meta's brave_search tool gives (its top_k)
ERROR_BODY_CHARS = 200  # what an error text quotes of an error answer's body

log = logging.getLogger("lls.agents")


class WebTool(Protocol):
    async def run(self, arguments: Mapping[str, object]) -> str:
        """The tool's response to a call with the model's `arguments`; remote failures are `error:` texts."""
        ...


class RestTool:
    """A custom tool at its definition's `execution_config`, called with the model's arguments.

    GET sends them as query parameters, other methods as a JSON object. The config's own `params` (and, in the
    JSON object, its `body` fields) are added to them and win: the model fills in the arguments, it cannot replace
    what the tool's definition fixes. The config's `headers` are sent as they are. Arguments that are null are left
    out of query parameters; a call without a required one (the definition's `parameters`) is an error text, and
    nothing is sent. The answer's body, as text, is the tool's response.
    """

    def __init__(
        self, definition: models.AgenticSystemToolDefinition, policy: AddressPolicy, timeout: float, output_bytes: int
    ):
        self.name = str(definition.tool_name)  # a StrEnum's str() is its value
        if definition.execution_config is None:
            raise InvalidRequest(f"tool {self.name!r} has no execution_config: the client runs it")
        self.endpoint = definition.execution_config
        if not self.endpoint.url.lower().startswith(("http://", "https://")):
            raise InvalidRequest(f"tool {self.name!r}: its execution_config's url must be http(s)://")
        self.parameters = definition.parameters or {}
        self.policy = policy
        self.timeout = timeout
        self.output_bytes = output_bytes

    async def run(self, arguments: Mapping[str, object]) -> str:
        missing = [name for name, param in self.parameters.items() if param.required and arguments.get(name) is None]
        if missing:
            return f"error: tool {self.name!r} needs the argument(s) {', '.join(missing)}"
        params: dict[str, str | list[str]] = {}
        content = None
        headers = dict(self.endpoint.headers or {})
        if self.endpoint.method is models.RestAPIMethod.GET:
            params = {name: query_value(value) for name, value in arguments.items() if value is not None}
        else:
            content = json.dumps({**arguments, **(self.endpoint.body or {})}, default=str).encode()
            headers["Content-Type"] = "application/json"
        params.update(self.endpoint.params or {})
        answer = await call(
            f"tool {self.name!r}",
            self.policy,
            self.endpoint.method.value,
            self.endpoint.url,
            params=params,
            headers=headers,
            content=content,
            timeout=self.timeout,
            limit=self.output_bytes,
        )
        if isinstance(answer, str):
            return answer
        if not answer.body:
            return f"(the tool's endpoint answered HTTP {answer.status} with no body)"
        return cut(answer.body, answer.cut, self.output_bytes)


class SearchService(abc.ABC):
    """A search service's client: its key (read when the server starts), endpoint and limits."""

    name: str
    """The tool's name."""
    default_url: str
    asks_for: str
    """What the model's `query` is, in the error for a missing one."""

    def __init__(self, config: SearchApiConfig, policy: AddressPolicy, timeout: float, output_bytes: int):
        self.key = config.key()
        self.url = config.url or self.default_url
        self.policy = policy
        self.timeout = timeout
        self.output_bytes = output_bytes

    async def run(self, arguments: Mapping[str, object]) -> str:
        query = arguments.get("query")
        if not isinstance(query, str) or not query.strip():
            return f"error: {self.name} takes {self.asks_for} as the string argument `query`"
        return await self.search(query)

    @abc.abstractmethod
    async def search(self, query: str) -> str:
        """The service's answer to the query, as the model reads it."""


class BraveSearch(SearchService):
    """`brave_search`: Brave's Web Search API, the model's `query` as `q`; the response is the top web results'
    titles, URLs and descriptions, as JSON."""

    default_url = BRAVE_URL
    asks_for = "what to search the web for"
    name = "brave_search"

    async def search(self, query: str) -> str:
        answer = await search_call(
            "Brave Search",
            self.policy,
            self.url,
            params={"q": query},
            headers={"X-Subscription-Token": self.key, "Accept": "application/json"},
            timeout=self.timeout,
        )
        if isinstance(answer, str):
            return answer
        try:
            found = _BraveAnswer.model_validate_json(answer)
        except ValidationError as exc:
            return f"error: Brave Search failed: its answer is not a web search result: {first_problem(exc)}"
        if not found.web.results:
            return f"Brave Search found no web results for {query!r}."
        top_k = [
            {"title": plain(result.title), "url": result.url, "description": plain(result.description)}
            for result in found.web.results[:BRAVE_RESULTS]
        ]
        summary = json.dumps({"query": found.query.original or query, "top_k": top_k}, ensure_ascii=False)
        return cut(summary.encode(), False, self.output_bytes)


class WolframAlpha(SearchService):
    """`wolfram_alpha`: Wolfram|Alpha's Full Results API, the model's `query` as `input`; the response is the
    pods' titles and plain texts, up to the result pod, as JSON."""

    default_url = WOLFRAM_URL
    asks_for = "what to ask"
    name = "wolfram_alpha"

    async def search(self, query: str) -> str:
        answer = await search_call(
            "Wolfram|Alpha",
            self.policy,
            self.url,
            params={"input": query, "appid": self.key, "format": "plaintext", "output": "json"},
            headers={"Accept": "application/json"},
            timeout=self.timeout,
        )
        if isinstance(answer, str):
            return answer
        try:
            result = _WolframAnswer.model_validate_json(answer).queryresult
        except ValidationError as exc:
            return f"error: Wolfram|Alpha failed: its answer is not a query result: {first_problem(exc)}"
        if isinstance(result.error, _WolframError):  # an invalid appid, an input it cannot take
            return f"error: Wolfram|Alpha failed: {result.error.msg or 'an error with no message'}"
        if not result.success or not result.pods:
            return f"Wolfram|Alpha has no answer for {query!r}."
        summary = json.dumps({"query": query, "pods": pods_summary(result.pods)}, ensure_ascii=False)
        return cut(summary.encode(), False, self.output_bytes)


def builtin_search_tools(config: AgentsConfig, policy: AddressPolicy) -> dict[str, WebTool]:
    """The search tools the run config sets up, by tool name; a ConfigError names a key's unset variable."""
    tools: dict[str, WebTool] = {}
    if config.brave_search is not None:
        tools["brave_search"] = BraveSearch(
            config.brave_search, policy, config.tool_timeout_seconds, config.tool_output_bytes
        )
    if config.wolfram_alpha is not None:
        tools["wolfram_alpha"] = WolframAlpha(
            config.wolfram_alpha, policy, config.tool_timeout_seconds, config.tool_output_bytes
        )
    return tools


async def call(
    what: str,
    policy: AddressPolicy,
    method: str,
    url: str,
    *,
    params: Mapping[str, str | list[str]],
    headers: Mapping[str, str],
    content: bytes | None,
    timeout: float,
    limit: int,
) -> EndpointAnswer | str:
    """The endpoint's 2xx answer, or the `error:` text the model reads instead; `what` names the tool in it."""
    try:
        answer = await call_endpoint(
            policy,
            method,
            url,
            params=params,
            headers=headers,
            content=content,
            timeout=timeout,
            timeout_setting=TIMEOUT_SETTING,
            limit=limit,
        )
    except DeniedAddress as exc:
        return f"error: {what} failed: {exc.detail}"
    except (EndpointFailed, httpx.InvalidURL) as exc:
        # Logged without the query, which may hold a key (Wolfram|Alpha's appid).
        log.warning("%s at %s: %s", what, shorten(url), exc)
        return f"error: {what} failed: {exc}"
    if not answer.is_success:
        start = " ".join(answer.body.decode("utf-8", "replace").split())[:ERROR_BODY_CHARS]
        log.warning("%s at %s answered HTTP %d", what, shorten(url), answer.status)
        return f"error: {what} failed: the endpoint answered HTTP {answer.status}" + (f": {start}" if start else "")
    return answer


async def search_call(
    what: str, policy: AddressPolicy, url: str, *, params: dict[str, str], headers: dict[str, str], timeout: float
) -> bytes | str:
    """A search service's whole JSON answer, or the `error:` text the model reads instead."""
    answer = await call(
        what,
        policy,
        "GET",
        url,
        params=params,
        headers=headers,
        content=None,
        timeout=timeout,
        limit=MAX_SEARCH_ANSWER_BYTES,
    )
    if isinstance(answer, str):
        return answer
    if answer.cut:
        return f"error: {what} failed: its answer is longer than {MAX_SEARCH_ANSWER_BYTES} bytes"
    return answer.body


def query_value(value: object) -> str | list[str]:
    """A model's argument as a query parameter: strings as they are, lists as repeated parameters, anything else
    as JSON (`true`, `3.5`, `{"a": 1}`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return [item if isinstance(item, str) else json.dumps(item) for item in value if item is not None]
    return json.dumps(value, default=str)


def cut(body: bytes, longer: bool, limit: int) -> str:
    """`body` as text, at most `limit` bytes of it (no character split); a note says so when there was more."""
    if len(body) <= limit and not longer:
        return body.decode("utf-8", "replace")
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(body[:limit])  # final=False: drops a split char
    return f"{text}\n[cut: the answer goes on past {limit} bytes]"


def first_problem(exc: ValidationError) -> str:
    problem = exc.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "the answer"
    return f"{where}: {problem['msg']}"


TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Brave's display strings without their markup (`<strong>` around the words searched for, `&#x27;`)."""
    return html.unescape(TAG.sub("", text))


def pods_summary(pods: list[_Pod]) -> list[dict[str, object]]:
    """Each pod's title and its subpods' plain texts, up to the result pod (as Meta's wolfram_alpha tool meant to);
    all of them when none is."""
    summary: list[dict[str, object]] = []
    for pod in pods:
        texts = [f"{sub.title}: {text}" if sub.title else text for sub in pod.subpods if (text := sub.plaintext)]
        if texts:
            summary.append({"title": pod.title, "subpods": texts})
        if pod.primary or pod.title == "Result":
            break
    return summary


# The parts of the services' JSON the summaries read; everything else is ignored.


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _BraveResult(_Lenient):
    title: str = ""
    url: str = ""
    description: str = ""


class _BraveResults(_Lenient):
    results: list[_BraveResult] = []


class _BraveQuery(_Lenient):
    original: str | None = None


class _BraveAnswer(_Lenient):
    query: _BraveQuery = _BraveQuery()
    web: _BraveResults = _BraveResults()
    """Absent when nothing was found."""


class _Subpod(_Lenient):
    title: str = ""
    plaintext: str | None = None


class _Pod(_Lenient):
    title: str = ""
    primary: bool = False
    subpods: list[_Subpod] = []


class _WolframError(_Lenient):
    code: str | int | None = None
    msg: str = ""


class _QueryResult(_Lenient):
    success: bool
    error: bool | _WolframError = False
    pods: list[_Pod] = []


class _WolframAnswer(_Lenient):
    queryresult: _QueryResult
