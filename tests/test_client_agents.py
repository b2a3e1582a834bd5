"""The client's `Agent`: Python functions as client-side tools, their calls run between turns of a real server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from lls_client import Client
from lls_client.agents import Agent, UnknownToolError, tool_definition
from lls_client.api.agentic_system import get_agentic_system_session
from lls_client.models import (
    AgenticSystemInstanceConfig,
    AgenticSystemToolDefinition,
    AgenticSystemTurnResponseStreamChunk,
    BuiltinTool,
    SamplingParams,
    SamplingStrategy,
    Session,
    ToolResponseMessage,
    Turn,
    TurnCompletePayload,
    UserMessage,
)
from lls_client.types import UNSET
from lls_server.testing import DEFAULT_MODEL_ID, LiveServer

QUESTION = [UserMessage(role="user", content="Is order 1042 shipped?")]
INSTRUCTIONS = "You answer questions about orders."
# The default model is tiny: force every turn to call the tool, in one inference. With an integer parameter it
# copies the question's order number; a string it may fill with noise until it runs out of tokens.
FORCED: dict[str, Any] = {
    "tool_choice": "get_order_status",
    "max_infer_iters": 1,
    "sampling_params": SamplingParams(strategy=SamplingStrategy.GREEDY, max_tokens=48),
}


def order_tool(calls: list[dict[str, Any]], fails: bool = False) -> Callable[..., str]:
    """A tool that records the arguments of each call in `calls`."""

    def get_order_status(order_id: int) -> str:
        """The shipping status of an order.

        Args:
            order_id: The order's number, such as 1042.
        """
        calls.append({"order_id": order_id})
        if fails:
            raise LookupError(f"no order {order_id}")
        return f"order {order_id}: shipped"

    return get_order_status


def answers_to(turn: Turn) -> list[ToolResponseMessage]:
    """The answers the tool above gives to the turn's calls."""
    return [
        ToolResponseMessage(
            role="ipython",
            call_id=call.call_id,
            tool_name="get_order_status",
            content=f"order {call.arguments.to_dict()['order_id']}: shipped",
        )
        for call in turn.output_message.tool_calls
    ]


def stored_turns(client: Client, agent: Agent, session_id: str, turns: list[Turn]) -> list[Turn]:
    """The session's `turns` as the server keeps them.

    Named by id: the body `null` (all turns) cannot be sent with the generated client, whose `body=None` sends none.
    """
    ids = [turn.turn_id for turn in turns]
    stored = get_agentic_system_session.sync(client=client, body=ids, agent_id=agent.system_id, session_id=session_id)
    assert isinstance(stored, Session), stored
    return stored.turns


# ---------------------------------------------------------------- functions as tool definitions


def test_a_function_becomes_a_client_side_tool_from_its_signature_and_docstring() -> None:
    def lookup(order_id: str, verbose: bool, limit: int = 3, tags: list[str] | None = None) -> str:
        """Look an order up
        by its id.

        A second paragraph, left out.

        Args:
            order_id (str): The order's id,
                as printed on the receipt.
            limit: The most lines.

        Returns:
            The order.
        """
        return ""

    definition = tool_definition(lookup)
    assert definition.to_dict() == {
        "tool_name": "lookup",
        "description": "Look an order up by its id.",
        "parameters": {
            "order_id": {
                "param_type": "string",
                "description": "The order's id, as printed on the receipt.",
                "required": True,
            },
            "verbose": {"param_type": "boolean", "required": True},
            "limit": {"param_type": "integer", "description": "The most lines.", "required": False},
            "tags": {"param_type": "array", "required": False},
        },
    }
    assert definition.execution_config is UNSET  # the client runs it


def test_each_python_type_has_its_param_type_and_var_arguments_are_left_out() -> None:
    def typed(
        a: str, b: int, c: float, d: bool, e: list[int], f: dict[str, Any], g: float | None = None, **more: Any
    ) -> None:
        """
        Args:
            a: No summary above.
        """

    definition = tool_definition(typed)
    assert definition.description is UNSET
    assert definition.parameters and definition.parameters["a"].description == "No summary above."
    assert definition.parameters and {
        name: param.param_type for name, param in definition.parameters.additional_properties.items()
    } == {"a": "string", "b": "integer", "c": "number", "d": "boolean", "e": "array", "f": "object", "g": "number"}


@pytest.mark.parametrize(
    "function",
    [
        lambda untyped: None,
        lambda *, when: None,
    ],
)
def test_a_parameter_without_a_json_type_hint_is_refused(function: Callable[..., Any]) -> None:
    with pytest.raises(TypeError, match="type hint"):
        tool_definition(function)


def test_a_tuple_hint_and_a_positional_only_parameter_are_refused() -> None:
    def pair(at: tuple[int, int]) -> None:
        pass

    def positional(order_id: str, /) -> None:
        pass

    for function in (pair, positional):
        with pytest.raises(TypeError, match="keyword arguments"):
            tool_definition(function)


# ---------------------------------------------------------------- the loop, on a scripted server


def scripted_client(*outputs: list[dict[str, Any]]) -> tuple[Client, list[dict[str, Any]]]:
    """A client of a fake server whose turns call the tools of `outputs`, one list of calls a turn; its requests."""
    requests: list[dict[str, Any]] = []
    pending = list(outputs)

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        requests.append(body)
        if request.url.path == "/agentic_system/create":
            return httpx.Response(200, json={"system_id": "system-1"})
        if request.url.path == "/agentic_system/session/create":
            return httpx.Response(200, json={"session_id": "session-1"})
        output = {"role": "assistant", "content": "", "stop_reason": "end_of_message", "tool_calls": pending.pop(0)}
        turn = {
            "turn_id": f"turn-{len(requests)}",
            "session_id": body["session_id"],
            "input_messages": body["messages"],
            "steps": [],
            "output_message": output,
            "started_at": "2025-01-01T00:00:00Z",
        }
        return httpx.Response(200, json=turn)

    transport = httpx.Client(base_url="http://scripted", transport=httpx.MockTransport(answer))
    return Client(base_url="http://scripted").set_httpx_client(transport), requests


def call(tool_name: str, call_id: str, **arguments: Any) -> dict[str, Any]:
    return {"call_id": call_id, "tool_name": tool_name, "arguments": arguments}


def test_every_call_of_a_turn_is_answered_in_order_and_results_that_are_not_text_as_json() -> None:
    def add(a: int, b: int) -> dict[str, int]:
        return {"sum": a + b}

    client, requests = scripted_client([call("add", "c1", a=1, b=2), call("add", "c2", a=3, b="x")], [])
    agent = Agent(client, "m", INSTRUCTIONS, tools=[add])
    turns = agent.create_turn(QUESTION, agent.create_session("s"))
    assert len(turns) == 2 and turns[1].output_message.tool_calls == []
    assert requests[-1]["messages"] == [
        {"role": "ipython", "call_id": "c1", "tool_name": "add", "content": '{"sum": 3}'},
        {
            "role": "ipython",
            "call_id": "c2",
            "tool_name": "add",
            "content": "error: TypeError: unsupported operand type(s) for +: 'int' and 'str'",
        },
    ]


def test_a_call_to_a_tool_nobody_runs_raises_with_the_turns_so_far() -> None:
    client, _ = scripted_client([call("get_weather", "c1", city="Paris")])
    agent = Agent(client, "m", INSTRUCTIONS, tools=[order_tool([])])
    with pytest.raises(UnknownToolError, match="get_weather") as raised:
        agent.create_turn(QUESTION, "session-1")
    assert [c.call_id for c in raised.value.calls] == ["c1"] and len(raised.value.turns) == 1


def test_calls_left_to_server_side_tools_end_the_loop() -> None:
    calls: list[dict[str, Any]] = []
    client, requests = scripted_client([call("brave_search", "c1", query="orders")])
    search = AgenticSystemToolDefinition(tool_name=BuiltinTool.BRAVE_SEARCH)
    agent = Agent(client, "m", INSTRUCTIONS, tools=[order_tool(calls), search])
    assert len(agent.create_turn(QUESTION, "session-1")) == 1 and calls == []
    assert [tool["tool_name"] for tool in requests[0]["instance_config"]["available_tools"]] == [
        "get_order_status",
        "brave_search",
    ]


# ---------------------------------------------------------------- the loop, on the real server


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[Client]:
    with Client(base_url=live_server.base_url, timeout=httpx.Timeout(120)) as client:
        yield client


def test_the_functions_answers_continue_the_session_until_max_tool_rounds(client: Client) -> None:
    calls: list[dict[str, Any]] = []
    agent = Agent(client, DEFAULT_MODEL_ID, INSTRUCTIONS, tools=[order_tool(calls)], **FORCED)
    session_id = agent.create_session("orders")
    turns = agent.create_turn(QUESTION, session_id, max_tool_rounds=2)
    assert len(turns) == 3  # the question, then two rounds of answers; each turn calls the tool again
    assert calls == [turn.output_message.tool_calls[0].arguments.to_dict() for turn in turns[:2]]
    assert calls == [{"order_id": 1042}, {"order_id": 1042}]
    assert [len(turn.output_message.tool_calls) for turn in turns] == [1, 1, 1]
    assert turns[0].input_messages == QUESTION
    assert turns[1].input_messages == answers_to(turns[0]) and turns[2].input_messages == answers_to(turns[1])
    assert stored_turns(client, agent, session_id, turns) == turns


def test_a_streamed_turn_yields_every_turns_events_and_runs_the_function_between_them(client: Client) -> None:
    seen: list[int] = []
    events: list[AgenticSystemTurnResponseStreamChunk] = []

    def get_order_status(order_id: int) -> str:
        seen.append(len(events))
        return f"order {order_id}: shipped"

    agent = Agent(client, DEFAULT_MODEL_ID, INSTRUCTIONS, tools=[get_order_status], **FORCED)
    session_id = agent.create_session("orders")
    for event in agent.create_turn(QUESTION, session_id, stream=True, max_tool_rounds=1):
        events.append(event)
    kinds = [event.event.payload.event_type for event in events]
    ends = [i for i, kind in enumerate(kinds) if kind == "turn_complete"]
    assert kinds.count("turn_start") == 2 and len(ends) == 2 and ends[-1] == len(kinds) - 1
    assert kinds[ends[0] + 1] == "turn_start" and seen == [ends[0] + 1]
    first, second = (payload.turn for e in events if isinstance(payload := e.event.payload, TurnCompletePayload))
    assert second.input_messages == answers_to(first)
    assert stored_turns(client, agent, session_id, [first, second]) == [first, second]


def test_a_function_that_raises_answers_with_the_error(client: Client) -> None:
    calls: list[dict[str, Any]] = []
    agent = Agent(client, DEFAULT_MODEL_ID, INSTRUCTIONS, tools=[order_tool(calls, fails=True)], **FORCED)
    first, second = agent.create_turn(QUESTION, agent.create_session("orders"), max_tool_rounds=1)
    [answer] = second.input_messages
    assert isinstance(answer, ToolResponseMessage)
    assert answer.call_id == first.output_message.tool_calls[0].call_id
    assert answer.content == f"error: LookupError: no order {calls[0]['order_id']}"


def test_no_round_without_calls_or_rounds(client: Client) -> None:
    calls: list[dict[str, Any]] = []
    agent = Agent(client, DEFAULT_MODEL_ID, INSTRUCTIONS, tools=[order_tool(calls)], **FORCED)
    session_id = agent.create_session("orders")
    [unanswered] = agent.create_turn(QUESTION, session_id, max_tool_rounds=0)
    assert unanswered.output_message.tool_calls and calls == []
    no_tools = AgenticSystemInstanceConfig(instructions=INSTRUCTIONS, **{**FORCED, "tool_choice": "none"})
    [answered] = agent.create_turn(QUESTION, agent.create_session("other"), override_config=no_tools)
    assert answered.output_message.tool_calls == [] and calls == []
