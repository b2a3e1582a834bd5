from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.builtin_shield import BuiltinShield
from ..types import UNSET, Unset

T = TypeVar("T", bound="ShieldResponse")


@_attrs_define
class ShieldResponse:
    """A shield's verdict on the messages.

    Attributes:
        is_violation (bool): Whether the finding stops the conversation, which only `on_violation_action` 2 (raise)
            does.
        shield_type (BuiltinShield | str): A built-in shield's name, or a custom shield's.
        violation_return_message (str | Unset): What to tell the user about the finding, under `on_violation_action` 1
            (warn) and 2 (raise).
        violation_type (str | Unset): What the shield found, whatever the `on_violation_action`; absent when it found
            nothing. A Llama Guard category (`S1`), the code scanner's rules and lines (`B602:3,B307:5`), a REST shield's
            own type, or `shield_error` for a shield that failed while the server fails closed.
        error (str | Unset): Why the shield could not reach a verdict (a REST shield that timed out, could not be
            reached, answered an error status or something that is not a verdict; a guard model that stalled); absent when
            it judged. An addition to the draft.
    """

    is_violation: bool
    shield_type: BuiltinShield | str
    violation_return_message: str | Unset = UNSET
    violation_type: str | Unset = UNSET
    error: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        is_violation = self.is_violation

        shield_type: str
        if isinstance(self.shield_type, BuiltinShield):
            shield_type = self.shield_type.value
        else:
            shield_type = self.shield_type

        violation_return_message = self.violation_return_message

        violation_type = self.violation_type

        error = self.error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "is_violation": is_violation,
                "shield_type": shield_type,
            }
        )
        if violation_return_message is not UNSET:
            field_dict["violation_return_message"] = violation_return_message
        if violation_type is not UNSET:
            field_dict["violation_type"] = violation_type
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        is_violation = d.pop("is_violation")

        def _parse_shield_type(data: object) -> BuiltinShield | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_shield_type_type_0 = BuiltinShield(data)

                return componentsschemas_shield_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuiltinShield | str, data)

        shield_type = _parse_shield_type(d.pop("shield_type"))

        violation_return_message = d.pop("violation_return_message", UNSET)

        violation_type = d.pop("violation_type", UNSET)

        error = d.pop("error", UNSET)

        shield_response = cls(
            is_violation=is_violation,
            shield_type=shield_type,
            violation_return_message=violation_return_message,
            violation_type=violation_type,
            error=error,
        )

        return shield_response
