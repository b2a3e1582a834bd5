from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.turn import Turn


T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """A single session of an interaction with an Agentic System.

    Attributes:
        session_id (str):
        session_name (str):
        started_at (datetime.datetime):
        turns (list[Turn]):
    """

    session_id: str
    session_name: str
    started_at: datetime.datetime
    turns: list[Turn]

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        session_name = self.session_name

        started_at = self.started_at.isoformat()

        turns = []
        for turns_item_data in self.turns:
            turns_item = turns_item_data.to_dict()
            turns.append(turns_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "session_id": session_id,
                "session_name": session_name,
                "started_at": started_at,
                "turns": turns,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.turn import Turn

        d = dict(src_dict)
        session_id = d.pop("session_id")

        session_name = d.pop("session_name")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        turns = []
        _turns = d.pop("turns")
        for turns_item_data in _turns:
            turns_item = Turn.from_dict(turns_item_data)

            turns.append(turns_item)

        session = cls(
            session_id=session_id,
            session_name=session_name,
            started_at=started_at,
            turns=turns,
        )

        return session
