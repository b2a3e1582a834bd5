from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.open_ai_function_call import OpenAIFunctionCall


T = TypeVar("T", bound="OpenAIToolCall")


@_attrs_define
class OpenAIToolCall:
    """
    Attributes:
        id (str):
        type_ (Literal['function']):
        function (OpenAIFunctionCall):
    """

    id: str
    type_: Literal["function"]
    function: OpenAIFunctionCall

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        function = self.function.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "function": function,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_function_call import OpenAIFunctionCall

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["function"], d.pop("type"))
        if type_ != "function":
            raise ValueError(f"type must match const 'function', got '{type_}'")

        function = OpenAIFunctionCall.from_dict(d.pop("function"))

        open_ai_tool_call = cls(
            id=id,
            type_=type_,
            function=function,
        )

        return open_ai_tool_call
