from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_function_call_delta import OpenAIFunctionCallDelta


T = TypeVar("T", bound="OpenAIToolCallDelta")


@_attrs_define
class OpenAIToolCallDelta:
    """
    Attributes:
        index (int):
        id (str | Unset):
        type_ (Literal['function'] | Unset):
        function (OpenAIFunctionCallDelta | Unset):
    """

    index: int
    id: str | Unset = UNSET
    type_: Literal["function"] | Unset = UNSET
    function: OpenAIFunctionCallDelta | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        id = self.id

        type_ = self.type_

        function: dict[str, Any] | Unset = UNSET
        if not isinstance(self.function, Unset):
            function = self.function.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "index": index,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if function is not UNSET:
            field_dict["function"] = function

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_function_call_delta import OpenAIFunctionCallDelta

        d = dict(src_dict)
        index = d.pop("index")

        id = d.pop("id", UNSET)

        type_ = cast(Literal["function"] | Unset, d.pop("type", UNSET))
        if type_ != "function" and not isinstance(type_, Unset):
            raise ValueError(f"type must match const 'function', got '{type_}'")

        _function = d.pop("function", UNSET)
        function: OpenAIFunctionCallDelta | Unset
        if isinstance(_function, Unset):
            function = UNSET
        else:
            function = OpenAIFunctionCallDelta.from_dict(_function)

        open_ai_tool_call_delta = cls(
            index=index,
            id=id,
            type_=type_,
            function=function,
        )

        return open_ai_tool_call_delta
