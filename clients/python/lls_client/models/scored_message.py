from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.completion_message import CompletionMessage
    from ..models.system_message import SystemMessage
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="ScoredMessage")


@_attrs_define
class ScoredMessage:
    """
    Attributes:
        message (CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage): A message of a dialog, told
            apart by its `role`.
        score (float): The judge's score, from 1 (worst) to 10 (best).
    """

    message: CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage
    score: float

    def to_dict(self) -> dict[str, Any]:
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        message: dict[str, Any]
        if (
            isinstance(self.message, UserMessage)
            or isinstance(self.message, SystemMessage)
            or isinstance(self.message, ToolResponseMessage)
        ):
            message = self.message.to_dict()
        else:
            message = self.message.to_dict()

        score = self.score

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
                "score": score,
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

        def _parse_message(data: object) -> CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage:
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

        message = _parse_message(d.pop("message"))

        score = d.pop("score")

        scored_message = cls(
            message=message,
            score=score,
        )

        return scored_message
