"""Prompt formats and tool-call parsing against golden strings.

No Llama 3 weights are available here, so the Llama 3.1 format is checked against the prompts that
Meta's prompt-format documentation gives, character for character.
"""

from __future__ import annotations

from datetime import date

import pytest

from lls_api import models
from lls_server.errors import InvalidRequest
from lls_server.inference.chat_format import (
    is_llama3_template,
    llama31_prompt,
    parse_answer,
    render_template,
    tool_call_schema,
)

TODAY = date(2024, 7, 23)


def user(text: str) -> models.UserMessage:
    return models.UserMessage(role="user", content=text)


def system(text: str) -> models.SystemMessage:
    return models.SystemMessage(role="system", content=text)


def builtin(name: str) -> models.ToolDefinition:
    return models.ToolDefinition(tool_name=models.BuiltinTool(name))


WEATHER = models.ToolDefinition(
    tool_name="get_weather",
    description="Get the current weather",
    parameters={"city": models.ToolParamDefinition(param_type="string", description="The city", required=True)},
)


def test_llama31_plain_dialog() -> None:
    prompt = llama31_prompt([system("You are a helpful assistant"), user("Hi")], [], today=TODAY)
    assert prompt == (
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
        "Cutting Knowledge Date: December 2023\nToday Date: 23 July 2024\n\n"
        "You are a helpful assistant<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    )


def test_llama31_builtin_tools_are_declared_in_the_system_prompt() -> None:
    tools = [builtin("brave_search"), builtin("wolfram_alpha"), builtin("code_interpreter")]
    prompt = llama31_prompt(
        [system("You are a helpful assistant"), user("What is the current weather in Menlo Park, California?")],
        tools,
        today=TODAY,
    )
    assert prompt == (
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
        "Environment: ipython\nTools: brave_search, wolfram_alpha\n"
        "Cutting Knowledge Date: December 2023\nToday Date: 23 July 2024\n\n"
        "You are a helpful assistant<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\n"
        "What is the current weather in Menlo Park, California?<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    )


def test_llama31_tool_call_and_ipython_answer_in_the_history() -> None:
    call = models.ToolCall(
        call_id="c1", tool_name=models.BuiltinTool.brave_search, arguments={"query": "Menlo Park California weather"}
    )
    messages = [
        user("Weather in Menlo Park?"),
        models.CompletionMessage(
            role="assistant", content="", stop_reason=models.StopReason.end_of_message, tool_calls=[call]
        ),
        models.ToolResponseMessage(
            role="ipython", call_id="c1", tool_name=models.BuiltinTool.brave_search, content='{"temperature": "21C"}'
        ),
    ]
    prompt = llama31_prompt(messages, [builtin("brave_search")], today=TODAY)
    assert prompt.endswith(
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
        '<|python_tag|>brave_search.call(query="Menlo Park California weather")<|eom_id|>'
        "<|start_header_id|>ipython<|end_header_id|>\n\n"
        '{"temperature": "21C"}<|eot_id|>'
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    )


def test_llama31_custom_tools_are_json_function_definitions() -> None:
    prompt = llama31_prompt([user("Weather in Paris?")], [WEATHER], today=TODAY)
    assert "Environment: ipython" not in prompt
    assert (
        "Here is a list of functions in JSON format:\n"
        '{\n    "type": "function",\n    "function": {\n        "name": "get_weather",\n'
    ) in prompt
    assert (
        prompt.index("Today Date") < prompt.index("Return function calls in JSON format.") < prompt.index("<|eot_id|>")
    )


@pytest.mark.parametrize(
    ("answer", "name", "arguments"),
    [
        (
            '<|python_tag|>brave_search.call(query="Menlo Park weather")',
            "brave_search",
            {"query": "Menlo Park weather"},
        ),
        ("<|python_tag|>wolfram_alpha.call(query='2+2')", "wolfram_alpha", {"query": "2+2"}),
        (
            "<|python_tag|>import sys\nprint(sys.version)",
            "code_interpreter",
            {"code": "import sys\nprint(sys.version)"},
        ),
        (
            '{"type": "function", "name": "get_weather", "parameters": {"city": "Paris"}}',
            "get_weather",
            {"city": "Paris"},
        ),
        ('{"name": "get_weather", "arguments": {"city": "Paris"}}', "get_weather", {"city": "Paris"}),
        ('<function=get_weather>{"city": "Paris"}</function>', "get_weather", {"city": "Paris"}),
    ],
)
def test_tool_calls_are_parsed(answer: str, name: str, arguments: dict) -> None:
    parsed = parse_answer(answer, {"brave_search", "wolfram_alpha", "code_interpreter", "get_weather"})
    (call,) = parsed.tool_calls
    assert call.tool_name == name and call.arguments == arguments and call.call_id
    assert parsed.content == ""


@pytest.mark.parametrize(
    "answer",
    [
        "The weather in Paris is sunny.",
        '{"name": "delete_everything", "arguments": {}}',  # not a tool the request offered
        '{"name": "get_weather", "arguments": "Paris"}',  # arguments must be an object
        "<|python_tag|>not_a_tool.call(x=1)",
    ],
)
def test_anything_else_is_content(answer: str) -> None:
    parsed = parse_answer(answer, {"get_weather"})
    assert parsed.tool_calls == [] and parsed.content == answer


def test_a_chatml_template_renders_the_dialog_and_describes_tools() -> None:
    template = (
        "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
        "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
    )
    assert not is_llama3_template(template)
    prompt = render_template(template, [user("Hi")], bos="", eos="<|im_end|>", tools=[])
    assert prompt == "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
    with_tools = render_template(template, [user("Hi")], bos="", eos="", tools=[WEATHER])
    assert with_tools.startswith("<|im_start|>system\nAnswer the user's question")
    assert '"name": "get_weather"' in with_tools


def test_a_template_that_raises_is_a_400() -> None:
    with pytest.raises(InvalidRequest, match="cannot format"):
        render_template("{{ raise_exception('roles must alternate') }}", [user("Hi")], bos="", eos="", tools=[])


def test_tool_call_schema_names_each_tool_and_its_arguments() -> None:
    schema = tool_call_schema([WEATHER])
    assert schema["properties"]["name"] == {"const": "get_weather"}
    assert schema["properties"]["arguments"]["required"] == ["city"]
    assert "oneOf" in tool_call_schema([WEATHER, builtin("brave_search")])


def test_a_llama_3_template_is_recognised_as_one() -> None:
    """The start of Meta's Llama 3.1 Instruct GGUF template: such models get the Llama 3.1 format with tools."""
    template = (
        "{{- bos_token }}\n{%- if custom_tools is defined %}\n    {%- set tools = custom_tools %}\n{%- endif %}\n"
        "{{- '<|start_header_id|>system<|end_header_id|>\\n\\n' }}\n"
        "{%- for message in messages %}{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'"
        " + message['content'] | trim + '<|eot_id|>' }}{%- endfor %}"
    )
    assert is_llama3_template(template)
    assert not is_llama3_template(None)
