from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.builtin_tool import BuiltinTool
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tool_definition_input_schema import ToolDefinitionInputSchema
    from ..models.tool_definition_parameters import ToolDefinitionParameters


T = TypeVar("T", bound="ToolDefinition")


@_attrs_define
class ToolDefinition:
    """
    Attributes:
        tool_name (BuiltinTool | str): A built-in tool's name, or a custom tool's.
        description (str | Unset):
        parameters (ToolDefinitionParameters | Unset):
        input_schema (ToolDefinitionInputSchema | Unset): The arguments' JSON schema (an object), used instead of
            `parameters` where a tool's arguments nest, or have enums or formats a flat list of typed parameters cannot say.
            An addition to the draft.
    """

    tool_name: BuiltinTool | str
    description: str | Unset = UNSET
    parameters: ToolDefinitionParameters | Unset = UNSET
    input_schema: ToolDefinitionInputSchema | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        tool_name: str
        if isinstance(self.tool_name, BuiltinTool):
            tool_name = self.tool_name.value
        else:
            tool_name = self.tool_name

        description = self.description

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        input_schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.input_schema, Unset):
            input_schema = self.input_schema.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tool_name": tool_name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if input_schema is not UNSET:
            field_dict["input_schema"] = input_schema

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tool_definition_input_schema import ToolDefinitionInputSchema
        from ..models.tool_definition_parameters import ToolDefinitionParameters

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

        _parameters = d.pop("parameters", UNSET)
        parameters: ToolDefinitionParameters | Unset
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = ToolDefinitionParameters.from_dict(_parameters)

        _input_schema = d.pop("input_schema", UNSET)
        input_schema: ToolDefinitionInputSchema | Unset
        if isinstance(_input_schema, Unset):
            input_schema = UNSET
        else:
            input_schema = ToolDefinitionInputSchema.from_dict(_input_schema)

        tool_definition = cls(
            tool_name=tool_name,
            description=description,
            parameters=parameters,
            input_schema=input_schema,
        )

        return tool_definition
