from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.tool_choice_type_0 import ToolChoiceType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agentic_system_tool_definition import AgenticSystemToolDefinition
    from ..models.bf_16_quantization_config import Bf16QuantizationConfig
    from ..models.completion_message import CompletionMessage
    from ..models.fp_8_quantization_config import Fp8QuantizationConfig
    from ..models.sampling_params import SamplingParams
    from ..models.shield_definition import ShieldDefinition
    from ..models.system_message import SystemMessage
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="AgenticSystemInstanceConfig")


@_attrs_define
class AgenticSystemInstanceConfig:
    """What an agentic system is: its instructions (the system prompt of every turn), the tools it may call, the shields on
    its input and output, how it samples. A turn's `override_config` replaces these fields, those it gives, for that
    turn.

        Attributes:
            instructions (str):
            available_tools (list[AgenticSystemToolDefinition] | Unset):
            debug_prefix_messages (list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage] | Unset):
            input_shields (list[ShieldDefinition] | Unset):
            output_shields (list[ShieldDefinition] | Unset):
            quantization_config (Bf16QuantizationConfig | Fp8QuantizationConfig | Unset): How the model's weights are
                quantized for inference.
            sampling_params (SamplingParams | Unset): How to pick each next token. Omitted fields take the model's defaults
                from the run config, or else these defaults.
            tool_choice (str | ToolChoiceType0 | Unset): Whether the model must call a tool: `auto` lets it decide,
                `required` makes it call one, `none` forbids calls, and a tool's name makes it call that tool.
            max_infer_iters (int | Unset): The most inferences a turn makes: after that many, the last answer is the turn's
                output, and tool calls it makes are not run. An addition to the draft. Default: 10.
    """

    instructions: str
    available_tools: list[AgenticSystemToolDefinition] | Unset = UNSET
    debug_prefix_messages: list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage] | Unset = UNSET
    input_shields: list[ShieldDefinition] | Unset = UNSET
    output_shields: list[ShieldDefinition] | Unset = UNSET
    quantization_config: Bf16QuantizationConfig | Fp8QuantizationConfig | Unset = UNSET
    sampling_params: SamplingParams | Unset = UNSET
    tool_choice: str | ToolChoiceType0 | Unset = UNSET
    max_infer_iters: int | Unset = 10

    def to_dict(self) -> dict[str, Any]:
        from ..models.bf_16_quantization_config import Bf16QuantizationConfig
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        instructions = self.instructions

        available_tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.available_tools, Unset):
            available_tools = []
            for available_tools_item_data in self.available_tools:
                available_tools_item = available_tools_item_data.to_dict()
                available_tools.append(available_tools_item)

        debug_prefix_messages: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.debug_prefix_messages, Unset):
            debug_prefix_messages = []
            for debug_prefix_messages_item_data in self.debug_prefix_messages:
                debug_prefix_messages_item: dict[str, Any]
                if (
                    isinstance(debug_prefix_messages_item_data, UserMessage)
                    or isinstance(debug_prefix_messages_item_data, SystemMessage)
                    or isinstance(debug_prefix_messages_item_data, ToolResponseMessage)
                ):
                    debug_prefix_messages_item = debug_prefix_messages_item_data.to_dict()
                else:
                    debug_prefix_messages_item = debug_prefix_messages_item_data.to_dict()

                debug_prefix_messages.append(debug_prefix_messages_item)

        input_shields: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.input_shields, Unset):
            input_shields = []
            for input_shields_item_data in self.input_shields:
                input_shields_item = input_shields_item_data.to_dict()
                input_shields.append(input_shields_item)

        output_shields: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.output_shields, Unset):
            output_shields = []
            for output_shields_item_data in self.output_shields:
                output_shields_item = output_shields_item_data.to_dict()
                output_shields.append(output_shields_item)

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

        tool_choice: str | Unset
        if isinstance(self.tool_choice, Unset):
            tool_choice = UNSET
        elif isinstance(self.tool_choice, ToolChoiceType0):
            tool_choice = self.tool_choice.value
        else:
            tool_choice = self.tool_choice

        max_infer_iters = self.max_infer_iters

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "instructions": instructions,
            }
        )
        if available_tools is not UNSET:
            field_dict["available_tools"] = available_tools
        if debug_prefix_messages is not UNSET:
            field_dict["debug_prefix_messages"] = debug_prefix_messages
        if input_shields is not UNSET:
            field_dict["input_shields"] = input_shields
        if output_shields is not UNSET:
            field_dict["output_shields"] = output_shields
        if quantization_config is not UNSET:
            field_dict["quantization_config"] = quantization_config
        if sampling_params is not UNSET:
            field_dict["sampling_params"] = sampling_params
        if tool_choice is not UNSET:
            field_dict["tool_choice"] = tool_choice
        if max_infer_iters is not UNSET:
            field_dict["max_infer_iters"] = max_infer_iters

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.agentic_system_tool_definition import AgenticSystemToolDefinition
        from ..models.bf_16_quantization_config import Bf16QuantizationConfig
        from ..models.completion_message import CompletionMessage
        from ..models.fp_8_quantization_config import Fp8QuantizationConfig
        from ..models.sampling_params import SamplingParams
        from ..models.shield_definition import ShieldDefinition
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        d = dict(src_dict)
        instructions = d.pop("instructions")

        _available_tools = d.pop("available_tools", UNSET)
        available_tools: list[AgenticSystemToolDefinition] | Unset = UNSET
        if _available_tools is not UNSET:
            available_tools = []
            for available_tools_item_data in _available_tools:
                available_tools_item = AgenticSystemToolDefinition.from_dict(available_tools_item_data)

                available_tools.append(available_tools_item)

        _debug_prefix_messages = d.pop("debug_prefix_messages", UNSET)
        debug_prefix_messages: list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage] | Unset = (
            UNSET
        )
        if _debug_prefix_messages is not UNSET:
            debug_prefix_messages = []
            for debug_prefix_messages_item_data in _debug_prefix_messages:

                def _parse_debug_prefix_messages_item(
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

                debug_prefix_messages_item = _parse_debug_prefix_messages_item(debug_prefix_messages_item_data)

                debug_prefix_messages.append(debug_prefix_messages_item)

        _input_shields = d.pop("input_shields", UNSET)
        input_shields: list[ShieldDefinition] | Unset = UNSET
        if _input_shields is not UNSET:
            input_shields = []
            for input_shields_item_data in _input_shields:
                input_shields_item = ShieldDefinition.from_dict(input_shields_item_data)

                input_shields.append(input_shields_item)

        _output_shields = d.pop("output_shields", UNSET)
        output_shields: list[ShieldDefinition] | Unset = UNSET
        if _output_shields is not UNSET:
            output_shields = []
            for output_shields_item_data in _output_shields:
                output_shields_item = ShieldDefinition.from_dict(output_shields_item_data)

                output_shields.append(output_shields_item)

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

        max_infer_iters = d.pop("max_infer_iters", UNSET)

        agentic_system_instance_config = cls(
            instructions=instructions,
            available_tools=available_tools,
            debug_prefix_messages=debug_prefix_messages,
            input_shields=input_shields,
            output_shields=output_shields,
            quantization_config=quantization_config,
            sampling_params=sampling_params,
            tool_choice=tool_choice,
            max_infer_iters=max_infer_iters,
        )

        return agentic_system_instance_config
