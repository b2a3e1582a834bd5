"""Messages and tools of the API, for tests to write dialogs briefly."""

from __future__ import annotations

from lls_api import models


def user(text: str | list[str]) -> models.UserMessage:
    return models.UserMessage(role="user", content=text)


def system(text: str) -> models.SystemMessage:
    return models.SystemMessage(role="system", content=text)


def assistant(
    text: str, calls: list[models.ToolCall] | None = None, stop: str = "end_of_turn"
) -> models.CompletionMessage:
    return models.CompletionMessage(
        role="assistant", content=text, stop_reason=models.StopReason(stop), tool_calls=calls or []
    )


def builtin(name: str) -> models.ToolDefinition:
    return models.ToolDefinition(tool_name=models.BuiltinTool(name))
