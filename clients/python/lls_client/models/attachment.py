from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Attachment")


@_attrs_define
class Attachment:
    """
    Attributes:
        mime_type (str):
        url (str): A URL: `http(s)://`, `file://` or `data:`.
    """

    mime_type: str
    url: str

    def to_dict(self) -> dict[str, Any]:
        mime_type = self.mime_type

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mime_type": mime_type,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mime_type = d.pop("mime_type")

        url = d.pop("url")

        attachment = cls(
            mime_type=mime_type,
            url=url,
        )

        return attachment
