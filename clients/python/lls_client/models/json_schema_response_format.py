from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.json_schema_response_format_json_schema import JsonSchemaResponseFormatJsonSchema


T = TypeVar("T", bound="JsonSchemaResponseFormat")


@_attrs_define
class JsonSchemaResponseFormat:
    """Constrain the answer to JSON that satisfies a schema.

    Attributes:
        type_ (Literal['json_schema']):
        json_schema (JsonSchemaResponseFormatJsonSchema): The JSON schema the answer must satisfy.
    """

    type_: Literal["json_schema"]
    json_schema: JsonSchemaResponseFormatJsonSchema

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
        from ..models.json_schema_response_format_json_schema import JsonSchemaResponseFormatJsonSchema

        d = dict(src_dict)
        type_ = cast(Literal["json_schema"], d.pop("type"))
        if type_ != "json_schema":
            raise ValueError(f"type must match const 'json_schema', got '{type_}'")

        json_schema = JsonSchemaResponseFormatJsonSchema.from_dict(d.pop("json_schema"))

        json_schema_response_format = cls(
            type_=type_,
            json_schema=json_schema,
        )

        return json_schema_response_format
