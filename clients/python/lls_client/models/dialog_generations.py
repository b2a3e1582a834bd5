from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.completion_message import CompletionMessage
    from ..models.system_message import SystemMessage
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="DialogGenerations")


@_attrs_define
class DialogGenerations:
    """
    Attributes:
        dialog (list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]):
        sampled_generations (list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]):
    """

    dialog: list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]
    sampled_generations: list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]

    def to_dict(self) -> dict[str, Any]:
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        dialog = []
        for dialog_item_data in self.dialog:
            dialog_item: dict[str, Any]
            if (
                isinstance(dialog_item_data, UserMessage)
                or isinstance(dialog_item_data, SystemMessage)
                or isinstance(dialog_item_data, ToolResponseMessage)
            ):
                dialog_item = dialog_item_data.to_dict()
            else:
                dialog_item = dialog_item_data.to_dict()

            dialog.append(dialog_item)

        sampled_generations = []
        for sampled_generations_item_data in self.sampled_generations:
            sampled_generations_item: dict[str, Any]
            if (
                isinstance(sampled_generations_item_data, UserMessage)
                or isinstance(sampled_generations_item_data, SystemMessage)
                or isinstance(sampled_generations_item_data, ToolResponseMessage)
            ):
                sampled_generations_item = sampled_generations_item_data.to_dict()
            else:
                sampled_generations_item = sampled_generations_item_data.to_dict()

            sampled_generations.append(sampled_generations_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dialog": dialog,
                "sampled_generations": sampled_generations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.completion_message import CompletionMessage
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        d = dict(src_dict)
        dialog = []
        _dialog = d.pop("dialog")
        for dialog_item_data in _dialog:

            def _parse_dialog_item(
                data: object,
            ) -> CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_0 = UserMessage.from_dict(data)

                    return componentsschemas_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_1 = SystemMessage.from_dict(data)

                    return componentsschemas_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_2 = ToolResponseMessage.from_dict(data)

                    return componentsschemas_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_type_3 = CompletionMessage.from_dict(data)

                return componentsschemas_message_type_3

            dialog_item = _parse_dialog_item(dialog_item_data)

            dialog.append(dialog_item)

        sampled_generations = []
        _sampled_generations = d.pop("sampled_generations")
        for sampled_generations_item_data in _sampled_generations:

            def _parse_sampled_generations_item(
                data: object,
            ) -> CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_0 = UserMessage.from_dict(data)

                    return componentsschemas_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_1 = SystemMessage.from_dict(data)

                    return componentsschemas_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_2 = ToolResponseMessage.from_dict(data)

                    return componentsschemas_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_type_3 = CompletionMessage.from_dict(data)

                return componentsschemas_message_type_3

            sampled_generations_item = _parse_sampled_generations_item(sampled_generations_item_data)

            sampled_generations.append(sampled_generations_item)

        dialog_generations = cls(
            dialog=dialog,
            sampled_generations=sampled_generations,
        )

        return dialog_generations
