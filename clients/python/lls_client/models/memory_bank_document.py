from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.document_url import DocumentURL
    from ..models.memory_bank_document_metadata import MemoryBankDocumentMetadata


T = TypeVar("T", bound="MemoryBankDocument")


@_attrs_define
class MemoryBankDocument:
    """
    Attributes:
        content (DocumentURL | str): The document's text, or a URL to read it from.
        document_id (str):
        metadata (MemoryBankDocumentMetadata | Unset): Free-form metadata, returned with the document's chunks and
            usable in query filters.
        mime_type (str | Unset): `text/plain`, `text/markdown`, `text/html` or `application/pdf`. Default: 'text/plain'.
    """

    content: DocumentURL | str
    document_id: str
    metadata: MemoryBankDocumentMetadata | Unset = UNSET
    mime_type: str | Unset = "text/plain"

    def to_dict(self) -> dict[str, Any]:
        from ..models.document_url import DocumentURL

        content: dict[str, Any] | str
        if isinstance(self.content, DocumentURL):
            content = self.content.to_dict()
        else:
            content = self.content

        document_id = self.document_id

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        mime_type = self.mime_type

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content": content,
                "document_id": document_id,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if mime_type is not UNSET:
            field_dict["mime_type"] = mime_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.document_url import DocumentURL
        from ..models.memory_bank_document_metadata import MemoryBankDocumentMetadata

        d = dict(src_dict)

        def _parse_content(data: object) -> DocumentURL | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_type_1 = DocumentURL.from_dict(data)

                return content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DocumentURL | str, data)

        content = _parse_content(d.pop("content"))

        document_id = d.pop("document_id")

        _metadata = d.pop("metadata", UNSET)
        metadata: MemoryBankDocumentMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = MemoryBankDocumentMetadata.from_dict(_metadata)

        mime_type = d.pop("mime_type", UNSET)

        memory_bank_document = cls(
            content=content,
            document_id=document_id,
            metadata=metadata,
            mime_type=mime_type,
        )

        return memory_bank_document
