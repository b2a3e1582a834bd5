from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.completion_message import CompletionMessage


T = TypeVar("T", bound="BatchChatCompletionResponse")


@_attrs_define
class BatchChatCompletionResponse:
    """
    Attributes:
        completion_message_batch (list[CompletionMessage]):
    """

    completion_message_batch: list[CompletionMessage]

    def to_dict(self) -> dict[str, Any]:
        completion_message_batch = []
        for completion_message_batch_item_data in self.completion_message_batch:
            completion_message_batch_item = completion_message_batch_item_data.to_dict()
            completion_message_batch.append(completion_message_batch_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "completion_message_batch": completion_message_batch,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.completion_message import CompletionMessage

        d = dict(src_dict)
        completion_message_batch = []
        _completion_message_batch = d.pop("completion_message_batch")
        for completion_message_batch_item_data in _completion_message_batch:
            completion_message_batch_item = CompletionMessage.from_dict(completion_message_batch_item_data)

            completion_message_batch.append(completion_message_batch_item)

        batch_chat_completion_response = cls(
            completion_message_batch=completion_message_batch,
        )

        return batch_chat_completion_response
