from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

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
        memory_bank_ids (list[str] | Unset): The memory banks attached to the session, which its turns query. An
            addition to the draft.
        attachment_bank_id (str | Unset): The memory bank that holds the attachments of the session's turns, once a turn
            has had one; dropped with the session. An addition to the draft.
    """

    session_id: str
    session_name: str
    started_at: datetime.datetime
    turns: list[Turn]
    memory_bank_ids: list[str] | Unset = UNSET
    attachment_bank_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        session_name = self.session_name

        started_at = self.started_at.isoformat()

        turns = []
        for turns_item_data in self.turns:
            turns_item = turns_item_data.to_dict()
            turns.append(turns_item)

        memory_bank_ids: list[str] | Unset = UNSET
        if not isinstance(self.memory_bank_ids, Unset):
            memory_bank_ids = self.memory_bank_ids

        attachment_bank_id = self.attachment_bank_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "session_id": session_id,
                "session_name": session_name,
                "started_at": started_at,
                "turns": turns,
            }
        )
        if memory_bank_ids is not UNSET:
            field_dict["memory_bank_ids"] = memory_bank_ids
        if attachment_bank_id is not UNSET:
            field_dict["attachment_bank_id"] = attachment_bank_id

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

        memory_bank_ids = cast(list[str], d.pop("memory_bank_ids", UNSET))

        attachment_bank_id = d.pop("attachment_bank_id", UNSET)

        session = cls(
            session_id=session_id,
            session_name=session_name,
            started_at=started_at,
            turns=turns,
            memory_bank_ids=memory_bank_ids,
            attachment_bank_id=attachment_bank_id,
        )

        return session
