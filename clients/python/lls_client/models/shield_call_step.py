from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.shield_response import ShieldResponse


T = TypeVar("T", bound="ShieldCallStep")


@_attrs_define
class ShieldCallStep:
    """
    Attributes:
        response (ShieldResponse): A shield's verdict on the messages.
        step_id (str):
        step_type (Literal['shield_call']):
        turn_id (str):
        completed_at (datetime.datetime | Unset):
        started_at (datetime.datetime | Unset):
    """

    response: ShieldResponse
    step_id: str
    step_type: Literal["shield_call"]
    turn_id: str
    completed_at: datetime.datetime | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        response = self.response.to_dict()

        step_id = self.step_id

        step_type = self.step_type

        turn_id = self.turn_id

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat()

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "response": response,
                "step_id": step_id,
                "step_type": step_type,
                "turn_id": turn_id,
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.shield_response import ShieldResponse

        d = dict(src_dict)
        response = ShieldResponse.from_dict(d.pop("response"))

        step_id = d.pop("step_id")

        step_type = cast(Literal["shield_call"], d.pop("step_type"))
        if step_type != "shield_call":
            raise ValueError(f"step_type must match const 'shield_call', got '{step_type}'")

        turn_id = d.pop("turn_id")

        _completed_at = d.pop("completed_at", UNSET)
        completed_at: datetime.datetime | Unset
        if isinstance(_completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = datetime.datetime.fromisoformat(_completed_at)

        _started_at = d.pop("started_at", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at, Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

        shield_call_step = cls(
            response=response,
            step_id=step_id,
            step_type=step_type,
            turn_id=turn_id,
            completed_at=completed_at,
            started_at=started_at,
        )

        return shield_call_step
