from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.turn import Turn


T = TypeVar("T", bound="TurnCompletePayload")


@_attrs_define
class TurnCompletePayload:
    """
    Attributes:
        event_type (Literal['turn_complete']):
        turn (Turn): A single turn in an interaction with an Agentic System.
    """

    event_type: Literal["turn_complete"]
    turn: Turn

    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        turn = self.turn.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_type": event_type,
                "turn": turn,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.turn import Turn

        d = dict(src_dict)
        event_type = cast(Literal["turn_complete"], d.pop("event_type"))
        if event_type != "turn_complete":
            raise ValueError(f"event_type must match const 'turn_complete', got '{event_type}'")

        turn = Turn.from_dict(d.pop("turn"))

        turn_complete_payload = cls(
            event_type=event_type,
            turn=turn,
        )

        return turn_complete_payload
