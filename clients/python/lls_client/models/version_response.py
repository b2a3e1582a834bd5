from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="VersionResponse")


@_attrs_define
class VersionResponse:
    """
    Attributes:
        version (str): This server's version.
        api_version (str): The version of the API spec it implements.
    """

    version: str
    api_version: str

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        api_version = self.api_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "version": version,
                "api_version": api_version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        version = d.pop("version")

        api_version = d.pop("api_version")

        version_response = cls(
            version=version,
            api_version=api_version,
        )

        return version_response
