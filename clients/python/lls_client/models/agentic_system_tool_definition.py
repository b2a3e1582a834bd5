from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.builtin_tool import BuiltinTool
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agentic_system_tool_definition_parameters import AgenticSystemToolDefinitionParameters
    from ..models.rest_api_execution_config import RestAPIExecutionConfig
    from ..models.shield_definition import ShieldDefinition


T = TypeVar("T", bound="AgenticSystemToolDefinition")


@_attrs_define
class AgenticSystemToolDefinition:
    """A tool an agentic system may call. Built-in tools (`code_interpreter`, `brave_search`, `wolfram_alpha`) run in the
    server when its run config sets them up (`photogen` is not available); a custom tool with an `execution_config` is
    called over HTTP with the model's arguments (query parameters for GET, a JSON body otherwise); a custom tool without
    one is run by the client: the turn ends with the call in its output message, and the next turn's input gives the
    answer as a `ToolResponseMessage` with the call's `call_id`. `input_shields` check the call before it runs,
    `output_shields` its answer.

        Attributes:
            tool_name (BuiltinTool | str): A built-in tool's name, or a custom tool's.
            description (str | Unset):
            execution_config (RestAPIExecutionConfig | Unset):
            input_shields (list[ShieldDefinition] | Unset):
            output_shields (list[ShieldDefinition] | Unset):
            parameters (AgenticSystemToolDefinitionParameters | Unset):
    """

    tool_name: BuiltinTool | str
    description: str | Unset = UNSET
    execution_config: RestAPIExecutionConfig | Unset = UNSET
    input_shields: list[ShieldDefinition] | Unset = UNSET
    output_shields: list[ShieldDefinition] | Unset = UNSET
    parameters: AgenticSystemToolDefinitionParameters | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        tool_name: str
        if isinstance(self.tool_name, BuiltinTool):
            tool_name = self.tool_name.value
        else:
            tool_name = self.tool_name

        description = self.description

        execution_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.execution_config, Unset):
            execution_config = self.execution_config.to_dict()

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

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tool_name": tool_name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if execution_config is not UNSET:
            field_dict["execution_config"] = execution_config
        if input_shields is not UNSET:
            field_dict["input_shields"] = input_shields
        if output_shields is not UNSET:
            field_dict["output_shields"] = output_shields
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.agentic_system_tool_definition_parameters import AgenticSystemToolDefinitionParameters
        from ..models.rest_api_execution_config import RestAPIExecutionConfig
        from ..models.shield_definition import ShieldDefinition

        d = dict(src_dict)

        def _parse_tool_name(data: object) -> BuiltinTool | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_tool_name_type_0 = BuiltinTool(data)

                return componentsschemas_tool_name_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuiltinTool | str, data)

        tool_name = _parse_tool_name(d.pop("tool_name"))

        description = d.pop("description", UNSET)

        _execution_config = d.pop("execution_config", UNSET)
        execution_config: RestAPIExecutionConfig | Unset
        if isinstance(_execution_config, Unset):
            execution_config = UNSET
        else:
            execution_config = RestAPIExecutionConfig.from_dict(_execution_config)

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

        _parameters = d.pop("parameters", UNSET)
        parameters: AgenticSystemToolDefinitionParameters | Unset
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = AgenticSystemToolDefinitionParameters.from_dict(_parameters)

        agentic_system_tool_definition = cls(
            tool_name=tool_name,
            description=description,
            execution_config=execution_config,
            input_shields=input_shields,
            output_shields=output_shields,
            parameters=parameters,
        )

        return agentic_system_tool_definition
