from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.open_ai_tool_choice_type_0 import OpenAIToolChoiceType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_assistant_message_param import OpenAIAssistantMessageParam
    from ..models.open_ai_named_tool_choice import OpenAINamedToolChoice
    from ..models.open_ai_response_format_json_object import OpenAIResponseFormatJsonObject
    from ..models.open_ai_response_format_json_schema import OpenAIResponseFormatJsonSchema
    from ..models.open_ai_response_format_text import OpenAIResponseFormatText
    from ..models.open_ai_stream_options import OpenAIStreamOptions
    from ..models.open_ai_system_message import OpenAISystemMessage
    from ..models.open_ai_tool import OpenAITool
    from ..models.open_ai_tool_message import OpenAIToolMessage
    from ..models.open_ai_user_message import OpenAIUserMessage


T = TypeVar("T", bound="OpenAIChatCompletionRequest")


@_attrs_define
class OpenAIChatCompletionRequest:
    """
    Attributes:
        model (str):
        messages (list[OpenAIAssistantMessageParam | OpenAISystemMessage | OpenAIToolMessage | OpenAIUserMessage]):
        stream (bool | Unset):  Default: False.
        stream_options (OpenAIStreamOptions | Unset):
        tools (list[OpenAITool] | Unset):
        tool_choice (OpenAINamedToolChoice | OpenAIToolChoiceType0 | Unset): `none`, `auto` (the default with tools),
            `required`, or a named function the answer must call.
        parallel_tool_calls (bool | Unset): Accepted; an answer makes at most one call.
        response_format (OpenAIResponseFormatJsonObject | OpenAIResponseFormatJsonSchema | OpenAIResponseFormatText |
            Unset):
        temperature (float | Unset):  Default: 1.0.
        top_p (float | Unset):  Default: 1.0.
        max_tokens (int | Unset): Most tokens to generate; default, as many as the context leaves.
        max_completion_tokens (int | Unset): The newer name of `max_tokens`, which it takes the place of.
        stop (list[str] | str | Unset): Up to 4 texts that end the answer where they appear; the answer leaves them out.
        seed (int | Unset):
        n (int | Unset):  Default: 1.
        logprobs (bool | Unset):  Default: False.
        top_logprobs (int | Unset): The most likely alternatives to report for each token; needs `logprobs`.
        frequency_penalty (float | Unset):  Default: 0.0.
        presence_penalty (float | Unset):  Default: 0.0.
        user (str | Unset): Accepted, and ignored.
    """

    model: str
    messages: list[OpenAIAssistantMessageParam | OpenAISystemMessage | OpenAIToolMessage | OpenAIUserMessage]
    stream: bool | Unset = False
    stream_options: OpenAIStreamOptions | Unset = UNSET
    tools: list[OpenAITool] | Unset = UNSET
    tool_choice: OpenAINamedToolChoice | OpenAIToolChoiceType0 | Unset = UNSET
    parallel_tool_calls: bool | Unset = UNSET
    response_format: (
        OpenAIResponseFormatJsonObject | OpenAIResponseFormatJsonSchema | OpenAIResponseFormatText | Unset
    ) = UNSET
    temperature: float | Unset = 1.0
    top_p: float | Unset = 1.0
    max_tokens: int | Unset = UNSET
    max_completion_tokens: int | Unset = UNSET
    stop: list[str] | str | Unset = UNSET
    seed: int | Unset = UNSET
    n: int | Unset = 1
    logprobs: bool | Unset = False
    top_logprobs: int | Unset = UNSET
    frequency_penalty: float | Unset = 0.0
    presence_penalty: float | Unset = 0.0
    user: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.open_ai_assistant_message_param import OpenAIAssistantMessageParam
        from ..models.open_ai_response_format_json_object import OpenAIResponseFormatJsonObject
        from ..models.open_ai_response_format_text import OpenAIResponseFormatText
        from ..models.open_ai_system_message import OpenAISystemMessage
        from ..models.open_ai_user_message import OpenAIUserMessage

        model = self.model

        messages = []
        for messages_item_data in self.messages:
            messages_item: dict[str, Any]
            if (
                isinstance(messages_item_data, OpenAISystemMessage)
                or isinstance(messages_item_data, OpenAIUserMessage)
                or isinstance(messages_item_data, OpenAIAssistantMessageParam)
            ):
                messages_item = messages_item_data.to_dict()
            else:
                messages_item = messages_item_data.to_dict()

            messages.append(messages_item)

        stream = self.stream

        stream_options: dict[str, Any] | Unset = UNSET
        if not isinstance(self.stream_options, Unset):
            stream_options = self.stream_options.to_dict()

        tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tools, Unset):
            tools = []
            for tools_item_data in self.tools:
                tools_item = tools_item_data.to_dict()
                tools.append(tools_item)

        tool_choice: dict[str, Any] | str | Unset
        if isinstance(self.tool_choice, Unset):
            tool_choice = UNSET
        elif isinstance(self.tool_choice, OpenAIToolChoiceType0):
            tool_choice = self.tool_choice.value
        else:
            tool_choice = self.tool_choice.to_dict()

        parallel_tool_calls = self.parallel_tool_calls

        response_format: dict[str, Any] | Unset
        if isinstance(self.response_format, Unset):
            response_format = UNSET
        elif isinstance(self.response_format, OpenAIResponseFormatText) or isinstance(
            self.response_format, OpenAIResponseFormatJsonObject
        ):
            response_format = self.response_format.to_dict()
        else:
            response_format = self.response_format.to_dict()

        temperature = self.temperature

        top_p = self.top_p

        max_tokens = self.max_tokens

        max_completion_tokens = self.max_completion_tokens

        stop: list[str] | str | Unset
        if isinstance(self.stop, Unset):
            stop = UNSET
        elif isinstance(self.stop, list):
            stop = self.stop

        else:
            stop = self.stop

        seed = self.seed

        n = self.n

        logprobs = self.logprobs

        top_logprobs = self.top_logprobs

        frequency_penalty = self.frequency_penalty

        presence_penalty = self.presence_penalty

        user = self.user

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "messages": messages,
            }
        )
        if stream is not UNSET:
            field_dict["stream"] = stream
        if stream_options is not UNSET:
            field_dict["stream_options"] = stream_options
        if tools is not UNSET:
            field_dict["tools"] = tools
        if tool_choice is not UNSET:
            field_dict["tool_choice"] = tool_choice
        if parallel_tool_calls is not UNSET:
            field_dict["parallel_tool_calls"] = parallel_tool_calls
        if response_format is not UNSET:
            field_dict["response_format"] = response_format
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if top_p is not UNSET:
            field_dict["top_p"] = top_p
        if max_tokens is not UNSET:
            field_dict["max_tokens"] = max_tokens
        if max_completion_tokens is not UNSET:
            field_dict["max_completion_tokens"] = max_completion_tokens
        if stop is not UNSET:
            field_dict["stop"] = stop
        if seed is not UNSET:
            field_dict["seed"] = seed
        if n is not UNSET:
            field_dict["n"] = n
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs
        if top_logprobs is not UNSET:
            field_dict["top_logprobs"] = top_logprobs
        if frequency_penalty is not UNSET:
            field_dict["frequency_penalty"] = frequency_penalty
        if presence_penalty is not UNSET:
            field_dict["presence_penalty"] = presence_penalty
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_assistant_message_param import OpenAIAssistantMessageParam
        from ..models.open_ai_named_tool_choice import OpenAINamedToolChoice
        from ..models.open_ai_response_format_json_object import OpenAIResponseFormatJsonObject
        from ..models.open_ai_response_format_json_schema import OpenAIResponseFormatJsonSchema
        from ..models.open_ai_response_format_text import OpenAIResponseFormatText
        from ..models.open_ai_stream_options import OpenAIStreamOptions
        from ..models.open_ai_system_message import OpenAISystemMessage
        from ..models.open_ai_tool import OpenAITool
        from ..models.open_ai_tool_message import OpenAIToolMessage
        from ..models.open_ai_user_message import OpenAIUserMessage

        d = dict(src_dict)
        model = d.pop("model")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:

            def _parse_messages_item(
                data: object,
            ) -> OpenAIAssistantMessageParam | OpenAISystemMessage | OpenAIToolMessage | OpenAIUserMessage:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_open_ai_message_type_0 = OpenAISystemMessage.from_dict(data)

                    return componentsschemas_open_ai_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_open_ai_message_type_1 = OpenAIUserMessage.from_dict(data)

                    return componentsschemas_open_ai_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_open_ai_message_type_2 = OpenAIAssistantMessageParam.from_dict(data)

                    return componentsschemas_open_ai_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_open_ai_message_type_3 = OpenAIToolMessage.from_dict(data)

                return componentsschemas_open_ai_message_type_3

            messages_item = _parse_messages_item(messages_item_data)

            messages.append(messages_item)

        stream = d.pop("stream", UNSET)

        _stream_options = d.pop("stream_options", UNSET)
        stream_options: OpenAIStreamOptions | Unset
        if isinstance(_stream_options, Unset):
            stream_options = UNSET
        else:
            stream_options = OpenAIStreamOptions.from_dict(_stream_options)

        _tools = d.pop("tools", UNSET)
        tools: list[OpenAITool] | Unset = UNSET
        if _tools is not UNSET:
            tools = []
            for tools_item_data in _tools:
                tools_item = OpenAITool.from_dict(tools_item_data)

                tools.append(tools_item)

        def _parse_tool_choice(data: object) -> OpenAINamedToolChoice | OpenAIToolChoiceType0 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_open_ai_tool_choice_type_0 = OpenAIToolChoiceType0(data)

                return componentsschemas_open_ai_tool_choice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_open_ai_tool_choice_type_1 = OpenAINamedToolChoice.from_dict(data)

            return componentsschemas_open_ai_tool_choice_type_1

        tool_choice = _parse_tool_choice(d.pop("tool_choice", UNSET))

        parallel_tool_calls = d.pop("parallel_tool_calls", UNSET)

        def _parse_response_format(
            data: object,
        ) -> OpenAIResponseFormatJsonObject | OpenAIResponseFormatJsonSchema | OpenAIResponseFormatText | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_open_ai_response_format_type_0 = OpenAIResponseFormatText.from_dict(data)

                return componentsschemas_open_ai_response_format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_open_ai_response_format_type_1 = OpenAIResponseFormatJsonObject.from_dict(data)

                return componentsschemas_open_ai_response_format_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_open_ai_response_format_type_2 = OpenAIResponseFormatJsonSchema.from_dict(data)

            return componentsschemas_open_ai_response_format_type_2

        response_format = _parse_response_format(d.pop("response_format", UNSET))

        temperature = d.pop("temperature", UNSET)

        top_p = d.pop("top_p", UNSET)

        max_tokens = d.pop("max_tokens", UNSET)

        max_completion_tokens = d.pop("max_completion_tokens", UNSET)

        def _parse_stop(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_open_ai_stop_type_1 = cast(list[str], data)

                return componentsschemas_open_ai_stop_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        stop = _parse_stop(d.pop("stop", UNSET))

        seed = d.pop("seed", UNSET)

        n = d.pop("n", UNSET)

        logprobs = d.pop("logprobs", UNSET)

        top_logprobs = d.pop("top_logprobs", UNSET)

        frequency_penalty = d.pop("frequency_penalty", UNSET)

        presence_penalty = d.pop("presence_penalty", UNSET)

        user = d.pop("user", UNSET)

        open_ai_chat_completion_request = cls(
            model=model,
            messages=messages,
            stream=stream,
            stream_options=stream_options,
            tools=tools,
            tool_choice=tool_choice,
            parallel_tool_calls=parallel_tool_calls,
            response_format=response_format,
            temperature=temperature,
            top_p=top_p,
            max_tokens=max_tokens,
            max_completion_tokens=max_completion_tokens,
            stop=stop,
            seed=seed,
            n=n,
            logprobs=logprobs,
            top_logprobs=top_logprobs,
            frequency_penalty=frequency_penalty,
            presence_penalty=presence_penalty,
            user=user,
        )

        return open_ai_chat_completion_request
