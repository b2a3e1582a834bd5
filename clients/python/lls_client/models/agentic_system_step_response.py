from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.inference_step import InferenceStep
    from ..models.memory_retrieval_step import MemoryRetrievalStep
    from ..models.shield_call_step import ShieldCallStep
    from ..models.tool_execution_step import ToolExecutionStep


T = TypeVar("T", bound="AgenticSystemStepResponse")


@_attrs_define
class AgenticSystemStepResponse:
    """
    Attributes:
        step (InferenceStep | MemoryRetrievalStep | ShieldCallStep | ToolExecutionStep): One step of a turn, told apart
            by its `step_type`.
    """

    step: InferenceStep | MemoryRetrievalStep | ShieldCallStep | ToolExecutionStep

    def to_dict(self) -> dict[str, Any]:
        from ..models.inference_step import InferenceStep
        from ..models.shield_call_step import ShieldCallStep
        from ..models.tool_execution_step import ToolExecutionStep

        step: dict[str, Any]
        if (
            isinstance(self.step, InferenceStep)
            or isinstance(self.step, ToolExecutionStep)
            or isinstance(self.step, ShieldCallStep)
        ):
            step = self.step.to_dict()
        else:
            step = self.step.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
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

        def _parse_step(data: object) -> InferenceStep | MemoryRetrievalStep | ShieldCallStep | ToolExecutionStep:
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

        step = _parse_step(d.pop("step"))

        agentic_system_step_response = cls(
            step=step,
        )

        return agentic_system_step_response
