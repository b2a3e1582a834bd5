from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.step_type import StepType

if TYPE_CHECKING:
    from ..models.inference_step import InferenceStep
    from ..models.memory_retrieval_step import MemoryRetrievalStep
    from ..models.shield_call_step import ShieldCallStep
    from ..models.tool_execution_step import ToolExecutionStep


T = TypeVar("T", bound="StepCompletePayload")


@_attrs_define
class StepCompletePayload:
    """
    Attributes:
        event_type (Literal['step_complete']):
        step_type (StepType):
        step_details (InferenceStep | MemoryRetrievalStep | ShieldCallStep | ToolExecutionStep): One step of a turn,
            told apart by its `step_type`.
    """

    event_type: Literal["step_complete"]
    step_type: StepType
    step_details: InferenceStep | MemoryRetrievalStep | ShieldCallStep | ToolExecutionStep

    def to_dict(self) -> dict[str, Any]:
        from ..models.inference_step import InferenceStep
        from ..models.shield_call_step import ShieldCallStep
        from ..models.tool_execution_step import ToolExecutionStep

        event_type = self.event_type

        step_type = self.step_type.value

        step_details: dict[str, Any]
        if (
            isinstance(self.step_details, InferenceStep)
            or isinstance(self.step_details, ToolExecutionStep)
            or isinstance(self.step_details, ShieldCallStep)
        ):
            step_details = self.step_details.to_dict()
        else:
            step_details = self.step_details.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_type": event_type,
                "step_type": step_type,
                "step_details": step_details,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.inference_step import InferenceStep
        from ..models.memory_retrieval_step import MemoryRetrievalStep
        from ..models.shield_call_step import ShieldCallStep
        from ..models.tool_execution_step import ToolExecutionStep

        d = dict(src_dict)
        event_type = cast(Literal["step_complete"], d.pop("event_type"))
        if event_type != "step_complete":
            raise ValueError(f"event_type must match const 'step_complete', got '{event_type}'")

        step_type = StepType(d.pop("step_type"))

        def _parse_step_details(
            data: object,
        ) -> InferenceStep | MemoryRetrievalStep | ShieldCallStep | ToolExecutionStep:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_step_type_0 = InferenceStep.from_dict(data)

                return componentsschemas_step_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_step_type_1 = ToolExecutionStep.from_dict(data)

                return componentsschemas_step_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_step_type_2 = ShieldCallStep.from_dict(data)

                return componentsschemas_step_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_step_type_3 = MemoryRetrievalStep.from_dict(data)

            return componentsschemas_step_type_3

        step_details = _parse_step_details(d.pop("step_details"))

        step_complete_payload = cls(
            event_type=event_type,
            step_type=step_type,
            step_details=step_details,
        )

        return step_complete_payload
