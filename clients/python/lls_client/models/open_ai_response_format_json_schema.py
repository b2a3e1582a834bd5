from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.open_ai_json_schema import OpenAIJsonSchema


T = TypeVar("T", bound="OpenAIResponseFormatJsonSchema")


@_attrs_define
class OpenAIResponseFormatJsonSchema:
    """
    Attributes:
        type_ (Literal['json_schema']):
        json_schema (OpenAIJsonSchema):
    """

    type_: Literal["json_schema"]
    json_schema: OpenAIJsonSchema

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        json_schema = self.json_schema.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "json_schema": json_schema,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_json_schema import OpenAIJsonSchema

        d = dict(src_dict)
        type_ = cast(Literal["json_schema"], d.pop("type"))
        if type_ != "json_schema":
            raise ValueError(f"type must match const 'json_schema', got '{type_}'")

        json_schema = OpenAIJsonSchema.from_dict(d.pop("json_schema"))

        open_ai_response_format_json_schema = cls(
            type_=type_,
            json_schema=json_schema,
        )

        return open_ai_response_format_json_schema
