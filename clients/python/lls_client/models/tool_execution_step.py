from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tool_call import ToolCall
    from ..models.tool_response import ToolResponse


T = TypeVar("T", bound="ToolExecutionStep")


@_attrs_define
class ToolExecutionStep:
    """
    Attributes:
        step_id (str):
        step_type (Literal['tool_execution']):
        tool_calls (list[ToolCall]):
        tool_responses (list[ToolResponse]):
        turn_id (str):
        completed_at (datetime.datetime | Unset):
        started_at (datetime.datetime | Unset):
    """

    step_id: str
    step_type: Literal["tool_execution"]
    tool_calls: list[ToolCall]
    tool_responses: list[ToolResponse]
    turn_id: str
    completed_at: datetime.datetime | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        step_id = self.step_id

        step_type = self.step_type

        tool_calls = []
        for tool_calls_item_data in self.tool_calls:
            tool_calls_item = tool_calls_item_data.to_dict()
            tool_calls.append(tool_calls_item)

        tool_responses = []
        for tool_responses_item_data in self.tool_responses:
            tool_responses_item = tool_responses_item_data.to_dict()
            tool_responses.append(tool_responses_item)

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
                "step_id": step_id,
                "step_type": step_type,
                "tool_calls": tool_calls,
                "tool_responses": tool_responses,
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
        from ..models.tool_call import ToolCall
        from ..models.tool_response import ToolResponse

        d = dict(src_dict)
        step_id = d.pop("step_id")

        step_type = cast(Literal["tool_execution"], d.pop("step_type"))
        if step_type != "tool_execution":
            raise ValueError(f"step_type must match const 'tool_execution', got '{step_type}'")

        tool_calls = []
        _tool_calls = d.pop("tool_calls")
        for tool_calls_item_data in _tool_calls:
            tool_calls_item = ToolCall.from_dict(tool_calls_item_data)

            tool_calls.append(tool_calls_item)

        tool_responses = []
        _tool_responses = d.pop("tool_responses")
        for tool_responses_item_data in _tool_responses:
            tool_responses_item = ToolResponse.from_dict(tool_responses_item_data)

            tool_responses.append(tool_responses_item)

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

        tool_execution_step = cls(
            step_id=step_id,
            step_type=step_type,
            tool_calls=tool_calls,
            tool_responses=tool_responses,
            turn_id=turn_id,
            completed_at=completed_at,
            started_at=started_at,
        )

        return tool_execution_step
