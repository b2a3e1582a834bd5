from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.tool_call_parse_status import ToolCallParseStatus

if TYPE_CHECKING:
    from ..models.tool_call import ToolCall


T = TypeVar("T", bound="ToolCallDelta")


@_attrs_define
class ToolCallDelta:
    """
    Attributes:
        content (str | ToolCall):
        parse_status (ToolCallParseStatus):
    """

    content: str | ToolCall
    parse_status: ToolCallParseStatus

    def to_dict(self) -> dict[str, Any]:
        from ..models.tool_call import ToolCall

        content: dict[str, Any] | str
        if isinstance(self.content, ToolCall):
            content = self.content.to_dict()
        else:
            content = self.content

        parse_status = self.parse_status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content": content,
                "parse_status": parse_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tool_call import ToolCall

        d = dict(src_dict)

        def _parse_content(data: object) -> str | ToolCall:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_type_1 = ToolCall.from_dict(data)

                return content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | ToolCall, data)

        content = _parse_content(d.pop("content"))

        parse_status = ToolCallParseStatus(d.pop("parse_status"))

        tool_call_delta = cls(
            content=content,
            parse_status=parse_status,
        )

        return tool_call_delta
