from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.builtin_tool import BuiltinTool

if TYPE_CHECKING:
    from ..models.attachment import Attachment


T = TypeVar("T", bound="ToolResponseMessage")


@_attrs_define
class ToolResponseMessage:
    """
    Attributes:
        call_id (str):
        content (Attachment | list[Attachment | str] | str): Text, an attachment, or a list of texts and attachments.
        role (Literal['ipython']):
        tool_name (BuiltinTool | str): A built-in tool's name, or a custom tool's.
    """

    call_id: str
    content: Attachment | list[Attachment | str] | str
    role: Literal["ipython"]
    tool_name: BuiltinTool | str

    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment import Attachment

        call_id = self.call_id

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

        tool_name: str
        if isinstance(self.tool_name, BuiltinTool):
            tool_name = self.tool_name.value
        else:
            tool_name = self.tool_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "call_id": call_id,
                "content": content,
                "role": role,
                "tool_name": tool_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attachment import Attachment

        d = dict(src_dict)
        call_id = d.pop("call_id")

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

        role = cast(Literal["ipython"], d.pop("role"))
        if role != "ipython":
            raise ValueError(f"role must match const 'ipython', got '{role}'")

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

        tool_response_message = cls(
            call_id=call_id,
            content=content,
            role=role,
            tool_name=tool_name,
        )

        return tool_response_message
