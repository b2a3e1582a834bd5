from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AgenticSystemSessionCreateRequest")


@_attrs_define
class AgenticSystemSessionCreateRequest:
    """
    Attributes:
        session_name (str):
        system_id (str):
    """

    session_name: str
    system_id: str

    def to_dict(self) -> dict[str, Any]:
        session_name = self.session_name

        system_id = self.system_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "session_name": session_name,
                "system_id": system_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        session_name = d.pop("session_name")

        system_id = d.pop("system_id")

        agentic_system_session_create_request = cls(
            session_name=session_name,
            system_id=system_id,
        )

        return agentic_system_session_create_request
