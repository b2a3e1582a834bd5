from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_json_schema_schema import OpenAIJsonSchemaSchema


T = TypeVar("T", bound="OpenAIJsonSchema")


@_attrs_define
class OpenAIJsonSchema:
    """
    Attributes:
        name (str):
        description (str | Unset):
        schema (OpenAIJsonSchemaSchema | Unset): The JSON schema the answer keeps to.
        strict (bool | Unset):
    """

    name: str
    description: str | Unset = UNSET
    schema: OpenAIJsonSchemaSchema | Unset = UNSET
    strict: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        strict = self.strict

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if schema is not UNSET:
            field_dict["schema"] = schema
        if strict is not UNSET:
            field_dict["strict"] = strict

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_json_schema_schema import OpenAIJsonSchemaSchema

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", UNSET)

        _schema = d.pop("schema", UNSET)
        schema: OpenAIJsonSchemaSchema | Unset
        if isinstance(_schema, Unset):
            schema = UNSET
        else:
            schema = OpenAIJsonSchemaSchema.from_dict(_schema)

        strict = d.pop("strict", UNSET)

        open_ai_json_schema = cls(
            name=name,
            description=description,
            schema=schema,
            strict=strict,
        )

        return open_ai_json_schema
