"""The agents' HTTP tools against a local HTTP server: REST custom tools, and brave_search and wolfram_alpha served
the JSON their APIs document."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from lls_api import models
from lls_server.agents.web_tools import BraveSearch, RestTool, WebTool, WolframAlpha, builtin_search_tools
from lls_server.config import AgentsConfig, ConfigError, SearchApiConfig
from lls_server.errors import InvalidRequest
from lls_server.testing import JsonEndpoint, free_port
from lls_server.url_policy import AddressPolicy

ALLOWED = AddressPolicy(["127.0.0.1"], setting="outgoing.allowed_hosts")
DEFAULT = AddressPolicy([], setting="outgoing.allowed_hosts")
TIMEOUT = 0.5
OUTPUT_BYTES = 1024

# Brave's Web Search API, for `q=llama stack` (abridged: four results, fewer fields than it sends).
BRAVE_ANSWER = {
    "type": "search",
    "query": {"original": "llama stack", "show_strict_warning": False, "is_navigational": False, "country": "us"},
    "mixed": {"type": "mixed", "main": [{"type": "web", "index": i, "all": False} for i in range(4)], "top": []},
    "web": {
        "type": "search",
        "results": [
            {
                "title": "GitHub - meta-llama/<strong>llama-stack</strong>: Composable building blocks",
                "url": "https://github.com/meta-llama/llama-stack",
                "is_source_local": False,
                "description": "Llama <strong>Stack</strong> is the building blocks of AI apps: it&#x27;s one API.",
                "page_age": "2024-11-20T12:00:00",
                "profile": {"name": "GitHub", "url": "https://github.com", "long_name": "github.com"},
                "language": "en",
                "family_friendly": True,
                "type": "search_result",
                "subtype": "generic",
                "meta_url": {"scheme": "https", "netloc": "github.com", "path": "\u203a meta-llama \u203a llama-stack"},
                "age": "November 20, 2024",
            },
            {
                "title": "Llama <strong>Stack</strong> documentation",
                "url": "https://llama-stack.readthedocs.io/",
                "description": "Getting started with Llama <strong>Stack</strong>.",
                "type": "search_result",
            },
            {
                "title": "Introducing Llama 3.1",
                "url": "https://ai.meta.com/blog/meta-llama-3-1/",
                "description": "The Llama <strong>Stack</strong> API, an RFC.",
                "type": "search_result",
                "extra_snippets": ["More about it."],
            },
            {"title": "A fourth", "url": "https://example.com/4", "description": "Not given.", "type": "search_result"},
        ],
        "family_friendly": True,
    },
}
BRAVE_NOTHING = {"type": "search", "query": {"original": "zzqxj"}, "mixed": {"type": "mixed", "main": []}}

# Wolfram|Alpha's Full Results API, `format=plaintext&output=json`, for `input=sqrt(2)` (abridged).
WOLFRAM_ANSWER = {
    "queryresult": {
        "success": True,
        "error": False,
        "numpods": 4,
        "datatypes": "",
        "timedout": "",
        "timing": 0.93,
        "parsetiming": 0.12,
        "id": "MSP123",
        "host": "https://www6b3.wolframalpha.com",
        "server": "6",
        "version": "2.6",
        "inputstring": "sqrt(2)",
        "pods": [
            {
                "title": "Input",
                "scanner": "Identity",
                "id": "Input",
                "position": 100,
                "error": False,
                "numsubpods": 1,
                "subpods": [{"title": "", "plaintext": "sqrt(2)"}],
                "expressiontypes": {"name": "Default"},
            },
            {
                "title": "Decimal approximation",
                "scanner": "Numeric",
                "id": "DecimalApproximation",
                "position": 200,
                "error": False,
                "numsubpods": 1,
                "primary": True,
                "subpods": [{"title": "", "plaintext": "1.4142135623730950488016887242096980785696718753769..."}],
                "states": [{"name": "More digits", "input": "DecimalApproximation__More digits"}],
            },
            {
                "title": "Continued fraction",
                "scanner": "ContinuedFraction",
                "id": "ContinuedFraction",
                "position": 300,
                "error": False,
                "numsubpods": 1,
                "subpods": [{"title": "", "plaintext": "[1; 2^_]"}],
            },
        ],
    }
}
WOLFRAM_POPULATION = {
    "queryresult": {
        "success": True,
        "error": False,
        "pods": [
            {"title": "Input interpretation", "subpods": [{"title": "", "plaintext": "France | population"}]},
            {"title": "Result", "subpods": [{"title": "", "plaintext": "68.4 million people (world rank: 20th)"}]},
            {"title": "Recent population history", "subpods": [{"title": "", "plaintext": None}]},
        ],
    }
}
WOLFRAM_NO_ANSWER = {"queryresult": {"success": False, "error": False, "numpods": 0, "tips": {"text": "Check it"}}}
WOLFRAM_BAD_APPID = {"queryresult": {"success": False, "error": {"code": "1", "msg": "Invalid appid"}, "numpods": 0}}


def service_answer(request: dict[str, Any]) -> tuple[int, Any]:
    """Brave at /res/v1/web/search, Wolfram|Alpha at /v2/query, and tool endpoints."""
    path, query = request["path"], request["query"]
    if path == "/res/v1/web/search":
        return 200, BRAVE_NOTHING if query["q"] == ["zzqxj"] else BRAVE_ANSWER
    if path == "/v2/query":
        if query["appid"] != ["wolfram-key"]:
            return 200, WOLFRAM_BAD_APPID
        return 200, {"sqrt(2)": WOLFRAM_ANSWER, "population of France": WOLFRAM_POPULATION}.get(
            query["input"][0], WOLFRAM_NO_ANSWER
        )
    if path == "/slow":
        time.sleep(3)
    if path == "/error":
        return 500, b'{"detail":   "the weather\n service is down"}'
    if path == "/huge":
        return 200, ("é" * OUTPUT_BYTES).encode()  # 2 bytes each
    if path == "/html":
        return 200, b"<html>maintenance</html>"
    if path == "/empty":
        return 200, b""
    return 200, {"echo": request["json"], "query": query}


@pytest.fixture(scope="module")
def module_endpoint() -> Iterator[JsonEndpoint]:
    server = JsonEndpoint("127.0.0.1", service_answer)
    yield server
    server.stop()


@pytest.fixture
def endpoint(module_endpoint: JsonEndpoint) -> JsonEndpoint:
    module_endpoint.requests.clear()
    return module_endpoint


def rest_tool(url: str, method: str = "GET", policy: AddressPolicy = ALLOWED, **config: Any) -> RestTool:
    definition = models.AgenticSystemToolDefinition(
        tool_name="get_weather",
        description="The weather in a city",
        parameters={"city": models.ToolParamDefinition(param_type="string", required=True)},
        execution_config=models.RestAPIExecutionConfig(url=url, method=models.RestAPIMethod(method), **config),
    )
    return RestTool(definition, policy, TIMEOUT, OUTPUT_BYTES)


def run(tool: WebTool, **arguments: object) -> str:
    return asyncio.run(tool.run(arguments))


def search_config(endpoint: JsonEndpoint, key: str) -> SearchApiConfig:
    return SearchApiConfig(api_key=key, url=f"{endpoint.url}{'/res/v1/web/search' if 'brave' in key else '/v2/query'}")


# REST custom tools


def test_get_sends_the_arguments_as_query_parameters_and_the_config_s_own_win(endpoint: JsonEndpoint) -> None:
    tool = rest_tool(
        f"{endpoint.url}/weather", params={"units": "metric", "key": "fixed"}, headers={"Authorization": "Bearer t"}
    )
    answer = run(tool, city="Paris", days=3, hourly=True, key="the model's", tags=["a", "b"], region=None)
    (request,) = endpoint.requests
    assert request["method"] == "GET" and request["path"] == "/weather" and request["json"] is None
    expected = {"city": ["Paris"], "days": ["3"], "hourly": ["true"], "key": ["fixed"], "tags": ["a", "b"]}
    assert request["query"] == {**expected, "units": ["metric"]}
    assert request["headers"]["Authorization"] == "Bearer t"
    assert json.loads(answer) == {"echo": None, "query": {**expected, "units": ["metric"]}}


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_other_methods_send_a_json_object_with_the_config_s_body_fields(endpoint: JsonEndpoint, method: str) -> None:
    tool = rest_tool(
        f"{endpoint.url}/weather",
        method,
        params={"units": "metric"},
        headers={"X-Api-Key": "secret"},
        body={"source": "lls", "city": "fixed"},
    )
    answer = run(tool, city="Paris", days=3, options={"wind": True})
    (request,) = endpoint.requests
    sent = {"city": "fixed", "days": 3, "options": {"wind": True}, "source": "lls"}
    assert request["method"] == method and request["query"] == {"units": ["metric"]} and request["json"] == sent
    assert request["headers"]["X-Api-Key"] == "secret"
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(answer)["echo"] == sent


def test_a_missing_required_argument_is_an_error_without_a_call(endpoint: JsonEndpoint) -> None:
    assert run(rest_tool(f"{endpoint.url}/weather"), days=3) == "error: tool 'get_weather' needs the argument(s) city"
    assert endpoint.requests == []


def test_an_endpoint_past_the_timeout_is_an_error_at_the_timeout(endpoint: JsonEndpoint) -> None:
    started = time.monotonic()
    answer = run(rest_tool(f"{endpoint.url}/slow"), city="Paris")
    assert time.monotonic() - started < TIMEOUT + 0.5
    assert answer == "error: tool 'get_weather' failed: no answer within 0.5 s (agents.tool_timeout_seconds)"


def test_a_refused_connection_is_an_error() -> None:
    answer = run(rest_tool(f"http://127.0.0.1:{free_port()}/weather"), city="Paris")
    assert answer.startswith("error: tool 'get_weather' failed: cannot reach the endpoint (ConnectError")


def test_an_error_status_is_an_error_with_the_start_of_the_body(endpoint: JsonEndpoint) -> None:
    answer = run(rest_tool(f"{endpoint.url}/error", "POST"), city="Paris")
    assert answer == (
        'error: tool \'get_weather\' failed: the endpoint answered HTTP 500: {"detail": "the weather service is down"}'
    )


def test_the_answer_is_cut_at_output_bytes_and_says_so(endpoint: JsonEndpoint) -> None:
    answer = run(rest_tool(f"{endpoint.url}/huge"), city="Paris")
    text, note = answer.split("\n")
    assert text == "é" * (OUTPUT_BYTES // 2)
    assert note == f"[cut: the answer goes on past {OUTPUT_BYTES} bytes]"


def test_an_empty_answer_says_so(endpoint: JsonEndpoint) -> None:
    assert run(rest_tool(f"{endpoint.url}/empty"), city="Paris") == (
        "(the tool's endpoint answered HTTP 200 with no body)"
    )


def test_a_local_address_is_an_error_naming_the_policy_unless_allowed(endpoint: JsonEndpoint) -> None:
    answer = run(rest_tool(f"{endpoint.url}/weather", policy=DEFAULT), city="Paris")
    assert answer == (
        "error: tool 'get_weather' failed: 127.0.0.1 is a loopback address: the server connects to such addresses "
        "only for hosts listed in outgoing.allowed_hosts"
    )
    assert endpoint.requests == []
    assert json.loads(run(rest_tool(f"{endpoint.url}/weather"), city="Paris"))["query"] == {"city": ["Paris"]}


def test_a_tool_needs_an_http_execution_config() -> None:
    definition = models.AgenticSystemToolDefinition(
        tool_name="read", execution_config=models.RestAPIExecutionConfig(url="file:///etc/passwd", method="GET")
    )
    with pytest.raises(InvalidRequest, match=r"tool 'read': its execution_config's url must be http\(s\)://"):
        RestTool(definition, ALLOWED, TIMEOUT, OUTPUT_BYTES)


# brave_search


def test_brave_search_sends_the_query_and_key_and_summarises_the_top_web_results(endpoint: JsonEndpoint) -> None:
    answer = run(BraveSearch(search_config(endpoint, "brave-key"), ALLOWED, TIMEOUT, OUTPUT_BYTES), query="llama stack")
    (request,) = endpoint.requests
    assert request["method"] == "GET" and request["path"] == "/res/v1/web/search"
    assert request["query"] == {"q": ["llama stack"]}
    assert request["headers"]["X-Subscription-Token"] == "brave-key"
    assert request["headers"]["Accept"] == "application/json"
    assert json.loads(answer) == {
        "query": "llama stack",
        "top_k": [
            {
                "title": "GitHub - meta-llama/llama-stack: Composable building blocks",
                "url": "https://github.com/meta-llama/llama-stack",
                "description": "Llama Stack is the building blocks of AI apps: it's one API.",
            },
            {
                "title": "Llama Stack documentation",
                "url": "https://llama-stack.readthedocs.io/",
                "description": "Getting started with Llama Stack.",
            },
            {
                "title": "Introducing Llama 3.1",
                "url": "https://ai.meta.com/blog/meta-llama-3-1/",
                "description": "The Llama Stack API, an RFC.",
            },
        ],
    }


def test_brave_search_with_no_web_results_says_so(endpoint: JsonEndpoint) -> None:
    tool = BraveSearch(search_config(endpoint, "brave-key"), ALLOWED, TIMEOUT, OUTPUT_BYTES)
    assert run(tool, query="zzqxj") == "Brave Search found no web results for 'zzqxj'."


@pytest.mark.parametrize("arguments", [{}, {"query": 3}, {"query": " "}, {"q": "llama"}])
def test_search_tools_need_a_string_query(endpoint: JsonEndpoint, arguments: Mapping[str, object]) -> None:
    brave = BraveSearch(search_config(endpoint, "brave-key"), ALLOWED, TIMEOUT, OUTPUT_BYTES)
    wolfram = WolframAlpha(search_config(endpoint, "wolfram-key"), ALLOWED, TIMEOUT, OUTPUT_BYTES)
    assert asyncio.run(brave.run(arguments)) == (
        "error: brave_search takes what to search the web for as the string argument `query`"
    )
    assert asyncio.run(wolfram.run(arguments)) == (
        "error: wolfram_alpha takes what to ask as the string argument `query`"
    )
    assert endpoint.requests == []


def test_search_tools_report_an_endpoint_s_failure(endpoint: JsonEndpoint) -> None:
    brave = BraveSearch(SearchApiConfig(api_key="k", url=f"{endpoint.url}/error"), ALLOWED, TIMEOUT, OUTPUT_BYTES)
    assert run(brave, query="llama").startswith("error: Brave Search failed: the endpoint answered HTTP 500: ")
    wolfram = WolframAlpha(SearchApiConfig(api_key="k", url=f"{endpoint.url}/slow"), ALLOWED, TIMEOUT, OUTPUT_BYTES)
    assert run(wolfram, query="1+1") == (
        "error: Wolfram|Alpha failed: no answer within 0.5 s (agents.tool_timeout_seconds)"
    )
    html = BraveSearch(SearchApiConfig(api_key="k", url=f"{endpoint.url}/html"), ALLOWED, TIMEOUT, OUTPUT_BYTES)
    assert run(html, query="llama").startswith(
        "error: Brave Search failed: its answer is not a web search result: the answer: Invalid JSON"
    )
    echo = WolframAlpha(SearchApiConfig(api_key="k", url=f"{endpoint.url}/echo"), ALLOWED, TIMEOUT, OUTPUT_BYTES)
    assert run(echo, query="1+1") == (
        "error: Wolfram|Alpha failed: its answer is not a query result: queryresult: Field required"
    )
    brave_here = BraveSearch(search_config(endpoint, "brave-key"), DEFAULT, TIMEOUT, OUTPUT_BYTES)
    assert run(brave_here, query="llama").endswith("only for hosts listed in outgoing.allowed_hosts")


def test_a_search_summary_is_cut_at_output_bytes(endpoint: JsonEndpoint) -> None:
    answer = run(BraveSearch(search_config(endpoint, "brave-key"), ALLOWED, TIMEOUT, 100), query="llama stack")
    assert answer.endswith("\n[cut: the answer goes on past 100 bytes]")
    assert len(answer.split("\n")[0].encode()) == 100


# wolfram_alpha


def test_wolfram_alpha_sends_the_input_and_appid_and_summarises_the_pods_up_to_the_primary_one(
    endpoint: JsonEndpoint,
) -> None:
    answer = run(WolframAlpha(search_config(endpoint, "wolfram-key"), ALLOWED, TIMEOUT, OUTPUT_BYTES), query="sqrt(2)")
    (request,) = endpoint.requests
    assert request["method"] == "GET" and request["path"] == "/v2/query"
    assert request["query"] == {
        "input": ["sqrt(2)"],
        "appid": ["wolfram-key"],
        "format": ["plaintext"],
        "output": ["json"],
    }
    assert json.loads(answer) == {
        "query": "sqrt(2)",
        "pods": [
            {"title": "Input", "subpods": ["sqrt(2)"]},
            {"title": "Decimal approximation", "subpods": ["1.4142135623730950488016887242096980785696718753769..."]},
        ],
    }


def test_wolfram_alpha_stops_at_the_result_pod(endpoint: JsonEndpoint) -> None:
    tool = WolframAlpha(search_config(endpoint, "wolfram-key"), ALLOWED, TIMEOUT, OUTPUT_BYTES)
    assert json.loads(run(tool, query="population of France"))["pods"] == [
        {"title": "Input interpretation", "subpods": ["France | population"]},
        {"title": "Result", "subpods": ["68.4 million people (world rank: 20th)"]},
    ]


def test_wolfram_alpha_without_an_answer_or_with_an_error_says_so(endpoint: JsonEndpoint) -> None:
    tool = WolframAlpha(search_config(endpoint, "wolfram-key"), ALLOWED, TIMEOUT, OUTPUT_BYTES)
    assert run(tool, query="asdfghjkl") == "Wolfram|Alpha has no answer for 'asdfghjkl'."
    wrong_key = WolframAlpha(search_config(endpoint, "wolfram-wrong"), ALLOWED, TIMEOUT, OUTPUT_BYTES)
    assert run(wrong_key, query="sqrt(2)") == "error: Wolfram|Alpha failed: Invalid appid"


# The run config


def test_builtin_search_tools_are_the_configured_ones_with_keys_from_the_environment(
    endpoint: JsonEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert builtin_search_tools(AgentsConfig(), ALLOWED) == {}
    config = AgentsConfig.model_validate(
        {
            "brave_search": {"api_key_env": "TEST_BRAVE_KEY", "url": f"{endpoint.url}/res/v1/web/search"},
            "wolfram_alpha": {"api_key": "wolfram-key"},
            "tool_output_bytes": 2048,
        }
    )
    with pytest.raises(ConfigError, match=r"environment variable TEST_BRAVE_KEY \(.*\) is not set"):
        builtin_search_tools(config, ALLOWED)
    monkeypatch.setenv("TEST_BRAVE_KEY", "brave-from-env")
    tools = builtin_search_tools(config, ALLOWED)
    assert sorted(tools) == ["brave_search", "wolfram_alpha"]
    wolfram = tools["wolfram_alpha"]
    assert isinstance(wolfram, WolframAlpha) and wolfram.url == "https://api.wolframalpha.com/v2/query"
    assert wolfram.timeout == 10.0 and wolfram.output_bytes == 2048
    assert json.loads(run(tools["brave_search"], query="llama stack"))["query"] == "llama stack"
    assert endpoint.requests[0]["headers"]["X-Subscription-Token"] == "brave-from-env"
