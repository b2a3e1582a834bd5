from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ToolParamDefinition")


@_attrs_define
class ToolParamDefinition:
    """
    Attributes:
        param_type (str):
        description (str | Unset):
        required (bool | Unset):
    """

    param_type: str
    description: str | Unset = UNSET
    required: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        param_type = self.param_type

        description = self.description

        required = self.required

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "param_type": param_type,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if required is not UNSET:
            field_dict["required"] = required

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        param_type = d.pop("param_type")

        description = d.pop("description", UNSET)

        required = d.pop("required", UNSET)

        tool_param_definition = cls(
            param_type=param_type,
            description=description,
            required=required,
        )

        return tool_param_definition
