"""OpenAI's requests in the Llama Stack API's terms: a chat completion request becomes a `ChatCompletionRequest`
(messages, tools, tool choice, response format, sampling), which the Inference API plans as its own."""

from __future__ import annotations

import json
from typing import Any

from lls_api import models

from ..errors import InvalidRequest

OpenAIMessage = (
    models.OpenAISystemMessage
    | models.OpenAIUserMessage
    | models.OpenAIAssistantMessageParam
    | models.OpenAIToolMessage
)
Stop = models.OpenAIStop1 | models.OpenAIStop2 | None


def text(content: str | list[models.OpenAITextPart] | None) -> str:
    if content is None:
        return ""
    return content if isinstance(content, str) else "".join(part.text for part in content)


def stop_texts(stop: Stop) -> list[str] | None:
    if stop is None:
        return None
    if isinstance(stop, models.OpenAIStop1):
        return [stop.root]
    return [item.root for item in stop.root]


def sampling_params(
    *,
    temperature: float,
    top_p: float,
    max_tokens: int | None,
    seed: int | None,
    stop: Stop,
    frequency_penalty: float,
    presence_penalty: float,
) -> models.SamplingParams:
    """OpenAI's sampling fields: temperature 0 takes the most likely token, as OpenAI's does."""
    return models.SamplingParams(
        strategy=models.SamplingStrategy.greedy if temperature == 0 else models.SamplingStrategy.top_p,
        temperature=temperature,
        top_p=top_p,
        max_tokens=max_tokens or 0,
        seed=seed,
        stop=stop_texts(stop),
        frequency_penalty=frequency_penalty,
        presence_penalty=presence_penalty,
    )


def _tool_call(call: models.OpenAIToolCall, where: str) -> models.ToolCall:
    try:
        arguments = json.loads(call.function.arguments or "{}")
    except ValueError as exc:
        raise InvalidRequest(f"{where}.function.arguments is not JSON: {exc}") from exc
    if not isinstance(arguments, dict):
        raise InvalidRequest(f"{where}.function.arguments is not a JSON object")
    return models.ToolCall(call_id=call.id, tool_name=call.function.name, arguments=arguments)


def messages(dialog: list[OpenAIMessage]) -> list[Any]:
    """The dialog as the Llama Stack API's messages. A tool message answers the call of an earlier assistant
    message with its `tool_call_id`: the call names the tool."""
    converted: list[Any] = []
    called: dict[str, str] = {}  # call id -> tool name
    for index, message in enumerate(dialog):
        where = f"messages.{index}"
        if isinstance(message, models.OpenAISystemMessage):
            converted.append(models.SystemMessage(role="system", content=text(message.content)))
        elif isinstance(message, models.OpenAIUserMessage):
            converted.append(models.UserMessage(role="user", content=text(message.content)))
        elif isinstance(message, models.OpenAIAssistantMessageParam):
            calls = [_tool_call(call, f"{where}.tool_calls.{i}") for i, call in enumerate(message.tool_calls or [])]
            called.update((call.call_id, str(call.tool_name)) for call in calls)
            converted.append(
                models.CompletionMessage(
                    role="assistant",
                    content=text(message.content),
                    stop_reason=models.StopReason.end_of_turn,
                    tool_calls=calls,
                )
            )
        else:
            if message.tool_call_id not in called:
                raise InvalidRequest(
                    f"{where}.tool_call_id {message.tool_call_id!r} answers no call of an earlier assistant message"
                )
            converted.append(
                models.ToolResponseMessage(
                    role="ipython",
                    call_id=message.tool_call_id,
                    tool_name=called[message.tool_call_id],
                    content=text(message.content),
                )
            )
    return converted


def tools(offered: list[models.OpenAITool] | None) -> list[models.ToolDefinition] | None:
    if not offered:
        return None
    return [
        models.ToolDefinition(
            tool_name=tool.function.name,
            description=tool.function.description,
            input_schema=tool.function.parameters or {"type": "object", "properties": {}},
        )
        for tool in offered
    ]


def tool_choice(choice: models.OpenAIToolChoice1 | models.OpenAINamedToolChoice | None) -> str | None:
    if choice is None:
        return None
    return choice.value if isinstance(choice, models.OpenAIToolChoice1) else choice.function.name


def response_format(
    requested: models.OpenAIResponseFormatText
    | models.OpenAIResponseFormatJsonObject
    | models.OpenAIResponseFormatJsonSchema
    | None,
) -> models.JsonSchemaResponseFormat | None:
    if isinstance(requested, models.OpenAIResponseFormatJsonObject):
        return models.JsonSchemaResponseFormat(type="json_schema", json_schema={"type": "object"})
    if isinstance(requested, models.OpenAIResponseFormatJsonSchema):
        schema = requested.json_schema.schema_ or {"type": "object"}
        return models.JsonSchemaResponseFormat(type="json_schema", json_schema=schema)
    return None


def chat_request(body: models.OpenAIChatCompletionRequest) -> models.ChatCompletionRequest:
    """The chat request as the Inference API plans it; a 400 names what it cannot take."""
    if body.top_logprobs is not None and not body.logprobs:
        raise InvalidRequest("top_logprobs needs logprobs: true")
    return models.ChatCompletionRequest(
        model=body.model,
        messages=messages(body.messages),
        available_tools=tools(body.tools),
        tool_choice=tool_choice(body.tool_choice),
        response_format=response_format(body.response_format),
        sampling_params=sampling_params(
            temperature=body.temperature,
            top_p=body.top_p,
            max_tokens=body.max_completion_tokens or body.max_tokens,
            seed=body.seed,
            stop=body.stop,
            frequency_penalty=body.frequency_penalty,
            presence_penalty=body.presence_penalty,
        ),
        # The chosen token's log-probability comes with the alternatives; at least one is asked for.
        logprobs=models.LogProbConfig(top_k=max(1, body.top_logprobs or 0)) if body.logprobs else None,
    )
