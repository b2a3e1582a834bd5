from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.completion_message import CompletionMessage
    from ..models.scored_message import ScoredMessage
    from ..models.system_message import SystemMessage
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="ScoredDialogGenerations")


@_attrs_define
class ScoredDialogGenerations:
    """
    Attributes:
        dialog (list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]):
        scored_generations (list[ScoredMessage]):
    """

    dialog: list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]
    scored_generations: list[ScoredMessage]

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

        scored_generations = []
        for scored_generations_item_data in self.scored_generations:
            scored_generations_item = scored_generations_item_data.to_dict()
            scored_generations.append(scored_generations_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dialog": dialog,
                "scored_generations": scored_generations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.completion_message import CompletionMessage
        from ..models.scored_message import ScoredMessage
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

        scored_generations = []
        _scored_generations = d.pop("scored_generations")
        for scored_generations_item_data in _scored_generations:
            scored_generations_item = ScoredMessage.from_dict(scored_generations_item_data)

            scored_generations.append(scored_generations_item)

        scored_dialog_generations = cls(
            dialog=dialog,
            scored_generations=scored_generations,
        )

        return scored_dialog_generations
