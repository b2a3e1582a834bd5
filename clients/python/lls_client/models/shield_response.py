from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.builtin_shield import BuiltinShield
from ..types import UNSET, Unset

T = TypeVar("T", bound="ShieldResponse")


@_attrs_define
class ShieldResponse:
    """
    Attributes:
        is_violation (bool):
        shield_type (BuiltinShield | str): A built-in shield's name, or a custom shield's.
        violation_return_message (str | Unset):
        violation_type (str | Unset):
    """

    is_violation: bool
    shield_type: BuiltinShield | str
    violation_return_message: str | Unset = UNSET
    violation_type: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        is_violation = self.is_violation

        shield_type: str
        if isinstance(self.shield_type, BuiltinShield):
            shield_type = self.shield_type.value
        else:
            shield_type = self.shield_type

        violation_return_message = self.violation_return_message

        violation_type = self.violation_type

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

        shield_response = cls(
            is_violation=is_violation,
            shield_type=shield_type,
            violation_return_message=violation_return_message,
            violation_type=violation_type,
        )

        return shield_response
