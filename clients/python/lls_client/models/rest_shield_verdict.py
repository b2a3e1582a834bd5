from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RestShieldVerdict")


@_attrs_define
class RestShieldVerdict:
    """What a REST shield answers, as JSON with a 2xx status; other fields are ignored. An answer that is not one, or a
    status that is not 2xx, is a failed shield (see `ShieldResponse.error`). An addition to the draft.

        Attributes:
            is_violation (bool):
            violation_type (str | Unset): What was found (default, for a violation, the shield's type).
            violation_return_message (str | Unset): What to tell the user about it.
    """

    is_violation: bool
    violation_type: str | Unset = UNSET
    violation_return_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_violation = self.is_violation

        violation_type = self.violation_type

        violation_return_message = self.violation_return_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "is_violation": is_violation,
            }
        )
        if violation_type is not UNSET:
            field_dict["violation_type"] = violation_type
        if violation_return_message is not UNSET:
            field_dict["violation_return_message"] = violation_return_message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        is_violation = d.pop("is_violation")

        violation_type = d.pop("violation_type", UNSET)

        violation_return_message = d.pop("violation_return_message", UNSET)

        rest_shield_verdict = cls(
            is_violation=is_violation,
            violation_type=violation_type,
            violation_return_message=violation_return_message,
        )

        rest_shield_verdict.additional_properties = d
        return rest_shield_verdict

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
