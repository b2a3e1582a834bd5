from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.agentic_system_turn_response_event import AgenticSystemTurnResponseEvent


T = TypeVar("T", bound="AgenticSystemTurnResponseStreamChunk")


@_attrs_define
class AgenticSystemTurnResponseStreamChunk:
    """One server-sent event of a streamed turn.

    Attributes:
        event (AgenticSystemTurnResponseEvent): One event of a streamed turn: `turn_start`, then for each step
            `step_start`, `step_progress`… and `step_complete`, then `turn_complete` with the whole turn.
    """

    event: AgenticSystemTurnResponseEvent

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
        from ..models.agentic_system_turn_response_event import AgenticSystemTurnResponseEvent

        d = dict(src_dict)
        event = AgenticSystemTurnResponseEvent.from_dict(d.pop("event"))

        agentic_system_turn_response_stream_chunk = cls(
            event=event,
        )

        return agentic_system_turn_response_stream_chunk
