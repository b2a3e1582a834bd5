from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.builtin_tool import BuiltinTool

if TYPE_CHECKING:
    from ..models.tool_call_arguments import ToolCallArguments


T = TypeVar("T", bound="ToolCall")


@_attrs_define
class ToolCall:
    """
    Attributes:
        arguments (ToolCallArguments):
        call_id (str):
        tool_name (BuiltinTool | str): A built-in tool's name, or a custom tool's.
    """

    arguments: ToolCallArguments
    call_id: str
    tool_name: BuiltinTool | str

    def to_dict(self) -> dict[str, Any]:
        arguments = self.arguments.to_dict()

        call_id = self.call_id

        tool_name: str
        if isinstance(self.tool_name, BuiltinTool):
            tool_name = self.tool_name.value
        else:
            tool_name = self.tool_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "arguments": arguments,
                "call_id": call_id,
                "tool_name": tool_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tool_call_arguments import ToolCallArguments

        d = dict(src_dict)
        arguments = ToolCallArguments.from_dict(d.pop("arguments"))

        call_id = d.pop("call_id")

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

        tool_call = cls(
            arguments=arguments,
            call_id=call_id,
            tool_name=tool_name,
        )

        return tool_call
