from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.completion_message import CompletionMessage
    from ..models.inference_step import InferenceStep
    from ..models.memory_retrieval_step import MemoryRetrievalStep
    from ..models.shield_call_step import ShieldCallStep
    from ..models.tool_execution_step import ToolExecutionStep
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="Turn")


@_attrs_define
class Turn:
    """A single turn in an interaction with an Agentic System.

    Attributes:
        input_messages (list[ToolResponseMessage | UserMessage]):
        output_message (CompletionMessage):
        session_id (str):
        started_at (datetime.datetime):
        steps (list[InferenceStep | MemoryRetrievalStep | ShieldCallStep | ToolExecutionStep]):
        turn_id (str):
        completed_at (datetime.datetime | Unset):
    """

    input_messages: list[ToolResponseMessage | UserMessage]
    output_message: CompletionMessage
    session_id: str
    started_at: datetime.datetime
    steps: list[InferenceStep | MemoryRetrievalStep | ShieldCallStep | ToolExecutionStep]
    turn_id: str
    completed_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.inference_step import InferenceStep
        from ..models.shield_call_step import ShieldCallStep
        from ..models.tool_execution_step import ToolExecutionStep
        from ..models.user_message import UserMessage

        input_messages = []
        for input_messages_item_data in self.input_messages:
            input_messages_item: dict[str, Any]
            if isinstance(input_messages_item_data, UserMessage):
                input_messages_item = input_messages_item_data.to_dict()
            else:
                input_messages_item = input_messages_item_data.to_dict()

            input_messages.append(input_messages_item)

        output_message = self.output_message.to_dict()

        session_id = self.session_id

        started_at = self.started_at.isoformat()

        steps = []
        for steps_item_data in self.steps:
            steps_item: dict[str, Any]
            if (
                isinstance(steps_item_data, InferenceStep)
                or isinstance(steps_item_data, ToolExecutionStep)
                or isinstance(steps_item_data, ShieldCallStep)
            ):
                steps_item = steps_item_data.to_dict()
            else:
                steps_item = steps_item_data.to_dict()

            steps.append(steps_item)

        turn_id = self.turn_id

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input_messages": input_messages,
                "output_message": output_message,
                "session_id": session_id,
                "started_at": started_at,
                "steps": steps,
                "turn_id": turn_id,
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.completion_message import CompletionMessage
        from ..models.inference_step import InferenceStep
        from ..models.memory_retrieval_step import MemoryRetrievalStep
        from ..models.shield_call_step import ShieldCallStep
        from ..models.tool_execution_step import ToolExecutionStep
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        d = dict(src_dict)
        input_messages = []
        _input_messages = d.pop("input_messages")
        for input_messages_item_data in _input_messages:

            def _parse_input_messages_item(data: object) -> ToolResponseMessage | UserMessage:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_turn_input_message_type_0 = UserMessage.from_dict(data)

                    return componentsschemas_turn_input_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_turn_input_message_type_1 = ToolResponseMessage.from_dict(data)

                return componentsschemas_turn_input_message_type_1

            input_messages_item = _parse_input_messages_item(input_messages_item_data)

            input_messages.append(input_messages_item)

        output_message = CompletionMessage.from_dict(d.pop("output_message"))

        session_id = d.pop("session_id")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:

            def _parse_steps_item(
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

            steps_item = _parse_steps_item(steps_item_data)

            steps.append(steps_item)

        turn_id = d.pop("turn_id")

        _completed_at = d.pop("completed_at", UNSET)
        completed_at: datetime.datetime | Unset
        if isinstance(_completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = datetime.datetime.fromisoformat(_completed_at)

        turn = cls(
            input_messages=input_messages,
            output_message=output_message,
            session_id=session_id,
            started_at=started_at,
            steps=steps,
            turn_id=turn_id,
            completed_at=completed_at,
        )

        return turn
