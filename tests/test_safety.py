"""The Safety API end to end: the generated client against `lls serve`, with bandit and REST shields served by a
local HTTP server (allowed through the run config's outgoing.allowed_hosts)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from lls_client import Client
from lls_client.api.safety import list_shields, run_shields
from lls_client.models import Error, RunShieldsRequest, RunShieldsResponse, Shield, ShieldResponse
from lls_server.testing import JsonEndpoint, LiveServer, write_config

pytestmark = pytest.mark.slow

TIMEOUT_SECONDS = 1.0
SLOW_SECONDS = 3.0
BAD_CODE = "```python\nimport subprocess\nsubprocess.call(cmd, shell=True)\n```"
RUDE = {"is_violation": True, "violation_type": "rudeness", "violation_return_message": "Please keep it civil."}
# What the local shield answers on each path: a status and a body (a JSON value, or raw bytes).
ANSWERS: dict[str, tuple[int, Any]] = {
    "/safe": (200, {"is_violation": False, "score": 0.01}),  # other fields are let pass
    "/unsafe": (200, RUDE),
    "/unsafe-bare": (200, {"is_violation": True}),
    "/error": (500, {"detail": "the shield crashed"}),
    "/not-json": (200, b"<html>maintenance</html>"),
    "/not-a-verdict": (200, {"verdict": "safe"}),
    "/huge": (200, {"is_violation": False, "padding": "x" * 100_000}),
    "/slow": (200, {"is_violation": False}),
}


def shield_answer(request: dict[str, Any]) -> tuple[int, Any]:
    """What the local shield answers: as ANSWERS says, /slow after SLOW_SECONDS."""
    if request["path"] == "/slow":
        time.sleep(SLOW_SECONDS)
    return ANSWERS[request["path"]]


@pytest.fixture(scope="module")
def shield() -> Iterator[JsonEndpoint]:
    server = JsonEndpoint("127.0.0.1", shield_answer)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def other_host() -> Iterator[JsonEndpoint]:
    """A shield on 127.0.0.2: loopback too on Linux, but not in the servers' outgoing.allowed_hosts."""
    server = JsonEndpoint("127.0.0.2", shield_answer)
    yield server
    server.stop()


def safety_section(shield: JsonEndpoint, fail_closed: bool) -> dict[str, Any]:
    return {
        "fail_closed": fail_closed,
        "rest_timeout_seconds": TIMEOUT_SECONDS,
        "third_party": {"url": f"{shield.url}/safe", "headers": {"Authorization": "Bearer config-secret"}},
        "custom": [
            {
                "shield_type": "civility",
                "description": "Rude words, judged by the local shield",
                "execution_config": {
                    "url": f"{shield.url}/unsafe",
                    "params": {"lang": "en"},
                    "body": {"tone": "strict"},
                },
            },
            {"shield_type": "crashing", "execution_config": {"url": f"{shield.url}/error", "method": "PUT"}},
        ],
    }


def start(tmp_path_factory: pytest.TempPathFactory, shield: JsonEndpoint, *, fail_closed: bool) -> LiveServer:
    return LiveServer(
        write_config(
            tmp_path_factory.mktemp("safety"),
            models=[],
            outgoing={"allowed_hosts": ["127.0.0.1"]},
            safety=safety_section(shield, fail_closed),
        )
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shield: JsonEndpoint) -> Iterator[LiveServer]:
    live = start(tmp_path_factory, shield, fail_closed=True)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory, shield: JsonEndpoint) -> Iterator[LiveServer]:
    """The same, failing open: a shield that fails reports no violation."""
    live = start(tmp_path_factory, shield, fail_closed=False)
    yield live
    live.stop()


def api(server: LiveServer) -> Client:
    return Client(base_url=server.base_url, timeout=httpx.Timeout(30))


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def run(server: LiveServer, shields: list[dict[str, Any]], messages: list[dict[str, Any]] | None = None) -> Any:
    body = RunShieldsRequest.from_dict({"messages": messages or [user("Hello there")], "shields": shields})
    with api(server) as client:
        return run_shields.sync_detailed(client=client, body=body)


def verdicts(
    server: LiveServer, shields: list[dict[str, Any]], messages: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    answer = run(server, shields, messages)
    assert answer.status_code == 200 and isinstance(answer.parsed, RunShieldsResponse), answer.content
    assert all(isinstance(verdict, ShieldResponse) for verdict in answer.parsed.responses)
    return [verdict.to_dict() for verdict in answer.parsed.responses]


def refused(server: LiveServer, shields: list[dict[str, Any]], status: int) -> str:
    answer = run(server, shields)
    assert answer.status_code == status and isinstance(answer.parsed, Error), answer.content
    assert answer.headers["content-type"] == "application/problem+json"
    return answer.parsed.detail


def each_action(shield_type: str, **definition: Any) -> list[dict[str, Any]]:
    return [{"shield_type": shield_type, "on_violation_action": action, **definition} for action in (0, 1, 2)]


def test_list_shields_names_the_configured_shields_with_what_they_check(server: LiveServer) -> None:
    with api(server) as client:
        listed = list_shields.sync(client=client)
    assert isinstance(listed, list) and all(isinstance(shield, Shield) for shield in listed)
    described = {shield.shield_type: shield.description for shield in listed}
    assert list(described) == ["code_scanner_guard", "third_party_shield", "civility", "crashing"]
    assert "scanned by bandit" in described["code_scanner_guard"]
    assert "third-party REST shield" in described["third_party_shield"]
    assert described["civility"] == "Rude words, judged by the local shield"


def test_each_action_on_the_code_scanners_finding(server: LiveServer) -> None:
    messages = [
        user("Can you run this?"),
        {"role": "assistant", "content": BAD_CODE, "stop_reason": "end_of_turn", "tool_calls": []},
    ]
    ignored, warned, raised = verdicts(server, each_action("code_scanner_guard"), messages)
    found = {"shield_type": "code_scanner_guard", "violation_type": "B404:2,B602:3"}
    assert ignored == found | {"is_violation": False}
    message = warned.pop("violation_return_message")
    assert "message 2, line 3: B602 (high severity) subprocess call with shell=True" in message
    assert warned == found | {"is_violation": False}
    assert raised == found | {"is_violation": True, "violation_return_message": message}
    clean = verdicts(server, each_action("code_scanner_guard"), [user("```python\nprint(sum(range(10)))\n```")])
    assert clean == [{"shield_type": "code_scanner_guard", "is_violation": False}] * 3


def test_each_action_on_a_rest_shields_finding(server: LiveServer, shield: JsonEndpoint) -> None:
    ignored, warned, raised = verdicts(server, each_action("civility"))
    found = {"shield_type": "civility", "violation_type": "rudeness"}
    assert ignored == found | {"is_violation": False}
    assert warned == found | {"is_violation": False, "violation_return_message": "Please keep it civil."}
    assert raised == found | {"is_violation": True, "violation_return_message": "Please keep it civil."}
    assert (
        verdicts(server, each_action("third_party_shield"))
        == [{"shield_type": "third_party_shield", "is_violation": False}] * 3
    )
    # A violation with neither type nor message: the shield's type, and a message that names it.
    bare = {"url": f"{shield.url}/unsafe-bare", "method": "POST"}
    assert verdicts(server, [{"shield_type": "bare", "on_violation_action": 2, "execution_config": bare}]) == [
        {
            "shield_type": "bare",
            "is_violation": True,
            "violation_type": "bare",
            "violation_return_message": "bare found a violation.",
        }
    ]


def test_a_rest_shield_is_sent_the_messages_as_the_run_config_says(server: LiveServer, shield: JsonEndpoint) -> None:
    messages = [
        {"role": "system", "content": "Be brief."},
        user("Hello there"),
        {
            "role": "assistant",
            "content": "",
            "stop_reason": "end_of_message",
            "tool_calls": [{"call_id": "c1", "tool_name": "code_interpreter", "arguments": {"code": "print(1)"}}],
        },
        {"role": "ipython", "call_id": "c1", "tool_name": "code_interpreter", "content": "1"},
    ]
    shield.requests.clear()
    verdicts(server, [{"shield_type": "third_party_shield", "on_violation_action": 1}], messages)
    verdicts(server, [{"shield_type": "civility", "on_violation_action": 1}], messages[:2])
    third_party, civility = shield.requests
    assert third_party["method"] == "POST" and third_party["path"] == "/safe"
    assert third_party["json"] == {"shield_type": "third_party_shield", "messages": messages}
    assert third_party["headers"]["Authorization"] == "Bearer config-secret"
    assert third_party["headers"]["Content-Type"] == "application/json"
    assert civility["query"] == {"lang": ["en"]}
    assert civility["json"] == {"tone": "strict", "shield_type": "civility", "messages": messages[:2]}


def test_a_requests_execution_config_is_used_as_given_without_the_run_configs_headers(
    server: LiveServer, shield: JsonEndpoint
) -> None:
    endpoint = {
        "url": f"{shield.url}/safe",
        "method": "PUT",
        "params": {"policy": "strict"},
        "headers": {"X-Tenant": "acme"},
        "body": {"tenant": "acme", "shield_type": "cannot-replace-the-servers"},
    }
    parameters = {"threshold": {"param_type": "float", "description": "how strict", "required": False}}
    shield.requests.clear()
    answer = verdicts(
        server,
        [
            {
                "shield_type": "third_party_shield",
                "on_violation_action": 2,
                "execution_config": endpoint,
                "parameters": parameters,
            }
        ],
    )
    assert answer == [{"shield_type": "third_party_shield", "is_violation": False}]
    (sent,) = shield.requests
    assert sent["method"] == "PUT" and sent["query"] == {"policy": ["strict"]}
    assert sent["headers"]["X-Tenant"] == "acme" and "Authorization" not in sent["headers"]
    assert sent["json"] == {
        "tenant": "acme",
        "shield_type": "third_party_shield",
        "messages": [user("Hello there")],
        "parameters": parameters,
    }


FAILURES = [
    # (what, path, words the error must contain)
    ("timeout", "/slow", [f"no answer within {TIMEOUT_SECONDS:g} s (safety.rest_timeout_seconds)"]),
    ("500", "/error", ["answered HTTP 500"]),
    ("not JSON", "/not-json", ["answer is not a verdict", "Invalid JSON"]),
    ("not a verdict", "/not-a-verdict", ["answer is not a verdict", "is_violation: Field required"]),
    ("too long", "/huge", ["longer than 65536 bytes"]),
    ("unreachable", "CLOSED", ["cannot reach the endpoint (ConnectError"]),
]


@pytest.mark.parametrize(("what", "path", "words"), FAILURES, ids=[case[0] for case in FAILURES])
def test_a_failing_rest_shield_is_an_explicit_outcome_a_violation_when_failing_closed(
    server: LiveServer, open_server: LiveServer, shield: JsonEndpoint, what: str, path: str, words: list[str]
) -> None:
    url = "http://127.0.0.1:9/shield" if path == "CLOSED" else f"{shield.url}{path}"  # port 9: discard, closed
    definitions = each_action("flaky", execution_config={"url": url, "method": "POST"})
    closed = verdicts(server, definitions)
    error = closed[0]["error"]
    assert error.startswith("shield 'flaky' failed: ") and all(word in error for word in words), error
    failed = {"shield_type": "flaky", "violation_type": "shield_error", "error": error}
    message = "flaky could not check the messages, so they are held to be unsafe."
    assert closed == [
        failed | {"is_violation": False},
        failed | {"is_violation": False, "violation_return_message": message},
        failed | {"is_violation": True, "violation_return_message": message},
    ]
    assert verdicts(open_server, definitions) == [{"shield_type": "flaky", "is_violation": False, "error": error}] * 3


def test_a_configured_shield_that_fails_is_reported_too(server: LiveServer) -> None:
    (answer,) = verdicts(server, [{"shield_type": "crashing", "on_violation_action": 2}])
    assert answer["is_violation"] and answer["violation_type"] == "shield_error"
    assert answer["error"] == "shield 'crashing' failed: the endpoint answered HTTP 500"


def test_a_shield_address_the_run_config_does_not_allow_is_refused(
    server: LiveServer, other_host: JsonEndpoint
) -> None:
    endpoint = {"url": f"{other_host.url}/safe", "method": "POST"}
    detail = refused(
        server, [{"shield_type": "elsewhere", "on_violation_action": 2, "execution_config": endpoint}], 403
    )
    assert detail == (
        f"shield 'elsewhere': cannot send the messages to {other_host.url}/safe: 127.0.0.2 is a loopback address: "
        "the server connects to such addresses only for hosts listed in outgoing.allowed_hosts"
    )
    assert other_host.requests == []


BAD_REQUESTS = [
    # (what, shields, words the detail must contain)
    (
        "unknown type",
        [{"shield_type": "nope"}],
        ["unknown shield type 'nope'", "code_scanner_guard, third_party_shield, civility, crashing"],
    ),
    ("llama_guard not set up", [{"shield_type": "llama_guard"}], ["'llama_guard' is not set up", "safety.llama_guard"]),
    (
        "injection_shield not set up",
        [{"shield_type": "injection_shield"}],
        ["'injection_shield' is not set up", "safety.prompt_guard"],
    ),
    (
        "jailbreak_shield not set up",
        [{"shield_type": "jailbreak_shield"}],
        ["'jailbreak_shield' is not set up", "safety.prompt_guard"],
    ),
    (
        "execution_config on a shield run here",
        [{"shield_type": "code_scanner_guard", "execution_config": {"url": "http://127.0.0.1:9/", "method": "POST"}}],
        ["'code_scanner_guard' runs in this server: execution_config is for REST shields"],
    ),
    (
        "parameters for the code scanner",
        [{"shield_type": "code_scanner_guard", "parameters": {"level": {"param_type": "str"}}}],
        ["'code_scanner_guard' takes no parameters"],
    ),
    (
        "a file:// endpoint",
        [{"shield_type": "local", "execution_config": {"url": "file:///etc/passwd", "method": "POST"}}],
        ["shield 'local': a REST shield's url must be http(s)://, not file:///etc/passwd"],
    ),
    (
        "every problem at once",
        [{"shield_type": "nope"}, {"shield_type": "code_scanner_guard"}, {"shield_type": "llama_guard"}],
        ["unknown shield type 'nope'", "; shield 'llama_guard' is not set up"],
    ),
]


@pytest.mark.parametrize(("what", "shields", "words"), BAD_REQUESTS, ids=[case[0] for case in BAD_REQUESTS])
def test_shields_the_server_cannot_run_are_a_400_naming_them(
    server: LiveServer, shield: JsonEndpoint, what: str, shields: list[dict[str, Any]], words: list[str]
) -> None:
    shield.requests.clear()
    detail = refused(server, [{"on_violation_action": 2, **definition} for definition in shields], 400)
    assert all(word in detail for word in words), detail
    assert shield.requests == []  # nothing ran
