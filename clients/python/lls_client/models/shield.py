from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.builtin_shield import BuiltinShield
from ..types import UNSET, Unset

T = TypeVar("T", bound="Shield")


@_attrs_define
class Shield:
    """A shield this server can run.

    Attributes:
        shield_type (BuiltinShield | str): A built-in shield's name, or a custom shield's.
        description (str | Unset): What the shield checks.
    """

    shield_type: BuiltinShield | str
    description: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        shield_type: str
        if isinstance(self.shield_type, BuiltinShield):
            shield_type = self.shield_type.value
        else:
            shield_type = self.shield_type

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "shield_type": shield_type,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

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

        description = d.pop("description", UNSET)

        shield = cls(
            shield_type=shield_type,
            description=description,
        )

        return shield
