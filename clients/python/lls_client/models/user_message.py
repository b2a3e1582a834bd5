from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.attachment import Attachment


T = TypeVar("T", bound="UserMessage")


@_attrs_define
class UserMessage:
    """
    Attributes:
        content (Attachment | list[Attachment | str] | str): Text, an attachment, or a list of texts and attachments.
        role (Literal['user']):
    """

    content: Attachment | list[Attachment | str] | str
    role: Literal["user"]

    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment import Attachment

        content: dict[str, Any] | list[dict[str, Any] | str] | str
        if isinstance(self.content, Attachment):
            content = self.content.to_dict()
        elif isinstance(self.content, list):
            content = []
            for componentsschemas_message_content_type_2_item_data in self.content:
                componentsschemas_message_content_type_2_item: dict[str, Any] | str
                if isinstance(componentsschemas_message_content_type_2_item_data, Attachment):
                    componentsschemas_message_content_type_2_item = (
                        componentsschemas_message_content_type_2_item_data.to_dict()
                    )
                else:
                    componentsschemas_message_content_type_2_item = componentsschemas_message_content_type_2_item_data
                content.append(componentsschemas_message_content_type_2_item)

        else:
            content = self.content

        role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content": content,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attachment import Attachment

        d = dict(src_dict)

        def _parse_content(data: object) -> Attachment | list[Attachment | str] | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_1 = Attachment.from_dict(data)

                return componentsschemas_message_content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_message_content_type_2 = []
                _componentsschemas_message_content_type_2 = data
                for componentsschemas_message_content_type_2_item_data in _componentsschemas_message_content_type_2:

                    def _parse_componentsschemas_message_content_type_2_item(data: object) -> Attachment | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_message_content_type_2_item_type_1 = Attachment.from_dict(data)

                            return componentsschemas_message_content_type_2_item_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(Attachment | str, data)

                    componentsschemas_message_content_type_2_item = (
                        _parse_componentsschemas_message_content_type_2_item(
                            componentsschemas_message_content_type_2_item_data
                        )
                    )

                    componentsschemas_message_content_type_2.append(componentsschemas_message_content_type_2_item)

                return componentsschemas_message_content_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Attachment | list[Attachment | str] | str, data)

        content = _parse_content(d.pop("content"))

        role = cast(Literal["user"], d.pop("role"))
        if role != "user":
            raise ValueError(f"role must match const 'user', got '{role}'")

        user_message = cls(
            content=content,
            role=role,
        )

        return user_message
