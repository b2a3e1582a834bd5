from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.stop_reason import StopReason

if TYPE_CHECKING:
    from ..models.attachment import Attachment
    from ..models.tool_call import ToolCall


T = TypeVar("T", bound="CompletionMessage")


@_attrs_define
class CompletionMessage:
    """
    Attributes:
        content (Attachment | list[Attachment | str] | str): Text, an attachment, or a list of texts and attachments.
        role (Literal['assistant']):
        stop_reason (StopReason): Why generation stopped: the model ended its turn (`end_of_turn`), ended a message and
            waits for a tool's answer (`end_of_message`), or ran out of tokens (`out_of_tokens`).
        tool_calls (list[ToolCall]):
    """

    content: Attachment | list[Attachment | str] | str
    role: Literal["assistant"]
    stop_reason: StopReason
    tool_calls: list[ToolCall]

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

        stop_reason = self.stop_reason.value

        tool_calls = []
        for tool_calls_item_data in self.tool_calls:
            tool_calls_item = tool_calls_item_data.to_dict()
            tool_calls.append(tool_calls_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content": content,
                "role": role,
                "stop_reason": stop_reason,
                "tool_calls": tool_calls,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attachment import Attachment
        from ..models.tool_call import ToolCall

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

        role = cast(Literal["assistant"], d.pop("role"))
        if role != "assistant":
            raise ValueError(f"role must match const 'assistant', got '{role}'")

        stop_reason = StopReason(d.pop("stop_reason"))

        tool_calls = []
        _tool_calls = d.pop("tool_calls")
        for tool_calls_item_data in _tool_calls:
            tool_calls_item = ToolCall.from_dict(tool_calls_item_data)

            tool_calls.append(tool_calls_item)

        completion_message = cls(
            content=content,
            role=role,
            stop_reason=stop_reason,
            tool_calls=tool_calls,
        )

        return completion_message
