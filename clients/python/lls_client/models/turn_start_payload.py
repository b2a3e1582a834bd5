from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="TurnStartPayload")


@_attrs_define
class TurnStartPayload:
    """
    Attributes:
        event_type (Literal['turn_start']):
        turn_id (str):
    """

    event_type: Literal["turn_start"]
    turn_id: str

    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        turn_id = self.turn_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_type": event_type,
                "turn_id": turn_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        event_type = cast(Literal["turn_start"], d.pop("event_type"))
        if event_type != "turn_start":
            raise ValueError(f"event_type must match const 'turn_start', got '{event_type}'")

        turn_id = d.pop("turn_id")

        turn_start_payload = cls(
            event_type=event_type,
            turn_id=turn_id,
        )

        return turn_start_payload
