"""Prompts from dialogs, and tool calls from answers.

Two prompt formats: a model's own Jinja chat template (from its GGUF metadata), and the Llama 3.1
format with tools (the `ipython` role, `<|python_tag|>`, built-in tools declared in the system
prompt, custom tools as JSON function calls), used when a model's template is a Llama 3 one.
"""

from __future__ import annotations

import ast
import json
import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from lls_api import models

from ..errors import InvalidRequest

Message = models.UserMessage | models.SystemMessage | models.ToolResponseMessage | models.CompletionMessage

BUILTIN_TOOLS = {tool.value for tool in models.BuiltinTool}
LLAMA3_MARKER = "<|start_header_id|>"

# Llama 3.1's own wording for custom tools (from Meta's prompt format documentation).
CUSTOM_TOOLS_PREAMBLE = (
    "Answer the user's question by making use of the following functions if needed.\n"
    "If none of the function can be used, please say so.\n"
    "Here is a list of functions in JSON format:\n"
)
CUSTOM_TOOLS_CLOSING = "\nReturn function calls in JSON format."


def text_of(content: object) -> str:
    """The text of a message's content; attachments cannot be read by a text model."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(text_of(part) for part in content)
    raise InvalidRequest("attachments in messages are not supported by this server's text models")


# ---------------------------------------------------------------- tools as JSON schemas
PARAM_TYPES = {
    "str": "string",
    "string": "string",
    "int": "integer",
    "integer": "integer",
    "float": "number",
    "number": "number",
    "bool": "boolean",
    "boolean": "boolean",
    "list": "array",
    "array": "array",
    "dict": "object",
    "object": "object",
}


def tool_name_of(tool: models.ToolDefinition) -> str:
    return tool.tool_name.value if isinstance(tool.tool_name, models.BuiltinTool) else tool.tool_name


def parameters_schema(tool: models.ToolDefinition) -> dict[str, Any]:
    """A tool's parameters as the JSON schema of its arguments object."""
    properties: dict[str, Any] = {}
    required = []
    for name, param in (tool.parameters or {}).items():
        schema: dict[str, Any] = {"type": PARAM_TYPES.get(param.param_type.lower(), "string")}
        if param.description:
            schema["description"] = param.description
        properties[name] = schema
        if param.required is not False:
            required.append(name)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def function_definition(tool: models.ToolDefinition) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": tool_name_of(tool),
            "description": tool.description or "",
            "parameters": parameters_schema(tool),
        },
    }


def tool_call_schema(tools: list[models.ToolDefinition]) -> dict[str, Any]:
    """The JSON an answer must be to call one of `tools`: `{"name": ..., "arguments": {...}}`."""
    variants = [
        {
            "type": "object",
            "properties": {"name": {"const": tool_name_of(tool)}, "arguments": parameters_schema(tool)},
            "required": ["name", "arguments"],
            "additionalProperties": False,
        }
        for tool in tools
    ]
    return variants[0] if len(variants) == 1 else {"oneOf": variants}


# ---------------------------------------------------------------- parsing answers
@dataclass(frozen=True)
class ParsedAnswer:
    content: str
    tool_calls: list[models.ToolCall]


def new_call_id() -> str:
    return f"call-{uuid.uuid4().hex[:12]}"


def _call(name: str, arguments: Any) -> models.ToolCall | None:
    if not isinstance(arguments, dict):
        return None
    return models.ToolCall(call_id=new_call_id(), tool_name=name, arguments=arguments)


def _json_call(text: str) -> models.ToolCall | None:
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if not isinstance(document, dict) or not isinstance(document.get("name"), str):
        return None
    arguments = document.get("arguments", document.get("parameters", {}))
    return _call(document["name"], arguments)


BUILTIN_CALL = re.compile(r"^(\w+)\.call\((.*)\)$", re.S)
FUNCTION_TAG = re.compile(r"^<function=(\w+)>(.*)</function>$", re.S)


def _builtin_call(text: str) -> models.ToolCall | None:
    """`brave_search.call(query="...")`, as Llama 3.1 calls built-in tools after `<|python_tag|>`."""
    match = BUILTIN_CALL.match(text)
    if not match:
        return None
    try:
        call = ast.parse(f"f({match.group(2)})", mode="eval").body
        assert isinstance(call, ast.Call) and not call.args
        arguments = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords if kw.arg}
    except (SyntaxError, ValueError, AssertionError):
        return None
    return _call(match.group(1), arguments)


def parse_answer(text: str, tool_names: set[str]) -> ParsedAnswer:
    """Tool calls in a model's answer: Llama 3.1's `<|python_tag|>` calls, `<function=...>` tags, or JSON calls.

    A call is only recognised for a tool the request made available; anything else is content.
    """
    stripped = text.strip()
    call: models.ToolCall | None = None
    if stripped.startswith("<|python_tag|>"):
        code = stripped.removeprefix("<|python_tag|>").strip()
        call = _builtin_call(code) or _json_call(code)
        if call is None and "code_interpreter" in tool_names:
            call = _call("code_interpreter", {"code": code})
    elif match := FUNCTION_TAG.match(stripped):
        try:
            call = _call(match.group(1), json.loads(match.group(2)))
        except ValueError:
            call = None
    else:
        call = _json_call(stripped)
    if call is None or call.tool_name not in tool_names:
        return ParsedAnswer(text, [])
    return ParsedAnswer("", [call])


# ---------------------------------------------------------------- prompts
def is_llama3_template(template: str | None) -> bool:
    return template is not None and LLAMA3_MARKER in template


def render_template(
    template: str, messages: list[Message], *, bos: str, eos: str, tools: list[models.ToolDefinition]
) -> str:
    """A dialog through a model's own Jinja chat template; tools, if any, are described in the system prompt."""
    dialog = [{"role": m.role, "content": _message_text(m)} for m in messages]
    if tools:
        described = (
            CUSTOM_TOOLS_PREAMBLE
            + "\n".join(json.dumps(function_definition(t)) for t in tools)
            + '\n\nTo call a function, answer only with JSON: {"name": function name, "arguments": {...}}.'
        )
        if dialog and dialog[0]["role"] == "system":
            dialog[0]["content"] = f"{dialog[0]['content']}\n\n{described}"
        else:
            dialog.insert(0, {"role": "system", "content": described})
    environment = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    environment.globals["raise_exception"] = _raise_template_error
    try:
        return environment.from_string(template).render(
            messages=dialog, bos_token=bos, eos_token=eos, add_generation_prompt=True
        )
    except TemplateError as exc:
        raise InvalidRequest(f"the model's chat template cannot format this dialog: {exc}") from exc


def _raise_template_error(message: str) -> None:
    raise TemplateError(message)


def _message_text(message: Message) -> str:
    if isinstance(message, models.CompletionMessage) and message.tool_calls:
        return text_of(message.content) + "".join(
            json.dumps({"name": _name(c.tool_name), "arguments": c.arguments}) for c in message.tool_calls
        )
    return text_of(message.content)


def _name(tool_name: models.BuiltinTool | str) -> str:
    return tool_name.value if isinstance(tool_name, models.BuiltinTool) else tool_name


def _header(role: str) -> str:
    return f"<|start_header_id|>{role}<|end_header_id|>\n\n"


def llama31_prompt(messages: list[Message], tools: list[models.ToolDefinition], *, today: date) -> str:
    """The Llama 3.1 prompt format with tools, as Meta's llama-models documents it."""
    builtin = [_name(t.tool_name) for t in tools if _name(t.tool_name) in BUILTIN_TOOLS]
    custom = [t for t in tools if _name(t.tool_name) not in BUILTIN_TOOLS]
    system_lines = []
    if builtin:
        system_lines.append("Environment: ipython")
        listed = [name for name in builtin if name != "code_interpreter"]
        if listed:
            system_lines.append("Tools: " + ", ".join(listed))
    system_lines += ["Cutting Knowledge Date: December 2023", f"Today Date: {today.strftime('%d %B %Y')}", ""]
    rest = list(messages)
    if rest and isinstance(rest[0], models.SystemMessage):
        system_lines.append(text_of(rest.pop(0).content))
    if custom:
        system_lines.append(
            CUSTOM_TOOLS_PREAMBLE
            + "\n\n".join(json.dumps(function_definition(t), indent=4) for t in custom)
            + "\n"
            + CUSTOM_TOOLS_CLOSING
        )
    prompt = "<|begin_of_text|>" + _header("system") + "\n".join(system_lines).rstrip("\n") + "<|eot_id|>"
    for message in rest:
        prompt += _header(message.role) + _llama31_body(message)
    return prompt + _header("assistant")


def _llama31_body(message: Message) -> str:
    if isinstance(message, models.CompletionMessage) and message.tool_calls:
        calls = []
        for call in message.tool_calls:
            name = _name(call.tool_name)
            if name in BUILTIN_TOOLS and name != "code_interpreter":
                arguments = ", ".join(f"{k}={json.dumps(v)}" for k, v in call.arguments.items())
                calls.append(f"<|python_tag|>{name}.call({arguments})")
            elif name == "code_interpreter":
                calls.append(f"<|python_tag|>{call.arguments.get('code', '')}")
            else:
                calls.append(json.dumps({"type": "function", "name": name, "parameters": call.arguments}))
        return text_of(message.content) + "".join(calls) + "<|eom_id|>"
    return text_of(message.content) + "<|eot_id|>"
