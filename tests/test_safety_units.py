"""The Safety API's parts: what each on_violation_action makes of a verdict, the run config's safety section,
and how shields run together, in-process."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from lls_api import models
from lls_server.config import ConfigError, RunConfig, SafetyConfig, load_config
from lls_server.errors import ApiError, BadGateway, Forbidden, InvalidRequest, TimedOut, Unavailable
from lls_server.inference.chat_format import Message
from lls_server.safety.api import Safety, shield_response, verdict_of
from lls_server.safety.registry import build_shields
from lls_server.safety.shield import Verdict
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, JsonEndpoint
from lls_server.url_policy import AddressPolicy

from .test_safety import shield_answer

FOUND = Verdict("S1", "I can't help with that.")
FAILED = BadGateway("shield 'x' failed: the endpoint answered HTTP 500")
FAIL_CLOSED_MESSAGE = "x could not check the messages, so they are held to be unsafe."
ACTIONS = {"ignore": 0, "warn": 1, "raise": 2}

# (outcome, action, fail_closed) -> the verdict reported, less shield_type
READINGS: list[tuple[str, str, bool, dict[str, Any]]] = [
    ("nothing found", "ignore", True, {"is_violation": False}),
    ("nothing found", "warn", True, {"is_violation": False}),
    ("nothing found", "raise", True, {"is_violation": False}),
    ("found", "ignore", True, {"is_violation": False, "violation_type": "S1"}),
    (
        "found",
        "warn",
        True,
        {"is_violation": False, "violation_type": "S1", "violation_return_message": "I can't help with that."},
    ),
    (
        "found",
        "raise",
        True,
        {"is_violation": True, "violation_type": "S1", "violation_return_message": "I can't help with that."},
    ),
    ("failed", "ignore", True, {"is_violation": False, "violation_type": "shield_error", "error": FAILED.detail}),
    (
        "failed",
        "warn",
        True,
        {
            "is_violation": False,
            "violation_type": "shield_error",
            "violation_return_message": FAIL_CLOSED_MESSAGE,
            "error": FAILED.detail,
        },
    ),
    (
        "failed",
        "raise",
        True,
        {
            "is_violation": True,
            "violation_type": "shield_error",
            "violation_return_message": FAIL_CLOSED_MESSAGE,
            "error": FAILED.detail,
        },
    ),
    ("failed", "ignore", False, {"is_violation": False, "error": FAILED.detail}),
    ("failed", "warn", False, {"is_violation": False, "error": FAILED.detail}),
    ("failed", "raise", False, {"is_violation": False, "error": FAILED.detail}),
]
OUTCOMES: dict[str, Verdict | ApiError] = {"nothing found": Verdict(), "found": FOUND, "failed": FAILED}


@pytest.mark.parametrize(
    ("found", "action", "fail_closed", "expected"),
    READINGS,
    ids=[f"{o}-{a}-{'closed' if c else 'open'}" for o, a, c, _ in READINGS],
)
def test_each_action_reads_a_verdict_so(found: str, action: str, fail_closed: bool, expected: dict[str, Any]) -> None:
    response = shield_response("x", OUTCOMES[found], models.OnViolationAction(ACTIONS[action]), fail_closed=fail_closed)
    assert response.model_dump(exclude_none=True) == {"shield_type": "x", **expected}


class Failing:
    """A shield whose check raises `error`: the seam's way to say it could not judge, or that the request is wrong."""

    shield_type = "failing"
    description = "fails"

    def __init__(self, error: ApiError):
        self.error = error

    async def check(self, messages: Sequence[Message]) -> Verdict:
        raise self.error


def test_a_shield_that_could_not_judge_is_an_outcome_other_errors_fail_the_request() -> None:
    for error in (BadGateway("no answer"), TimedOut("the guard model stalled")):
        assert asyncio.run(verdict_of(Failing(error), [])) is error
    for error in (InvalidRequest("bad"), Unavailable("busy"), Forbidden("denied")):
        with pytest.raises(type(error)):
            asyncio.run(verdict_of(Failing(error), []))


@pytest.fixture(scope="module")
def shield() -> Iterator[JsonEndpoint]:
    server = JsonEndpoint("127.0.0.1", shield_answer)
    yield server
    server.stop()


def safety(config: dict[str, Any], allowed_hosts: list[str]) -> Safety:
    run_config = RunConfig.model_validate({"safety": config, "outgoing": {"allowed_hosts": allowed_hosts}})
    return Safety(
        build_shields(run_config, {}), run_config.safety, AddressPolicy(allowed_hosts, setting="outgoing.allowed_hosts")
    )


def definition(shield_type: str, **fields: Any) -> models.ShieldDefinition:
    return models.ShieldDefinition.model_validate({"shield_type": shield_type, "on_violation_action": 2, **fields})


HELLO = [models.UserMessage(role="user", content="Hello")]


def test_a_rest_shield_on_a_loopback_address_is_refused_unless_allowed(shield: JsonEndpoint) -> None:
    config = {"third_party": {"url": f"{shield.url}/unsafe"}}
    with pytest.raises(Forbidden, match=r"127\.0\.0\.1 is a loopback address: .* listed in outgoing\.allowed_hosts"):
        asyncio.run(safety(config, []).check([definition("third_party_shield")], HELLO))
    assert shield.requests == []
    (answer,) = asyncio.run(safety(config, ["127.0.0.1"]).check([definition("third_party_shield")], HELLO))
    assert answer.is_violation and answer.violation_type == "rudeness"


def test_an_error_of_one_shield_stops_the_others_at_once(shield: JsonEndpoint) -> None:
    attachment = models.Attachment(url="data:text/plain,hi", mime_type="text/plain")
    messages = [models.UserMessage(role="user", content=["look", attachment])]
    slow = {"url": f"{shield.url}/slow", "method": "POST"}
    started = time.monotonic()
    with pytest.raises(InvalidRequest, match="code_scanner_guard cannot read attachments"):
        asyncio.run(
            safety({"rest_timeout_seconds": 30}, ["127.0.0.1"]).check(
                [definition("slow", execution_config=slow), definition("code_scanner_guard")], messages
            )
        )
    assert time.monotonic() - started < 2


def test_a_configured_rest_shields_own_timeout_is_named_when_it_runs_out(shield: JsonEndpoint) -> None:
    config = {"third_party": {"url": f"{shield.url}/slow", "timeout_seconds": 0.2}}
    (answer,) = asyncio.run(safety(config, ["127.0.0.1"]).check([definition("third_party_shield")], HELLO))
    assert answer.error == (
        "shield 'third_party_shield' failed: no answer within 0.2 s (safety.third_party.timeout_seconds)"
    )


def test_shields_list_with_what_they_check() -> None:
    config = {
        "code_scanner": {"enabled": False},
        "custom": [{"shield_type": "pii", "execution_config": {"url": "https://pii.example/check"}}],
    }
    listed = asyncio.run(safety(config, []).list_shields())
    assert [shield.model_dump() for shield in listed] == [
        {"shield_type": "pii", "description": "A REST shield of this server's run config."}
    ]
    with pytest.raises(InvalidRequest, match=r"'code_scanner_guard' is not set up .* safety\.code_scanner\.enabled"):
        asyncio.run(safety(config, []).check([definition("code_scanner_guard")], HELLO))


def write(directory: Path, config: dict[str, Any]) -> Path:
    path = directory / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


MODEL = {"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL)}
BAD_CONFIGS = [
    # (what, config, words the error must contain)
    (
        "llama_guard on an unregistered model",
        {"models": [MODEL], "safety": {"llama_guard": {"model": "Llama-Guard-3-1B"}}},
        ["safety.llama_guard.model 'Llama-Guard-3-1B' is not a registered model", f"registered: {DEFAULT_MODEL_ID}"],
    ),
    (
        "llama_guard with no models",
        {"safety": {"llama_guard": {"model": "guard"}}},
        ["'guard' is not a registered model", "registered: none"],
    ),
    (
        "an unknown hazard category",
        {"models": [MODEL], "safety": {"llama_guard": {"model": DEFAULT_MODEL_ID, "excluded_categories": ["S15"]}}},
        ["excluded_categories.0", "S15"],
    ),
    (
        "a custom shield named like a built-in one",
        {"safety": {"custom": [{"shield_type": "llama_guard", "execution_config": {"url": "https://a.example"}}]}},
        ["'llama_guard' is a built-in shield's name"],
    ),
    (
        "two custom shields of one name",
        {
            "safety": {
                "custom": [
                    {"shield_type": "pii", "execution_config": {"url": "https://a.example"}},
                    {"shield_type": "pii", "execution_config": {"url": "https://b.example"}},
                ]
            }
        },
        ["custom shields' shield_type must be unique"],
    ),
    ("a third party that is not http", {"safety": {"third_party": {"url": "file:///etc/passwd"}}}, ["third_party.url"]),
    ("an unknown severity", {"safety": {"code_scanner": {"min_severity": "critical"}}}, ["min_severity"]),
    ("a rule that is not bandit's", {"safety": {"code_scanner": {"skip_rules": ["E501"]}}}, ["skip_rules.0"]),
    (
        "a threshold over 1",
        {"safety": {"prompt_guard": {"model_dir": "m", "injection_threshold": 2}}},
        ["injection_threshold"],
    ),
    (
        "memory.allowed_hosts, now outgoing's",
        {"memory": {"allowed_hosts": ["10.0.0.1"]}},
        ["memory.allowed_hosts", "Extra inputs"],
    ),
]


@pytest.mark.parametrize(("what", "config", "words"), BAD_CONFIGS, ids=[case[0] for case in BAD_CONFIGS])
def test_a_bad_safety_section_stops_the_server_naming_what_is_wrong(
    tmp_path: Path, what: str, config: dict[str, Any], words: list[str]
) -> None:
    with pytest.raises(ConfigError) as failure:
        load_config(write(tmp_path, config))
    assert all(word in str(failure.value) for word in words), failure.value


def test_a_good_safety_section_loads_with_its_paths_resolved(tmp_path: Path) -> None:
    config = {
        "models": [MODEL],
        "safety": {
            "llama_guard": {"model": DEFAULT_MODEL_ID, "excluded_categories": ["S7", "S14"]},
            "prompt_guard": {"model_dir": "classifiers/prompt-guard"},
            "third_party": {"url": "https://shield.example/check", "headers": {"Authorization": "Bearer k"}},
        },
    }
    loaded = load_config(write(tmp_path, config)).safety
    assert loaded.llama_guard is not None and loaded.llama_guard.excluded_categories == ["S7", "S14"]
    assert loaded.prompt_guard is not None and loaded.prompt_guard.model_dir == tmp_path / "classifiers/prompt-guard"
    assert loaded.code_scanner.enabled and loaded.fail_closed and loaded.rest_timeout_seconds == 10
    assert SafetyConfig() == load_config(write(tmp_path, {})).safety


def test_a_custom_shields_endpoint_is_checked_like_a_requests() -> None:
    with pytest.raises(ValidationError, match="url"):
        SafetyConfig.model_validate({"custom": [{"shield_type": "x", "execution_config": {"url": "data:,x"}}]})
