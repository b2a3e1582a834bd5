"""An agent's tools: what the model is told of each, which run in the server and how, and which the client runs.

Built-in tools run in the server when the run config sets them up: `code_interpreter` in the sandbox,
`brave_search` and `wolfram_alpha` against their services. A custom tool with an `execution_config` is called
over HTTP; one without is the client's: the turn ends with the call, and the client answers it in the next turn.
Whatever a tool that runs here does (fail, time out, answer an error), the model reads it as the tool's answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from lls_api import models

from ..config import AgentsConfig
from ..errors import InvalidRequest
from ..inference.chat_format import BUILTIN_TOOLS
from ..url_policy import AddressPolicy
from .sandbox import CodeSandbox, SandboxResult, SandboxUnavailable
from .web_tools import RestTool, WebTool

OnOutput = Callable[[str], Awaitable[None]]


def _param(description: str) -> models.ToolParamDefinition:
    return models.ToolParamDefinition(param_type="string", description=description, required=True)


# What the model is told each built-in tool takes (Llama 3.1 models know them by name; others read these).
BUILTIN_PARAMETERS = {
    "code_interpreter": {"code": _param("The Python code to run; what it prints is the answer.")},
    "brave_search": {"query": _param("What to search the web for.")},
    "wolfram_alpha": {"query": _param("What to ask Wolfram Alpha: a computation or a question of fact.")},
    "photogen": {"query": _param("The image to make.")},
}
BUILTIN_DESCRIPTIONS = {
    "code_interpreter": "Runs Python code in a sandbox with no network; files it writes stay for the session.",
    "brave_search": "Searches the web with Brave Search.",
    "wolfram_alpha": "Asks Wolfram Alpha for computations and facts.",
    "photogen": "Makes an image from a description.",
}


def tool_name(definition: models.AgenticSystemToolDefinition | models.ToolCall) -> str:
    name = definition.tool_name
    return name.value if isinstance(name, models.BuiltinTool) else name


def prompt_tool(definition: models.AgenticSystemToolDefinition) -> models.ToolDefinition:
    """The tool as an inference request offers it to the model."""
    name = tool_name(definition)
    return models.ToolDefinition(
        tool_name=definition.tool_name,
        description=definition.description or BUILTIN_DESCRIPTIONS.get(name),
        parameters=definition.parameters if definition.parameters is not None else BUILTIN_PARAMETERS.get(name),
    )


def sandbox_answer(result: SandboxResult) -> str:
    """A code interpreter run as the model reads it."""
    if result.timed_out:
        status = "timed out: the run was stopped at its time limit"
    else:
        status = f"completed with exit status {result.exit_code}"
    parts = [status]
    for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        if text:
            parts.append(f"[{name}]\n{text.removesuffix(chr(10))}\n[/{name}]")
    if result.truncated:
        parts.append("(the output was cut at the sandbox's output limit)")
    return "\n".join(parts)


@dataclass(frozen=True)
class ServerTools:
    """What the run config sets up for tools to run in the server."""

    sandbox: CodeSandbox | None
    sandbox_unavailable: str | None
    """Why the code interpreter cannot run here, when it cannot."""
    search: Mapping[str, WebTool]
    policy: AddressPolicy
    config: AgentsConfig

    def toolbox(self, definitions: Sequence[models.AgenticSystemToolDefinition]) -> Toolbox:
        """The tools `definitions` list; a 400 names every one that cannot run here."""
        problems, names = [], set()
        runners: dict[str, WebTool | None] = {}
        for definition in definitions:
            name = tool_name(definition)
            if name in names:
                problems.append(f"tool {name!r} is listed twice")
            names.add(name)
            try:
                runners[name] = self._runner(name, definition)
            except InvalidRequest as exc:
                problems.append(exc.detail)
        if problems:
            raise InvalidRequest("available_tools: " + "; ".join(problems))
        return Toolbox(self, {tool_name(d): d for d in definitions}, runners)

    def _runner(self, name: str, definition: models.AgenticSystemToolDefinition) -> WebTool | None:
        if name not in BUILTIN_TOOLS:
            if definition.execution_config is None:
                return None  # the client's
            if not definition.execution_config.url.lower().startswith(("http://", "https://")):
                raise InvalidRequest(f"tool {name!r}: its execution_config's url must be http(s)://")
            return RestTool(definition, self.policy, self.config.tool_timeout_seconds, self.config.tool_output_bytes)
        if definition.execution_config is not None:
            raise InvalidRequest(f"tool {name!r} is built in: execution_config is for custom tools")
        if name == "code_interpreter":
            if self.sandbox is None:
                raise InvalidRequest(
                    f"tool 'code_interpreter' is not available on this server: {self.sandbox_unavailable}"
                )
            return None
        if name == "photogen":
            raise InvalidRequest("tool 'photogen' is not available: this server has no image generation backend")
        if name not in self.search:
            raise InvalidRequest(f"tool {name!r} is not set up on this server: see agents.{name} in the run config")
        return self.search[name]


@dataclass(frozen=True)
class Toolbox:
    """The tools of one turn's configuration."""

    server: ServerTools
    definitions: Mapping[str, models.AgenticSystemToolDefinition]
    runners: Mapping[str, WebTool | None]

    def prompt_tools(self) -> list[models.ToolDefinition]:
        return [prompt_tool(definition) for definition in self.definitions.values()]

    def runs_in_client(self, call: models.ToolCall) -> bool:
        name = tool_name(call)
        return name != "code_interpreter" and self.runners.get(name) is None

    def shields(self, call: models.ToolCall) -> tuple[list[models.ShieldDefinition], list[models.ShieldDefinition]]:
        """The call's tool's input and output shields."""
        definition = self.definitions[tool_name(call)]
        return definition.input_shields or [], definition.output_shields or []

    async def run(self, call: models.ToolCall, session_id: str, on_output: OnOutput) -> str:
        """The tool's answer to the call, as the model reads it."""
        name = tool_name(call)
        if name == "code_interpreter":
            code = call.arguments.get("code")
            if not isinstance(code, str):
                return "error: code_interpreter takes its Python code as the string argument `code`"
            assert self.server.sandbox is not None  # a toolbox offers code_interpreter only with a sandbox
            try:
                result = await self.server.sandbox.run(session_id, code, on_output)
            except SandboxUnavailable as exc:
                return f"error: the code interpreter cannot run: {exc}"
            return sandbox_answer(result)
        runner = self.runners[name]
        assert runner is not None  # the client's tools are not run here
        answer = await runner.run(call.arguments)
        await on_output(answer)
        return answer
