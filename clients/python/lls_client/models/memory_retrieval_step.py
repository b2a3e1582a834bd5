from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.memory_bank_document import MemoryBankDocument


T = TypeVar("T", bound="MemoryRetrievalStep")


@_attrs_define
class MemoryRetrievalStep:
    """
    Attributes:
        documents (list[MemoryBankDocument]): The chunks put into the prompt, best first: each as a document whose
            `document_id` is its document's, whose content is the chunk's text and whose metadata is the chunk's, with its
            `memory_bank_id`.
        memory_bank_ids (list[str]):
        scores (list[float]): Each document's score, in the same order (higher is closer to the query).
        step_id (str):
        step_type (Literal['memory_retrieval']):
        turn_id (str):
        completed_at (datetime.datetime | Unset):
        started_at (datetime.datetime | Unset):
    """

    documents: list[MemoryBankDocument]
    memory_bank_ids: list[str]
    scores: list[float]
    step_id: str
    step_type: Literal["memory_retrieval"]
    turn_id: str
    completed_at: datetime.datetime | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        documents = []
        for documents_item_data in self.documents:
            documents_item = documents_item_data.to_dict()
            documents.append(documents_item)

        memory_bank_ids = self.memory_bank_ids

        scores = self.scores

        step_id = self.step_id

        step_type = self.step_type

        turn_id = self.turn_id

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat()

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "documents": documents,
                "memory_bank_ids": memory_bank_ids,
                "scores": scores,
                "step_id": step_id,
                "step_type": step_type,
                "turn_id": turn_id,
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.memory_bank_document import MemoryBankDocument

        d = dict(src_dict)
        documents = []
        _documents = d.pop("documents")
        for documents_item_data in _documents:
            documents_item = MemoryBankDocument.from_dict(documents_item_data)

            documents.append(documents_item)

        memory_bank_ids = cast(list[str], d.pop("memory_bank_ids"))

        scores = cast(list[float], d.pop("scores"))

        step_id = d.pop("step_id")

        step_type = cast(Literal["memory_retrieval"], d.pop("step_type"))
        if step_type != "memory_retrieval":
            raise ValueError(f"step_type must match const 'memory_retrieval', got '{step_type}'")

        turn_id = d.pop("turn_id")

        _completed_at = d.pop("completed_at", UNSET)
        completed_at: datetime.datetime | Unset
        if isinstance(_completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = datetime.datetime.fromisoformat(_completed_at)

        _started_at = d.pop("started_at", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at, Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

        memory_retrieval_step = cls(
            documents=documents,
            memory_bank_ids=memory_bank_ids,
            scores=scores,
            step_id=step_id,
            step_type=step_type,
            turn_id=turn_id,
            completed_at=completed_at,
            started_at=started_at,
        )

        return memory_retrieval_step
