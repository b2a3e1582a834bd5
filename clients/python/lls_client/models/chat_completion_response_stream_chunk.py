from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.chat_completion_response_event import ChatCompletionResponseEvent


T = TypeVar("T", bound="ChatCompletionResponseStreamChunk")


@_attrs_define
class ChatCompletionResponseStreamChunk:
    """SSE-stream of these events.

    Attributes:
        event (ChatCompletionResponseEvent): One event of a streamed chat completion: `start`, then `progress` events
            that carry deltas, then `complete` with the stop reason.
    """

    event: ChatCompletionResponseEvent

    def to_dict(self) -> dict[str, Any]:
        event = self.event.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event": event,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.chat_completion_response_event import ChatCompletionResponseEvent

        d = dict(src_dict)
        event = ChatCompletionResponseEvent.from_dict(d.pop("event"))

        chat_completion_response_stream_chunk = cls(
            event=event,
        )

        return chat_completion_response_stream_chunk
