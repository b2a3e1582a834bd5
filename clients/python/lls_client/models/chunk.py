from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.chunk_metadata import ChunkMetadata


T = TypeVar("T", bound="Chunk")


@_attrs_define
class Chunk:
    """A piece of a document, with where it came from.

    Attributes:
        content (str):
        document_id (str):
        metadata (ChunkMetadata):
    """

    content: str
    document_id: str
    metadata: ChunkMetadata

    def to_dict(self) -> dict[str, Any]:
        content = self.content

        document_id = self.document_id

        metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content": content,
                "document_id": document_id,
                "metadata": metadata,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.chunk_metadata import ChunkMetadata

        d = dict(src_dict)
        content = d.pop("content")

        document_id = d.pop("document_id")

        metadata = ChunkMetadata.from_dict(d.pop("metadata"))

        chunk = cls(
            content=content,
            document_id=document_id,
            metadata=metadata,
        )

        return chunk
