from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.open_ai_error_detail import OpenAIErrorDetail


T = TypeVar("T", bound="OpenAIErrorResponse")


@_attrs_define
class OpenAIErrorResponse:
    """An error on the OpenAI-compatible routes, in OpenAI's shape.

    Attributes:
        error (OpenAIErrorDetail):
    """

    error: OpenAIErrorDetail

    def to_dict(self) -> dict[str, Any]:
        error = self.error.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_error_detail import OpenAIErrorDetail

        d = dict(src_dict)
        error = OpenAIErrorDetail.from_dict(d.pop("error"))

        open_ai_error_response = cls(
            error=error,
        )

        return open_ai_error_response
