from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_text_part import OpenAITextPart
    from ..models.open_ai_tool_call import OpenAIToolCall


T = TypeVar("T", bound="OpenAIAssistantMessageParam")


@_attrs_define
class OpenAIAssistantMessageParam:
    """An earlier answer of the assistant, with the tool calls it made.

    Attributes:
        role (Literal['assistant']):
        content (list[OpenAITextPart] | None | str | Unset):
        name (str | Unset):
        tool_calls (list[OpenAIToolCall] | Unset):
    """

    role: Literal["assistant"]
    content: list[OpenAITextPart] | None | str | Unset = UNSET
    name: str | Unset = UNSET
    tool_calls: list[OpenAIToolCall] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        role = self.role

        content: list[dict[str, Any]] | None | str | Unset
        if isinstance(self.content, Unset):
            content = UNSET
        elif isinstance(self.content, list):
            content = []
            for componentsschemas_open_ai_message_content_type_1_item_data in self.content:
                componentsschemas_open_ai_message_content_type_1_item = (
                    componentsschemas_open_ai_message_content_type_1_item_data.to_dict()
                )
                content.append(componentsschemas_open_ai_message_content_type_1_item)

        else:
            content = self.content

        name = self.name

        tool_calls: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tool_calls, Unset):
            tool_calls = []
            for tool_calls_item_data in self.tool_calls:
                tool_calls_item = tool_calls_item_data.to_dict()
                tool_calls.append(tool_calls_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content
        if name is not UNSET:
            field_dict["name"] = name
        if tool_calls is not UNSET:
            field_dict["tool_calls"] = tool_calls

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_text_part import OpenAITextPart
        from ..models.open_ai_tool_call import OpenAIToolCall

        d = dict(src_dict)
        role = cast(Literal["assistant"], d.pop("role"))
        if role != "assistant":
            raise ValueError(f"role must match const 'assistant', got '{role}'")

        def _parse_content(data: object) -> list[OpenAITextPart] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_open_ai_message_content_type_1 = []
                _componentsschemas_open_ai_message_content_type_1 = data
                for (
                    componentsschemas_open_ai_message_content_type_1_item_data
                ) in _componentsschemas_open_ai_message_content_type_1:
                    componentsschemas_open_ai_message_content_type_1_item = OpenAITextPart.from_dict(
                        componentsschemas_open_ai_message_content_type_1_item_data
                    )

                    componentsschemas_open_ai_message_content_type_1.append(
                        componentsschemas_open_ai_message_content_type_1_item
                    )

                return componentsschemas_open_ai_message_content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[OpenAITextPart] | None | str | Unset, data)

        content = _parse_content(d.pop("content", UNSET))

        name = d.pop("name", UNSET)

        _tool_calls = d.pop("tool_calls", UNSET)
        tool_calls: list[OpenAIToolCall] | Unset = UNSET
        if _tool_calls is not UNSET:
            tool_calls = []
            for tool_calls_item_data in _tool_calls:
                tool_calls_item = OpenAIToolCall.from_dict(tool_calls_item_data)

                tool_calls.append(tool_calls_item)

        open_ai_assistant_message_param = cls(
            role=role,
            content=content,
            name=name,
            tool_calls=tool_calls,
        )

        return open_ai_assistant_message_param
