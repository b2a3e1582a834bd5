from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.step_type import StepType

T = TypeVar("T", bound="StepStartPayload")


@_attrs_define
class StepStartPayload:
    """
    Attributes:
        event_type (Literal['step_start']):
        step_type (StepType):
        step_id (str):
    """

    event_type: Literal["step_start"]
    step_type: StepType
    step_id: str

    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        step_type = self.step_type.value

        step_id = self.step_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_type": event_type,
                "step_type": step_type,
                "step_id": step_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        event_type = cast(Literal["step_start"], d.pop("event_type"))
        if event_type != "step_start":
            raise ValueError(f"event_type must match const 'step_start', got '{event_type}'")

        step_type = StepType(d.pop("step_type"))

        step_id = d.pop("step_id")

        step_start_payload = cls(
            event_type=event_type,
            step_type=step_type,
            step_id=step_id,
        )

        return step_start_payload
