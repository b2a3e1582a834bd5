from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.chunk import Chunk


T = TypeVar("T", bound="QueryDocumentsResponse")


@_attrs_define
class QueryDocumentsResponse:
    """The chunks nearest the query, best first.

    Attributes:
        chunks (list[Chunk]):
        scores (list[float]): Each chunk's similarity to the query, higher is closer.
    """

    chunks: list[Chunk]
    scores: list[float]

    def to_dict(self) -> dict[str, Any]:
        chunks = []
        for chunks_item_data in self.chunks:
            chunks_item = chunks_item_data.to_dict()
            chunks.append(chunks_item)

        scores = self.scores

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "chunks": chunks,
                "scores": scores,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.chunk import Chunk

        d = dict(src_dict)
        chunks = []
        _chunks = d.pop("chunks")
        for chunks_item_data in _chunks:
            chunks_item = Chunk.from_dict(chunks_item_data)

            chunks.append(chunks_item)

        scores = cast(list[float], d.pop("scores"))

        query_documents_response = cls(
            chunks=chunks,
            scores=scores,
        )

        return query_documents_response
