"""The AgenticSystem API end to end: a real server on the default model, Chroma banks, the sandbox, local tools."""

from __future__ import annotations

import http.server
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from lls_client import Client, streaming
from lls_client.models import AgenticSystemTurnCreateRequest
from lls_client.streaming import StreamError
from lls_server.testing import DEFAULT_MODEL_ID, JsonEndpoint, LiveServer, LocalEndpoint, write_config

FACT = "The vault on Kestrel Island opens with the code 4817."


def tool_answer(request: dict[str, Any]) -> tuple[int, Any]:
    """A REST tool's forecast, and a Brave Search stand-in at /brave."""
    if request["path"].startswith("/brave"):
        result = {"title": "Kestrel", "url": "https://k.example", "description": "Kestrel Island facts"}
        return 200, {"type": "search", "web": {"results": [result]}}
    return 200, {"forecast": "sunny", "temperature_c": 21}


@pytest.fixture(scope="module")
def tools() -> Iterator[JsonEndpoint]:
    endpoint = JsonEndpoint("127.0.0.1", tool_answer)
    yield endpoint
    endpoint.stop()


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("documents")
    (directory / "vault.txt").write_text(FACT + "\nThe island's lighthouse was built in 1902.\n")
    return directory


def agents_config(directory: Path, documents: Path, tools: JsonEndpoint) -> Path:
    return write_config(
        directory,
        memory={"allowed_dirs": [str(documents)]},
        outgoing={"allowed_hosts": ["127.0.0.1"]},
        agents={
            "code_interpreter": {"wall_seconds": 10, "cpu_seconds": 5},
            "brave_search": {"api_key": "brave-test-key", "url": f"{tools.url}/brave"},
        },
        safety={"code_scanner": {"enabled": True}},
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, documents: Path, tools: JsonEndpoint) -> Iterator[LiveServer]:
    live = LiveServer(agents_config(tmp_path_factory.mktemp("agents"), documents, tools))
    yield live
    live.stop()


def agent(server: LiveServer, **config: Any) -> str:
    instance = {"instructions": "You are a helpful assistant. Answer briefly.", **config}
    instance.setdefault("sampling_params", {"strategy": "greedy", "max_tokens": 24})
    return str(
        server.post("/agentic_system/create", {"model": DEFAULT_MODEL_ID, "instance_config": instance})["system_id"]
    )


def session(server: LiveServer, agent_id: str, name: str = "test") -> str:
    return str(
        server.post("/agentic_system/session/create", {"system_id": agent_id, "session_name": name})["session_id"]
    )


def turn(server: LiveServer, agent_id: str, session_id: str, *messages: Any, status: int = 200, **extra: Any) -> Any:
    body = {"system_id": agent_id, "session_id": session_id, "messages": list(messages), **extra}
    return server.post("/agentic_system/turn/create", body, status)


def user(content: Any) -> dict[str, Any]:
    return {"role": "user", "content": content}


def steps_of(turn: Any, step_type: str) -> list[Any]:
    return [step for step in turn["steps"] if step["step_type"] == step_type]


def stream_events(server: LiveServer, body: dict[str, Any]) -> list[dict[str, Any]]:
    events = []
    with httpx.stream("POST", f"{server.base_url}/agentic_system/turn/create", json=body, timeout=120) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            assert not line.startswith("event: error"), line
            if line.startswith("data: "):
                events.append(json.loads(line.removeprefix("data: "))["event"]["payload"])
    return events


# ---------------------------------------------------------------- the loop


def test_a_turn_is_answered_stored_and_retrievable_by_id(server: LiveServer) -> None:
    agent_id = agent(server)
    session_id = session(server, agent_id, "first")
    answered = turn(server, agent_id, session_id, user("What is the capital of France?"))
    assert answered["session_id"] == session_id
    assert answered["input_messages"] == [user("What is the capital of France?")]
    [inference] = steps_of(answered, "inference")
    assert inference["model_response"] == answered["output_message"]
    assert answered["output_message"]["content"]
    assert inference["usage"]["completion_tokens"] > 0
    assert inference["started_at"] <= inference["completed_at"]
    assert server.get("/agentic_system/turn/get", agent_id=agent_id, turn_id=answered["turn_id"]) == answered
    step = server.get(
        "/agentic_system/step/get", agent_id=agent_id, turn_id=answered["turn_id"], step_id=inference["step_id"]
    )
    assert step == {"step": inference}
    stored = server.post("/agentic_system/session/get", None, agent_id=agent_id, session_id=session_id)
    assert stored["session_name"] == "first" and stored["turns"] == [answered]


def test_later_turns_see_the_earlier_ones(server: LiveServer) -> None:
    agent_id = agent(server)
    session_id = session(server, agent_id)
    first = turn(server, agent_id, session_id, user("My name is Ada."))
    second = turn(server, agent_id, session_id, user("What is my name?"))
    usage_first = steps_of(first, "inference")[0]["usage"]
    usage_second = steps_of(second, "inference")[0]["usage"]
    # The second prompt holds the first turn whole, and the prompt cache reads that part again.
    assert usage_second["prompt_tokens"] > usage_first["prompt_tokens"] + usage_first["completion_tokens"]
    assert usage_second["cached_prompt_tokens"] >= usage_first["prompt_tokens"] - 1
    turns = server.post("/agentic_system/session/get", [second["turn_id"]], agent_id=agent_id, session_id=session_id)
    assert [t["turn_id"] for t in turns["turns"]] == [second["turn_id"]]


def test_an_override_config_changes_one_turn_only(server: LiveServer) -> None:
    agent_id = agent(server)
    session_id = session(server, agent_id)
    override = {"instructions": "Answer in one word.", "sampling_params": {"strategy": "greedy", "max_tokens": 2}}
    short = turn(server, agent_id, session_id, user("Tell me about the sea."), override_config=override)
    assert steps_of(short, "inference")[0]["usage"]["completion_tokens"] <= 2
    assert short["output_message"]["stop_reason"] == "out_of_tokens"
    normal = turn(server, agent_id, session_id, user("Tell me about the sea."))
    assert steps_of(normal, "inference")[0]["usage"]["completion_tokens"] > 2


def test_a_streamed_turn_reports_each_step_and_ends_with_the_stored_turn(server: LiveServer) -> None:
    agent_id = agent(server)
    session_id = session(server, agent_id)
    body = {"system_id": agent_id, "session_id": session_id, "messages": [user("Say hello.")], "stream": True}
    events = stream_events(server, body)
    kinds = [event["event_type"] for event in events]
    assert kinds[0] == "turn_start" and kinds[-1] == "turn_complete"
    assert kinds[1] == "step_start" and kinds[-2] == "step_complete"
    assert "step_progress" in kinds
    deltas = "".join(e.get("model_response_text_delta", "") for e in events if e["event_type"] == "step_progress")
    completed = events[-1]["turn"]
    assert deltas == completed["output_message"]["content"]
    assert events[0]["turn_id"] == completed["turn_id"]
    assert server.get("/agentic_system/turn/get", agent_id=agent_id, turn_id=completed["turn_id"]) == completed


def test_a_turn_whose_client_goes_away_runs_to_its_end_and_is_stored(server: LiveServer) -> None:
    agent_id = agent(server, sampling_params={"strategy": "greedy", "max_tokens": 120})
    session_id = session(server, agent_id)
    body = {"system_id": agent_id, "session_id": session_id, "messages": [user("Write a story.")], "stream": True}
    with httpx.stream("POST", f"{server.base_url}/agentic_system/turn/create", json=body, timeout=60) as response:
        first = next(response.iter_lines())
        assert first.startswith("data: ") and "turn_start" in first
    # The session runs one turn at a time: another now is a conflict.
    busy = httpx.post(f"{server.base_url}/agentic_system/turn/create", json={**body, "stream": False}, timeout=60)
    assert busy.status_code == 409 and "running a turn" in busy.json()["detail"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        stored = server.post("/agentic_system/session/get", None, agent_id=agent_id, session_id=session_id)
        if stored["turns"]:
            break
        time.sleep(0.2)
    [whole] = stored["turns"]
    assert whole["output_message"]["content"] and whole["completed_at"]
    turn(server, agent_id, session_id, user("Thanks."))  # and the session goes on


# ---------------------------------------------------------------- memory


def test_an_attachment_is_read_into_the_sessions_bank_and_retrieved_then_and_later(
    server: LiveServer, documents: Path
) -> None:
    agent_id = agent(server)
    session_id = session(server, agent_id)
    attachment = {"url": (documents / "vault.txt").as_uri(), "mime_type": "text/plain"}
    first = turn(server, agent_id, session_id, user(["What code opens the vault on Kestrel Island?", attachment]))
    [retrieval] = steps_of(first, "memory_retrieval")
    assert FACT in retrieval["documents"][0]["content"]
    assert len(retrieval["scores"]) == len(retrieval["documents"]) >= 1
    stored = server.post("/agentic_system/session/get", None, agent_id=agent_id, session_id=session_id)
    bank_id = stored["attachment_bank_id"]
    assert retrieval["memory_bank_ids"] == [bank_id]
    assert retrieval["documents"][0]["metadata"]["memory_bank_id"] == bank_id
    assert server.get("/memory_banks/get", bank_id=bank_id)["memory_bank_id"] == bank_id
    later = turn(server, agent_id, session_id, user("Remind me of the vault's code."))
    assert FACT in steps_of(later, "memory_retrieval")[0]["documents"][0]["content"]
    # Deleting the session drops its bank.
    httpx.delete(
        f"{server.base_url}/agentic_system/session/delete", params={"agent_id": agent_id, "session_id": session_id}
    ).raise_for_status()
    server.get("/memory_banks/get", status=404, bank_id=bank_id)


def test_an_attachment_the_server_may_not_read_fails_the_turn_and_stores_nothing(server: LiveServer) -> None:
    agent_id = agent(server)
    session_id = session(server, agent_id)
    secret = {"url": "file:///etc/hostname", "mime_type": "text/plain"}
    problem = turn(server, agent_id, session_id, user(["Read this.", secret]), status=403)
    assert "attachment" in problem["detail"]
    private = {"url": "http://169.254.169.254/latest/meta-data", "mime_type": "text/plain"}
    turn(server, agent_id, session_id, user(["Read this.", private]), status=403)
    assert server.post("/agentic_system/session/get", None, agent_id=agent_id, session_id=session_id)["turns"] == []


def test_attached_banks_are_queried_and_can_be_detached(server: LiveServer) -> None:
    bank_id = "agents-test-bank"
    server.post("/memory_banks/create", [{"document_id": "vault", "content": FACT}], bank_id=bank_id, bank_name="kb")
    agent_id = agent(server)
    session_id = session(server, agent_id)
    server.post("/agentic_system/memory_bank/attach", [bank_id], agent_id=agent_id, session_id=session_id)
    answered = turn(server, agent_id, session_id, user("Which code opens the vault?"))
    [retrieval] = steps_of(answered, "memory_retrieval")
    assert retrieval["memory_bank_ids"] == [bank_id] and retrieval["documents"][0]["document_id"] == "vault"
    missing = server.post(
        "/agentic_system/memory_bank/attach", ["no-such-bank"], 404, agent_id=agent_id, session_id=session_id
    )
    assert "no-such-bank" in missing["detail"]
    server.post("/agentic_system/memory_bank/detach", [bank_id], agent_id=agent_id, session_id=session_id)
    server.post("/agentic_system/memory_bank/detach", [bank_id], 404, agent_id=agent_id, session_id=session_id)
    after = turn(server, agent_id, session_id, user("Which code opens the vault?"))
    assert steps_of(after, "memory_retrieval") == []


# ---------------------------------------------------------------- tools


# One worked example (a few-shot prefix) gets the 135M default to write the code asked for.
CODE_EXAMPLE = [
    user("Print 2 plus 2."),
    {
        "role": "assistant",
        "content": "",
        "stop_reason": "end_of_turn",
        "tool_calls": [{"call_id": "c1", "tool_name": "code_interpreter", "arguments": {"code": "print(2 + 2)"}}],
    },
    {
        "role": "ipython",
        "call_id": "c1",
        "tool_name": "code_interpreter",
        "content": "completed with exit status 0\n[stdout]\n4\n[/stdout]",
    },
    {"role": "assistant", "content": "2 plus 2 is 4.", "stop_reason": "end_of_turn", "tool_calls": []},
]


def test_a_forced_code_interpreter_call_runs_in_the_sandbox(server: LiveServer) -> None:
    agent_id = agent(
        server,
        instructions="Use Python to compute what the user asks.",
        available_tools=[{"tool_name": "code_interpreter"}],
        tool_choice="code_interpreter",
        max_infer_iters=2,
        debug_prefix_messages=CODE_EXAMPLE,
        sampling_params={"strategy": "greedy", "max_tokens": 40},
    )
    session_id = session(server, agent_id)
    answered = turn(server, agent_id, session_id, user("Print 3 plus 5."))
    [execution] = steps_of(answered, "tool_execution")
    [call] = execution["tool_calls"]
    assert call["tool_name"] == "code_interpreter" and call["arguments"] == {"code": "print(3 + 5)"}
    [response] = execution["tool_responses"]
    assert response["call_id"] == call["call_id"]
    assert response["content"] == "completed with exit status 0\n[stdout]\n8\n[/stdout]"
    # The model's second inference reads the response; at max_infer_iters the last answer is the output.
    assert len(steps_of(answered, "inference")) == 2
    assert answered["output_message"]["tool_calls"]


def test_a_rest_tool_is_called_with_the_models_arguments_and_answers_the_model(
    server: LiveServer, tools: JsonEndpoint
) -> None:
    weather = {
        "tool_name": "get_weather",
        "description": "The weather in a city.",
        "parameters": {"city": {"param_type": "string", "description": "The city", "required": True}},
        "execution_config": {
            "url": f"{tools.url}/weather",
            "method": "POST",
            "headers": {"X-Api-Key": "weather-key"},
            "body": {"units": "metric"},
        },
    }
    agent_id = agent(server, available_tools=[weather], tool_choice="get_weather", max_infer_iters=2)
    session_id = session(server, agent_id)
    before = len(tools.requests)
    answered = turn(server, agent_id, session_id, user("What is the weather in Paris?"))
    [execution] = steps_of(answered, "tool_execution")
    [call] = execution["tool_calls"]
    sent = tools.requests[before]
    assert sent["path"] == "/weather" and sent["method"] == "POST"
    assert sent["headers"]["X-Api-Key"] == "weather-key"
    assert sent["json"] == {**call["arguments"], "units": "metric"}
    assert "sunny" in execution["tool_responses"][0]["content"]


def test_brave_search_is_called_with_the_configured_key(server: LiveServer, tools: JsonEndpoint) -> None:
    agent_id = agent(server, available_tools=[{"tool_name": "brave_search"}], tool_choice="required", max_infer_iters=2)
    session_id = session(server, agent_id)
    before = len(tools.requests)
    answered = turn(server, agent_id, session_id, user("Search the web for Kestrel Island."))
    [execution] = steps_of(answered, "tool_execution")
    assert execution["tool_calls"][0]["tool_name"] == "brave_search"
    sent = tools.requests[before]
    assert sent["path"].startswith("/brave") and sent["headers"]["X-Subscription-Token"] == "brave-test-key"
    assert "Kestrel Island facts" in execution["tool_responses"][0]["content"]


def test_a_client_side_tool_ends_the_turn_and_its_answer_continues_the_next(server: LiveServer) -> None:
    lookup = {
        "tool_name": "lookup_order",
        "description": "An order's status.",
        "parameters": {"order_id": {"param_type": "integer", "required": True}},
    }
    greedy = {"strategy": "greedy", "max_tokens": 48}
    agent_id = agent(server, available_tools=[lookup], tool_choice="lookup_order", sampling_params=greedy)
    session_id = session(server, agent_id)
    first = turn(server, agent_id, session_id, user("Where is order 77?"))
    [call] = first["output_message"]["tool_calls"]
    assert call["tool_name"] == "lookup_order"
    assert steps_of(first, "tool_execution") == []  # the client runs it
    wrong = {"role": "ipython", "call_id": "nope", "tool_name": "lookup_order", "content": "shipped"}
    assert "nope" in turn(server, agent_id, session_id, wrong, status=400)["detail"]
    answer = {"role": "ipython", "call_id": call["call_id"], "tool_name": "lookup_order", "content": "shipped today"}
    override = {"instructions": "You are a helpful assistant.", "tool_choice": "none"}
    second = turn(server, agent_id, session_id, answer, override_config=override)
    assert second["input_messages"] == [answer]
    assert second["output_message"]["tool_calls"] == [] and second["output_message"]["content"]


# ---------------------------------------------------------------- shields


def test_an_input_shield_that_raises_ends_the_turn_with_its_message(server: LiveServer) -> None:
    scanner = {"shield_type": "code_scanner_guard", "on_violation_action": 2}
    agent_id = agent(server, input_shields=[scanner], output_shields=[scanner])
    session_id = session(server, agent_id)
    blocked = turn(server, agent_id, session_id, user("```python\nimport os\nos.system(input())\n```"))
    [shield] = steps_of(blocked, "shield_call")
    assert shield["response"]["is_violation"] and shield["response"]["violation_type"].startswith("B")
    assert steps_of(blocked, "inference") == []
    assert blocked["output_message"]["content"] == shield["response"]["violation_return_message"]
    fine = turn(server, agent_id, session_id, user("Hello!"))
    assert [s["step_type"] for s in fine["steps"]] == ["shield_call", "inference", "shield_call"]
    assert not any(s["response"]["is_violation"] for s in steps_of(fine, "shield_call"))


# ---------------------------------------------------------------- errors and state


@pytest.mark.parametrize(
    ("config", "status", "words"),
    [
        ({"available_tools": [{"tool_name": "photogen"}]}, 400, ["photogen", "image"]),
        ({"available_tools": [{"tool_name": "wolfram_alpha"}]}, 400, ["wolfram_alpha", "agents.wolfram_alpha"]),
        ({"input_shields": [{"shield_type": "no_such_shield", "on_violation_action": 1}]}, 400, ["no_such_shield"]),
        ({"tool_choice": "missing_tool"}, 400, ["missing_tool"]),
        (
            {"available_tools": [{"tool_name": "t", "execution_config": {"url": "file:///x", "method": "GET"}}]},
            400,
            ["http"],
        ),
    ],
)
def test_an_agent_that_cannot_run_here_is_refused_at_creation(
    server: LiveServer, config: dict[str, Any], status: int, words: list[str]
) -> None:
    body = {"model": DEFAULT_MODEL_ID, "instance_config": {"instructions": "x", **config}}
    detail = server.post("/agentic_system/create", body, status)["detail"]
    assert all(word in detail for word in words), detail


def test_unknown_ids_are_404_and_deleting_an_agent_deletes_its_sessions(server: LiveServer) -> None:
    server.post("/agentic_system/create", {"model": "nope", "instance_config": {"instructions": "x"}}, 404)
    server.post("/agentic_system/session/create", {"system_id": "nope", "session_name": "s"}, 404)
    agent_id = agent(server)
    session_id = session(server, agent_id)
    answered = turn(server, agent_id, session_id, user("Hi."))
    turn(server, agent_id, "nope", user("Hi."), status=404)
    server.get("/agentic_system/turn/get", 404, agent_id=agent_id, turn_id="nope")
    server.get("/agentic_system/turn/get", 404, agent_id="other", turn_id=answered["turn_id"])
    server.get("/agentic_system/step/get", 404, agent_id=agent_id, turn_id=answered["turn_id"], step_id="nope")
    server.post("/agentic_system/session/get", ["nope"], 404, agent_id=agent_id, session_id=session_id)
    httpx.delete(f"{server.base_url}/agentic_system/delete", params={"agent_id": agent_id}).raise_for_status()
    server.post("/agentic_system/session/get", None, 404, agent_id=agent_id, session_id=session_id)
    server.get("/agentic_system/turn/get", 404, agent_id=agent_id, turn_id=answered["turn_id"])
    assert httpx.delete(f"{server.base_url}/agentic_system/delete", params={"agent_id": agent_id}).status_code == 404


def test_agents_sessions_and_turns_survive_a_kill(tmp_path: Path, documents: Path, tools: JsonEndpoint) -> None:
    config = agents_config(tmp_path, documents, tools)
    first = LiveServer(config)
    try:
        agent_id = agent(first)
        session_id = session(first, agent_id)
        answered = turn(first, agent_id, session_id, user("Hello."))
    finally:
        first.process.kill()  # kill -9: nothing is closed cleanly
        first.process.wait()
    second = LiveServer(config)
    try:
        stored = second.post("/agentic_system/session/get", None, agent_id=agent_id, session_id=session_id)
        assert stored["turns"] == [answered]
        assert turn(second, agent_id, session_id, user("Again."))["output_message"]["content"]
    finally:
        second.stop()


def test_debug_prefix_messages_go_into_the_prompt_after_the_instructions(server: LiveServer) -> None:
    agent_id = agent(server)
    prefixed = agent(
        server,
        debug_prefix_messages=[
            user("Remember the word 'pelican'."),
            {"role": "assistant", "content": "I will remember it.", "stop_reason": "end_of_turn", "tool_calls": []},
        ],
    )
    plain_usage = steps_of(turn(server, agent_id, session(server, agent_id), user("Hi.")), "inference")[0]["usage"]
    prefixed_usage = steps_of(turn(server, prefixed, session(server, prefixed), user("Hi.")), "inference")[0]["usage"]
    assert prefixed_usage["prompt_tokens"] >= plain_usage["prompt_tokens"] + 12


def test_quantization_config_is_refused_as_inference_refuses_it(server: LiveServer) -> None:
    body = {"model": DEFAULT_MODEL_ID, "instance_config": {"instructions": "x", "quantization_config": {"type": "fp8"}}}
    assert "quantization" in server.post("/agentic_system/create", body, 400)["detail"]


def test_a_tools_own_shields_check_its_calls_and_answers(server: LiveServer, tools: JsonEndpoint) -> None:
    warn = {"shield_type": "code_scanner_guard", "on_violation_action": 1}
    weather = {
        "tool_name": "get_weather",
        "parameters": {"city": {"param_type": "string", "required": True}},
        "execution_config": {"url": f"{tools.url}/weather", "method": "GET"},
        "input_shields": [warn],
        "output_shields": [warn],
    }
    agent_id = agent(server, available_tools=[weather], tool_choice="get_weather", max_infer_iters=2)
    answered = turn(server, agent_id, session(server, agent_id), user("Weather in Oslo?"))
    kinds = [step["step_type"] for step in answered["steps"]]
    assert kinds == ["inference", "shield_call", "tool_execution", "shield_call", "inference"]
    assert all(not s["response"]["is_violation"] for s in steps_of(answered, "shield_call"))


def test_the_oldest_turns_are_left_out_when_the_session_outgrows_the_context(
    tmp_path: Path, documents: Path, tools: JsonEndpoint
) -> None:
    config = agents_config(tmp_path, documents, tools)
    config.write_text(config.read_text().replace("context_length: 2048", "context_length: 256"))
    live = LiveServer(config)
    try:
        agent_id = agent(live)
        session_id = session(live, agent_id)
        question = "Tell me one fact about the number {}, which I like a lot because it is a nice number."
        answered = [turn(live, agent_id, session_id, user(question.format(n))) for n in range(8)]
        dropped = [steps_of(t, "inference")[0].get("dropped_turn_ids", []) for t in answered]
        assert dropped[0] == [] and dropped[-1], dropped
        first_dropped = next(d for d in dropped if d)
        assert first_dropped[0] == answered[0]["turn_id"]  # oldest first
        for t in answered:
            usage = steps_of(t, "inference")[0]["usage"]
            assert usage["prompt_tokens"] + 24 <= 256
    finally:
        live.stop()


def test_a_streamed_tool_call_reports_its_delta_and_the_tools_answer(server: LiveServer, tools: JsonEndpoint) -> None:
    weather = {
        "tool_name": "get_weather",
        "parameters": {"city": {"param_type": "string", "required": True}},
        "execution_config": {"url": f"{tools.url}/weather", "method": "GET"},
    }
    agent_id = agent(server, available_tools=[weather], tool_choice="get_weather", max_infer_iters=2)
    body = {
        "system_id": agent_id,
        "session_id": session(server, agent_id),
        "messages": [user("Weather in Rome?")],
        "stream": True,
    }
    events = stream_events(server, body)
    progress = [e for e in events if e["event_type"] == "step_progress"]
    calls = [e["tool_call_delta"] for e in progress if e.get("tool_call_delta")]
    assert calls[0]["parse_status"] == "started" and calls[-1]["parse_status"] == "success"
    answers = [e["tool_response_text_delta"] for e in progress if e["step_type"] == "tool_execution"]
    assert answers and "sunny" in "".join(answers)
    [execution] = steps_of(events[-1]["turn"], "tool_execution")
    assert execution["tool_responses"][0]["content"] == "".join(answers)


def test_turns_of_different_sessions_run_at_once(server: LiveServer) -> None:
    agent_id = agent(server)
    sessions = [session(server, agent_id, f"s{n}") for n in range(4)]
    with ThreadPoolExecutor(len(sessions)) as pool:
        answered = list(pool.map(lambda s: turn(server, agent_id, s, user("Name a colour.")), sessions))
    starts = sorted(t["started_at"] for t in answered)
    ends = sorted(t["completed_at"] for t in answered)
    assert starts[-1] < ends[0]  # all four were running at one moment
    for session_id, one in zip(sessions, answered, strict=True):
        stored = server.post("/agentic_system/session/get", None, agent_id=agent_id, session_id=session_id)
        assert stored["turns"] == [one]


def test_a_streamed_turn_that_fails_after_it_began_raises_the_problem_in_the_client(server: LiveServer) -> None:
    agent_id = agent(server)
    body = AgenticSystemTurnCreateRequest.from_dict(
        {
            "system_id": agent_id,
            "session_id": session(server, agent_id),
            "messages": [user("Summarise this. " + "A long story. " * 1000)],  # more than the context
        }
    )
    seen = []
    with Client(base_url=server.base_url, timeout=60) as client, pytest.raises(StreamError) as failed:
        for chunk in streaming.create_agentic_system_turn(client=client, body=body):
            seen.append(chunk.event.payload.event_type)
    assert seen[0] == "turn_start"
    assert failed.value.status == 400 and "context" in failed.value.detail


def test_a_tool_that_fails_is_an_answer_the_model_reads_not_a_failed_turn(server: LiveServer) -> None:
    closed = LocalEndpoint("127.0.0.1", http.server.BaseHTTPRequestHandler)
    closed.stop()  # nothing listens there now: the connection is refused
    weather = {
        "tool_name": "get_weather",
        "parameters": {"city": {"param_type": "string", "required": True}},
        "execution_config": {"url": f"{closed.url}/weather", "method": "GET"},
    }
    agent_id = agent(server, available_tools=[weather], tool_choice="get_weather", max_infer_iters=2)
    answered = turn(server, agent_id, session(server, agent_id), user("Weather in Lima?"))
    [execution] = steps_of(answered, "tool_execution")
    assert execution["tool_responses"][0]["content"].startswith("error: tool 'get_weather' failed: cannot reach")
    assert len(steps_of(answered, "inference")) == 2  # the model read the error and answered again


def test_a_shield_that_warns_records_its_finding_and_the_turn_goes_on(server: LiveServer) -> None:
    scanner = {"shield_type": "code_scanner_guard", "on_violation_action": 1}
    agent_id = agent(server, input_shields=[scanner])
    answered = turn(server, agent_id, session(server, agent_id), user("```python\neval(input())\n```"))
    [shield] = steps_of(answered, "shield_call")
    assert not shield["response"]["is_violation"]
    assert shield["response"]["violation_type"] == "B307:2" and shield["response"]["violation_return_message"]
    assert steps_of(answered, "inference")
