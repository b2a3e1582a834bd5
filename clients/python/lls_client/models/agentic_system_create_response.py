from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AgenticSystemCreateResponse")


@_attrs_define
class AgenticSystemCreateResponse:
    """
    Attributes:
        system_id (str):
    """

    system_id: str

    def to_dict(self) -> dict[str, Any]:
        system_id = self.system_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "system_id": system_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        system_id = d.pop("system_id")

        agentic_system_create_response = cls(
            system_id=system_id,
        )

        return agentic_system_create_response
