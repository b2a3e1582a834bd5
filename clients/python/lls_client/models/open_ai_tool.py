from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.open_ai_function_definition import OpenAIFunctionDefinition


T = TypeVar("T", bound="OpenAITool")


@_attrs_define
class OpenAITool:
    """
    Attributes:
        type_ (Literal['function']):
        function (OpenAIFunctionDefinition):
    """

    type_: Literal["function"]
    function: OpenAIFunctionDefinition

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        function = self.function.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "function": function,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_function_definition import OpenAIFunctionDefinition

        d = dict(src_dict)
        type_ = cast(Literal["function"], d.pop("type"))
        if type_ != "function":
            raise ValueError(f"type must match const 'function', got '{type_}'")

        function = OpenAIFunctionDefinition.from_dict(d.pop("function"))

        open_ai_tool = cls(
            type_=type_,
            function=function,
        )

        return open_ai_tool
