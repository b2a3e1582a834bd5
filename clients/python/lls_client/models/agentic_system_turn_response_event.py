from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.step_complete_payload import StepCompletePayload
    from ..models.step_progress_payload import StepProgressPayload
    from ..models.step_start_payload import StepStartPayload
    from ..models.turn_complete_payload import TurnCompletePayload
    from ..models.turn_start_payload import TurnStartPayload


T = TypeVar("T", bound="AgenticSystemTurnResponseEvent")


@_attrs_define
class AgenticSystemTurnResponseEvent:
    """One event of a streamed turn: `turn_start`, then for each step `step_start`, `step_progress`… and `step_complete`,
    then `turn_complete` with the whole turn.

        Attributes:
            payload (StepCompletePayload | StepProgressPayload | StepStartPayload | TurnCompletePayload | TurnStartPayload):
    """

    payload: StepCompletePayload | StepProgressPayload | StepStartPayload | TurnCompletePayload | TurnStartPayload

    def to_dict(self) -> dict[str, Any]:
        from ..models.step_complete_payload import StepCompletePayload
        from ..models.step_progress_payload import StepProgressPayload
        from ..models.step_start_payload import StepStartPayload
        from ..models.turn_start_payload import TurnStartPayload

        payload: dict[str, Any]
        if (
            isinstance(self.payload, TurnStartPayload)
            or isinstance(self.payload, StepStartPayload)
            or isinstance(self.payload, StepProgressPayload)
            or isinstance(self.payload, StepCompletePayload)
        ):
            payload = self.payload.to_dict()
        else:
            payload = self.payload.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "payload": payload,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.step_complete_payload import StepCompletePayload
        from ..models.step_progress_payload import StepProgressPayload
        from ..models.step_start_payload import StepStartPayload
        from ..models.turn_complete_payload import TurnCompletePayload
        from ..models.turn_start_payload import TurnStartPayload

        d = dict(src_dict)

        def _parse_payload(
            data: object,
        ) -> StepCompletePayload | StepProgressPayload | StepStartPayload | TurnCompletePayload | TurnStartPayload:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payload_type_0 = TurnStartPayload.from_dict(data)

                return payload_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payload_type_1 = StepStartPayload.from_dict(data)

                return payload_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payload_type_2 = StepProgressPayload.from_dict(data)

                return payload_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payload_type_3 = StepCompletePayload.from_dict(data)

                return payload_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            payload_type_4 = TurnCompletePayload.from_dict(data)

            return payload_type_4

        payload = _parse_payload(d.pop("payload"))

        agentic_system_turn_response_event = cls(
            payload=payload,
        )

        return agentic_system_turn_response_event
