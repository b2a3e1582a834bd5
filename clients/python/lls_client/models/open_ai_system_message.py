from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.open_ai_system_message_role import OpenAISystemMessageRole
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_text_part import OpenAITextPart


T = TypeVar("T", bound="OpenAISystemMessage")


@_attrs_define
class OpenAISystemMessage:
    """
    Attributes:
        role (OpenAISystemMessageRole):
        content (list[OpenAITextPart] | str): A text, or a list of text parts (read as one text).
        name (str | Unset):
    """

    role: OpenAISystemMessageRole
    content: list[OpenAITextPart] | str
    name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

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

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
                "content": content,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_text_part import OpenAITextPart

        d = dict(src_dict)
        role = OpenAISystemMessageRole(d.pop("role"))

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

        name = d.pop("name", UNSET)

        open_ai_system_message = cls(
            role=role,
            content=content,
            name=name,
        )

        return open_ai_system_message
