from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_tool_call_delta import OpenAIToolCallDelta


T = TypeVar("T", bound="OpenAIChatDelta")


@_attrs_define
class OpenAIChatDelta:
    """
    Attributes:
        role (Literal['assistant'] | Unset):
        content (str | Unset):
        tool_calls (list[OpenAIToolCallDelta] | Unset):
    """

    role: Literal["assistant"] | Unset = UNSET
    content: str | Unset = UNSET
    tool_calls: list[OpenAIToolCallDelta] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        role = self.role

        content = self.content

        tool_calls: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tool_calls, Unset):
            tool_calls = []
            for tool_calls_item_data in self.tool_calls:
                tool_calls_item = tool_calls_item_data.to_dict()
                tool_calls.append(tool_calls_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if role is not UNSET:
            field_dict["role"] = role
        if content is not UNSET:
            field_dict["content"] = content
        if tool_calls is not UNSET:
            field_dict["tool_calls"] = tool_calls

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_tool_call_delta import OpenAIToolCallDelta

        d = dict(src_dict)
        role = cast(Literal["assistant"] | Unset, d.pop("role", UNSET))
        if role != "assistant" and not isinstance(role, Unset):
            raise ValueError(f"role must match const 'assistant', got '{role}'")

        content = d.pop("content", UNSET)

        _tool_calls = d.pop("tool_calls", UNSET)
        tool_calls: list[OpenAIToolCallDelta] | Unset = UNSET
        if _tool_calls is not UNSET:
            tool_calls = []
            for tool_calls_item_data in _tool_calls:
                tool_calls_item = OpenAIToolCallDelta.from_dict(tool_calls_item_data)

                tool_calls.append(tool_calls_item)

        open_ai_chat_delta = cls(
            role=role,
            content=content,
            tool_calls=tool_calls,
        )

        return open_ai_chat_delta
