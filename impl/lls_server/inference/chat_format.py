"""Prompts from dialogs, and tool calls from answers.

Two prompt formats: a model's own Jinja chat template (from its GGUF metadata), and the Llama 3.1
format with tools (the `ipython` role, `<|python_tag|>`, built-in tools declared in the system
prompt, custom tools as JSON function calls), used when a model's template is a Llama 3 one.
"""

from __future__ import annotations

import ast
import functools
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, NamedTuple

from jinja2 import TemplateError
from llama_cpp.llama_chat_format import Jinja2ChatFormatter

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
    """A tool's parameters as the JSON schema of its arguments object: its `input_schema`, or else the schema
    its typed `parameters` make."""
    if tool.input_schema is not None:
        return {"type": "object", **tool.input_schema}
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
class PromptPiece(NamedTuple):
    """A run of a prompt: the format's own markup, whose special tokens are parsed, or text that came from a
    message, a tool or a document, tokenized as plain text so that it can never forge a marker."""

    text: str
    markup: bool


def markup(text: str) -> PromptPiece:
    return PromptPiece(text, True)


def plain(text: str) -> PromptPiece:
    return PromptPiece(text, False)


def is_llama3_template(template: str | None) -> bool:
    return template is not None and LLAMA3_MARKER in template


def describe_tools(tools: list[models.ToolDefinition]) -> str:
    """Custom tools in Llama 3.1's own words (Meta's prompt format documentation), as JSON function definitions."""
    return (
        CUSTOM_TOOLS_PREAMBLE
        + "\n\n".join(json.dumps(function_definition(t), indent=4) for t in tools)
        + "\n"
        + CUSTOM_TOOLS_CLOSING
    )


# Private-use characters: no real text holds them, and templates pass them through untouched.
SENTINEL_OPEN, SENTINEL_CLOSE = "\ue000", "\ue001"
SENTINEL = re.compile(f"( ?){SENTINEL_OPEN}(\\d+){SENTINEL_CLOSE}( ?)")


def render_template(
    template: str, messages: list[Message], *, bos: str, eos: str, tools: list[models.ToolDefinition]
) -> list[PromptPiece]:
    """A dialog through a model's own Jinja chat template, rendered as llama.cpp and Transformers render
    templates (llama-cpp-python's formatter: `strftime_now`, `raise_exception`, loop controls, `tojson`).

    Tools, if any, are described in the system prompt. The template sees a sentinel in place of each
    message's text, padded with a space each side: what the template keeps of the padding says whether it
    trims the text; the text goes back in as a plain piece, the rest of the rendering is markup. A template
    may leave a message out (some skip the system message); one that cuts into a text cannot be used.
    """
    texts = [_message_text(m) for m in messages]
    roles = [m.role for m in messages]
    if tools:
        described = (
            CUSTOM_TOOLS_PREAMBLE
            + "\n".join(json.dumps(function_definition(t)) for t in tools)
            + '\n\nTo call a function, answer only with JSON: {"name": function name, "arguments": {...}}.'
        )
        if roles and roles[0] == "system":
            texts[0] = f"{texts[0]}\n\n{described}"
        else:
            texts.insert(0, described)
            roles.insert(0, "system")
    dialog: list[Any] = [  # OpenAI-style messages, as the formatter's TypedDicts describe them
        {"role": role, "content": f" {SENTINEL_OPEN}{index}{SENTINEL_CLOSE} "} for index, role in enumerate(roles)
    ]
    try:
        rendered = _formatter(template, eos, bos)(messages=dialog).prompt
    except (TemplateError, ValueError) as exc:  # ValueError: the template's raise_exception
        raise InvalidRequest(f"the model's chat template cannot format this dialog: {exc}") from exc
    pieces, cursor = [], 0
    for match in SENTINEL.finditer(rendered):
        pieces.append(markup(rendered[cursor : match.start()]))
        text = texts[int(match.group(2))]
        text = text if match.group(1) else text.lstrip()
        text = text if match.group(3) else text.rstrip()
        pieces.append(plain(text))
        cursor = match.end()
    pieces.append(markup(rendered[cursor:]))
    if any(SENTINEL_OPEN in piece.text or SENTINEL_CLOSE in piece.text for piece in pieces if piece.markup):
        raise InvalidRequest(
            "the model's chat template cuts into message text, so this server cannot keep it apart from the "
            "template's markup; set chat_template for this model in the run config"
        )
    return [piece for piece in pieces if piece.text]


@functools.lru_cache(maxsize=16)
def _formatter(template: str, eos: str, bos: str) -> Jinja2ChatFormatter:
    """A compiled template, kept: compiling one takes longer than rendering it."""
    try:
        return Jinja2ChatFormatter(template, eos_token=eos, bos_token=bos)
    except TemplateError as exc:
        raise InvalidRequest(f"the model's chat template is not valid Jinja: {exc}") from exc


def _message_text(message: Message) -> str:
    if isinstance(message, models.CompletionMessage) and message.tool_calls:
        return text_of(message.content) + "".join(
            json.dumps({"name": _name(c.tool_name), "arguments": c.arguments}) for c in message.tool_calls
        )
    return text_of(message.content)


def _name(tool_name: models.BuiltinTool | str) -> str:
    return tool_name.value if isinstance(tool_name, models.BuiltinTool) else tool_name


# ---------------------------------------------------------------- the Llama 3.1 format
@dataclass(frozen=True)
class Llama3Message:
    """A message as Meta's `ChatFormat` encodes it: each text of its content apart, then its tool calls."""

    role: Literal["system", "user", "assistant", "ipython"]
    texts: list[str]
    tool_calls: list[models.ToolCall] = field(default_factory=list)
    end_of_message: bool = False  # an assistant message that waits for a tool's answer ends with <|eom_id|>


def _texts(content: object) -> list[str]:
    return [text_of(part) for part in content] if isinstance(content, list) else [text_of(content)]


def llama31_dialog(
    messages: list[Message], tools: list[models.ToolDefinition], tool_choice: str, *, today: date
) -> list[Llama3Message]:
    """The dialog the Llama 3.1 format sends, as Meta's llama-stack builds it: a system prompt that declares the
    built-in tools and the date, then the request's own system text; custom tools in a user message of their own.
    """
    builtin = [_name(t.tool_name) for t in tools if _name(t.tool_name) in BUILTIN_TOOLS]
    custom = [t for t in tools if _name(t.tool_name) not in BUILTIN_TOOLS]
    system = ""
    if tools:  # code_interpreter is implied by the environment; the others are listed
        listed = [name for name in builtin if name != "code_interpreter"]
        system += "Environment: ipython\n" + ("Tools: " + ", ".join(listed) + "\n" if listed else "\n")
    system += f"Cutting Knowledge Date: December 2023\nToday Date: {today.strftime('%d %B %Y')}"
    rest = list(messages)
    if rest and isinstance(rest[0], models.SystemMessage):
        system += "\n\n" + "\n".join(_texts(rest.pop(0).content))
    if tool_choice == "required":
        system += "\nYou MUST use one of the provided functions/tools to answer the user query."
    elif tool_choice not in ("auto", "none"):
        system += f"\nYou MUST use the tool `{tool_choice}` to answer the user query."
    dialog = [Llama3Message("system", [system])]
    if custom:
        dialog.append(Llama3Message("user", [describe_tools(custom)]))
    for message in rest:
        if isinstance(message, models.CompletionMessage):
            dialog.append(
                Llama3Message(
                    "assistant",
                    _texts(message.content),
                    list(message.tool_calls),
                    message.stop_reason == models.StopReason.end_of_message,
                )
            )
        else:
            dialog.append(Llama3Message(message.role, _texts(message.content)))
    return dialog


def llama31_prompt(dialog: list[Llama3Message]) -> list[PromptPiece]:
    """The Llama 3.1 prompt, piece for piece as Meta's `ChatFormat.encode_dialog_prompt` encodes it."""
    pieces = [markup("<|begin_of_text|>")]
    for message in dialog:
        pieces += _header(message.role)
        calls = message.tool_calls
        if calls and _name(calls[0].tool_name) == "code_interpreter":
            pieces.append(markup("<|python_tag|>"))
        pieces += [plain(text) for text in message.texts]
        pieces += [plain(encode_call(call)) for call in calls]
        pieces.append(markup("<|eom_id|>" if message.end_of_message else "<|eot_id|>"))
    return pieces + _header("assistant")


def _header(role: str) -> list[PromptPiece]:
    return [markup("<|start_header_id|>"), plain(role), markup("<|end_header_id|>"), plain("\n\n")]


def encode_call(call: models.ToolCall) -> str:
    """A tool call as the model writes it: `tool.call(query="...")` for a built-in tool, the code itself for
    the code interpreter, a JSON function call for a custom tool."""
    name = _name(call.tool_name)
    if name == "code_interpreter":
        return str(call.arguments.get("code", ""))
    if name in BUILTIN_TOOLS:
        arguments = ", ".join(
            f'{key}="{value}"' if isinstance(value, str) else f"{key}={json.dumps(value)}"
            for key, value in call.arguments.items()
        )
        return f"{name}.call({arguments})"
    return json.dumps({"type": "function", "name": name, "parameters": call.arguments})
