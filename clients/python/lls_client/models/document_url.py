from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DocumentURL")


@_attrs_define
class DocumentURL:
    """Where to read a document's content from.

    Attributes:
        uri (str): A URL: `http(s)://`, `file://` or `data:`.
    """

    uri: str

    def to_dict(self) -> dict[str, Any]:
        uri = self.uri

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "uri": uri,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        uri = d.pop("uri")

        document_url = cls(
            uri=uri,
        )

        return document_url
