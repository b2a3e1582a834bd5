from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.open_ai_text_part import OpenAITextPart


T = TypeVar("T", bound="OpenAIToolMessage")


@_attrs_define
class OpenAIToolMessage:
    """A tool's result, for the call of an earlier assistant message with this `tool_call_id`.

    Attributes:
        role (Literal['tool']):
        content (list[OpenAITextPart] | str): A text, or a list of text parts (read as one text).
        tool_call_id (str):
    """

    role: Literal["tool"]
    content: list[OpenAITextPart] | str
    tool_call_id: str

    def to_dict(self) -> dict[str, Any]:
        role = self.role

        content: list[dict[str, Any]] | str
        if isinstance(self.content, list):
            content = []
            for componentsschemas_open_ai_message_content_type_1_item_data in self.content:
                componentsschemas_open_ai_message_content_type_1_item = (
                    componentsschemas_open_ai_message_content_type_1_item_data.to_dict()
                )
                content.append(componentsschemas_open_ai_message_content_type_1_item)

        else:
            content = self.content

        tool_call_id = self.tool_call_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
                "content": content,
                "tool_call_id": tool_call_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_text_part import OpenAITextPart

        d = dict(src_dict)
        role = cast(Literal["tool"], d.pop("role"))
        if role != "tool":
            raise ValueError(f"role must match const 'tool', got '{role}'")

        def _parse_content(data: object) -> list[OpenAITextPart] | str:
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
            return cast(list[OpenAITextPart] | str, data)

        content = _parse_content(d.pop("content"))

        tool_call_id = d.pop("tool_call_id")

        open_ai_tool_message = cls(
            role=role,
            content=content,
            tool_call_id=tool_call_id,
        )

        return open_ai_tool_message
