from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AgenticSystemSessionCreateResponse")


@_attrs_define
class AgenticSystemSessionCreateResponse:
    """
    Attributes:
        session_id (str):
    """

    session_id: str

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "session_id": session_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        agentic_system_session_create_response = cls(
            session_id=session_id,
        )

        return agentic_system_session_create_response
