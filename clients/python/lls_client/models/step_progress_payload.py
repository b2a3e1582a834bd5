from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.step_type import StepType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tool_call_delta import ToolCallDelta


T = TypeVar("T", bound="StepProgressPayload")


@_attrs_define
class StepProgressPayload:
    """
    Attributes:
        event_type (Literal['step_progress']):
        step_type (StepType):
        step_id (str):
        model_response_text_delta (str | Unset): Text the model just generated.
        tool_call_delta (ToolCallDelta | Unset):
        tool_response_text_delta (str | Unset): Text a tool just answered.
    """

    event_type: Literal["step_progress"]
    step_type: StepType
    step_id: str
    model_response_text_delta: str | Unset = UNSET
    tool_call_delta: ToolCallDelta | Unset = UNSET
    tool_response_text_delta: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        step_type = self.step_type.value

        step_id = self.step_id

        model_response_text_delta = self.model_response_text_delta

        tool_call_delta: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tool_call_delta, Unset):
            tool_call_delta = self.tool_call_delta.to_dict()

        tool_response_text_delta = self.tool_response_text_delta

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_type": event_type,
                "step_type": step_type,
                "step_id": step_id,
            }
        )
        if model_response_text_delta is not UNSET:
            field_dict["model_response_text_delta"] = model_response_text_delta
        if tool_call_delta is not UNSET:
            field_dict["tool_call_delta"] = tool_call_delta
        if tool_response_text_delta is not UNSET:
            field_dict["tool_response_text_delta"] = tool_response_text_delta

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tool_call_delta import ToolCallDelta

        d = dict(src_dict)
        event_type = cast(Literal["step_progress"], d.pop("event_type"))
        if event_type != "step_progress":
            raise ValueError(f"event_type must match const 'step_progress', got '{event_type}'")

        step_type = StepType(d.pop("step_type"))

        step_id = d.pop("step_id")

        model_response_text_delta = d.pop("model_response_text_delta", UNSET)

        _tool_call_delta = d.pop("tool_call_delta", UNSET)
        tool_call_delta: ToolCallDelta | Unset
        if isinstance(_tool_call_delta, Unset):
            tool_call_delta = UNSET
        else:
            tool_call_delta = ToolCallDelta.from_dict(_tool_call_delta)

        tool_response_text_delta = d.pop("tool_response_text_delta", UNSET)

        step_progress_payload = cls(
            event_type=event_type,
            step_type=step_type,
            step_id=step_id,
            model_response_text_delta=model_response_text_delta,
            tool_call_delta=tool_call_delta,
            tool_response_text_delta=tool_response_text_delta,
        )

        return step_progress_payload
