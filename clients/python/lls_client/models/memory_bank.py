from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MemoryBank")


@_attrs_define
class MemoryBank:
    """A memory bank: a searchable collection of document chunks.

    Attributes:
        memory_bank_id (str):
        memory_bank_name (str):
        embedding_model (str | Unset): The model that embeds this bank's chunks; a bank never mixes two.
        embedding_dimension (int | Unset): The length of the bank's vectors.
        chunk_size_in_tokens (int | Unset): How many tokens a chunk holds.
        overlap_size_in_tokens (int | Unset): How many tokens consecutive chunks share.
        created_at (datetime.datetime | Unset):
    """

    memory_bank_id: str
    memory_bank_name: str
    embedding_model: str | Unset = UNSET
    embedding_dimension: int | Unset = UNSET
    chunk_size_in_tokens: int | Unset = UNSET
    overlap_size_in_tokens: int | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        memory_bank_id = self.memory_bank_id

        memory_bank_name = self.memory_bank_name

        embedding_model = self.embedding_model

        embedding_dimension = self.embedding_dimension

        chunk_size_in_tokens = self.chunk_size_in_tokens

        overlap_size_in_tokens = self.overlap_size_in_tokens

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "memory_bank_id": memory_bank_id,
                "memory_bank_name": memory_bank_name,
            }
        )
        if embedding_model is not UNSET:
            field_dict["embedding_model"] = embedding_model
        if embedding_dimension is not UNSET:
            field_dict["embedding_dimension"] = embedding_dimension
        if chunk_size_in_tokens is not UNSET:
            field_dict["chunk_size_in_tokens"] = chunk_size_in_tokens
        if overlap_size_in_tokens is not UNSET:
            field_dict["overlap_size_in_tokens"] = overlap_size_in_tokens
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        memory_bank_id = d.pop("memory_bank_id")

        memory_bank_name = d.pop("memory_bank_name")

        embedding_model = d.pop("embedding_model", UNSET)

        embedding_dimension = d.pop("embedding_dimension", UNSET)

        chunk_size_in_tokens = d.pop("chunk_size_in_tokens", UNSET)

        overlap_size_in_tokens = d.pop("overlap_size_in_tokens", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        memory_bank = cls(
            memory_bank_id=memory_bank_id,
            memory_bank_name=memory_bank_name,
            embedding_model=embedding_model,
            embedding_dimension=embedding_dimension,
            chunk_size_in_tokens=chunk_size_in_tokens,
            overlap_size_in_tokens=overlap_size_in_tokens,
            created_at=created_at,
        )

        return memory_bank
