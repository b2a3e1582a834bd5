from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.tool_choice_type_0 import ToolChoiceType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bf_16_quantization_config import Bf16QuantizationConfig
    from ..models.completion_message import CompletionMessage
    from ..models.fp_8_quantization_config import Fp8QuantizationConfig
    from ..models.grammar_response_format import GrammarResponseFormat
    from ..models.json_schema_response_format import JsonSchemaResponseFormat
    from ..models.log_prob_config import LogProbConfig
    from ..models.sampling_params import SamplingParams
    from ..models.system_message import SystemMessage
    from ..models.tool_definition import ToolDefinition
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="ChatCompletionRequest")


@_attrs_define
class ChatCompletionRequest:
    """
    Attributes:
        messages (list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]):
        model (str): The id of a model registered with this server (see `/models/list`).
        available_tools (list[ToolDefinition] | Unset):
        logprobs (LogProbConfig | Unset): Ask for the log probabilities of each generated token.
        quantization_config (Bf16QuantizationConfig | Fp8QuantizationConfig | Unset): How the model's weights are
            quantized for inference.
        sampling_params (SamplingParams | Unset): How to pick each next token. Omitted fields take the model's defaults
            from the run config, or else these defaults.
        stream (bool | Unset): Answer with a `text/event-stream` of chunks instead of one JSON body. Default: False.
        tool_choice (str | ToolChoiceType0 | Unset): Whether the model must call a tool: `auto` lets it decide,
            `required` makes it call one, `none` forbids calls, and a tool's name makes it call that tool.
        response_format (GrammarResponseFormat | JsonSchemaResponseFormat | Unset): Constrain decoding so that the
            answer always parses.
    """

    messages: list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]
    model: str
    available_tools: list[ToolDefinition] | Unset = UNSET
    logprobs: LogProbConfig | Unset = UNSET
    quantization_config: Bf16QuantizationConfig | Fp8QuantizationConfig | Unset = UNSET
    sampling_params: SamplingParams | Unset = UNSET
    stream: bool | Unset = False
    tool_choice: str | ToolChoiceType0 | Unset = UNSET
    response_format: GrammarResponseFormat | JsonSchemaResponseFormat | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.bf_16_quantization_config import Bf16QuantizationConfig
        from ..models.json_schema_response_format import JsonSchemaResponseFormat
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        messages = []
        for messages_item_data in self.messages:
            messages_item: dict[str, Any]
            if (
                isinstance(messages_item_data, UserMessage)
                or isinstance(messages_item_data, SystemMessage)
                or isinstance(messages_item_data, ToolResponseMessage)
            ):
                messages_item = messages_item_data.to_dict()
            else:
                messages_item = messages_item_data.to_dict()

            messages.append(messages_item)

        model = self.model

        available_tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.available_tools, Unset):
            available_tools = []
            for available_tools_item_data in self.available_tools:
                available_tools_item = available_tools_item_data.to_dict()
                available_tools.append(available_tools_item)

        logprobs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.logprobs, Unset):
            logprobs = self.logprobs.to_dict()

        quantization_config: dict[str, Any] | Unset
        if isinstance(self.quantization_config, Unset):
            quantization_config = UNSET
        elif isinstance(self.quantization_config, Bf16QuantizationConfig):
            quantization_config = self.quantization_config.to_dict()
        else:
            quantization_config = self.quantization_config.to_dict()

        sampling_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sampling_params, Unset):
            sampling_params = self.sampling_params.to_dict()

        stream = self.stream

        tool_choice: str | Unset
        if isinstance(self.tool_choice, Unset):
            tool_choice = UNSET
        elif isinstance(self.tool_choice, ToolChoiceType0):
            tool_choice = self.tool_choice.value
        else:
            tool_choice = self.tool_choice

        response_format: dict[str, Any] | Unset
        if isinstance(self.response_format, Unset):
            response_format = UNSET
        elif isinstance(self.response_format, JsonSchemaResponseFormat):
            response_format = self.response_format.to_dict()
        else:
            response_format = self.response_format.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "messages": messages,
                "model": model,
            }
        )
        if available_tools is not UNSET:
            field_dict["available_tools"] = available_tools
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs
        if quantization_config is not UNSET:
            field_dict["quantization_config"] = quantization_config
        if sampling_params is not UNSET:
            field_dict["sampling_params"] = sampling_params
        if stream is not UNSET:
            field_dict["stream"] = stream
        if tool_choice is not UNSET:
            field_dict["tool_choice"] = tool_choice
        if response_format is not UNSET:
            field_dict["response_format"] = response_format

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.bf_16_quantization_config import Bf16QuantizationConfig
        from ..models.completion_message import CompletionMessage
        from ..models.fp_8_quantization_config import Fp8QuantizationConfig
        from ..models.grammar_response_format import GrammarResponseFormat
        from ..models.json_schema_response_format import JsonSchemaResponseFormat
        from ..models.log_prob_config import LogProbConfig
        from ..models.sampling_params import SamplingParams
        from ..models.system_message import SystemMessage
        from ..models.tool_definition import ToolDefinition
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        d = dict(src_dict)
        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:

            def _parse_messages_item(
                data: object,
            ) -> CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_0 = UserMessage.from_dict(data)

                    return componentsschemas_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_1 = SystemMessage.from_dict(data)

                    return componentsschemas_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_2 = ToolResponseMessage.from_dict(data)

                    return componentsschemas_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_type_3 = CompletionMessage.from_dict(data)

                return componentsschemas_message_type_3

            messages_item = _parse_messages_item(messages_item_data)

            messages.append(messages_item)

        model = d.pop("model")

        _available_tools = d.pop("available_tools", UNSET)
        available_tools: list[ToolDefinition] | Unset = UNSET
        if _available_tools is not UNSET:
            available_tools = []
            for available_tools_item_data in _available_tools:
                available_tools_item = ToolDefinition.from_dict(available_tools_item_data)

                available_tools.append(available_tools_item)

        _logprobs = d.pop("logprobs", UNSET)
        logprobs: LogProbConfig | Unset
        if isinstance(_logprobs, Unset):
            logprobs = UNSET
        else:
            logprobs = LogProbConfig.from_dict(_logprobs)

        def _parse_quantization_config(data: object) -> Bf16QuantizationConfig | Fp8QuantizationConfig | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_quantization_config_type_0 = Bf16QuantizationConfig.from_dict(data)

                return componentsschemas_quantization_config_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_quantization_config_type_1 = Fp8QuantizationConfig.from_dict(data)

            return componentsschemas_quantization_config_type_1

        quantization_config = _parse_quantization_config(d.pop("quantization_config", UNSET))

        _sampling_params = d.pop("sampling_params", UNSET)
        sampling_params: SamplingParams | Unset
        if isinstance(_sampling_params, Unset):
            sampling_params = UNSET
        else:
            sampling_params = SamplingParams.from_dict(_sampling_params)

        stream = d.pop("stream", UNSET)

        def _parse_tool_choice(data: object) -> str | ToolChoiceType0 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_tool_choice_type_0 = ToolChoiceType0(data)

                return componentsschemas_tool_choice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | ToolChoiceType0 | Unset, data)

        tool_choice = _parse_tool_choice(d.pop("tool_choice", UNSET))

        def _parse_response_format(data: object) -> GrammarResponseFormat | JsonSchemaResponseFormat | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_response_format_type_0 = JsonSchemaResponseFormat.from_dict(data)

                return componentsschemas_response_format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_response_format_type_1 = GrammarResponseFormat.from_dict(data)

            return componentsschemas_response_format_type_1

        response_format = _parse_response_format(d.pop("response_format", UNSET))

        chat_completion_request = cls(
            messages=messages,
            model=model,
            available_tools=available_tools,
            logprobs=logprobs,
            quantization_config=quantization_config,
            sampling_params=sampling_params,
            stream=stream,
            tool_choice=tool_choice,
            response_format=response_format,
        )

        return chat_completion_request
