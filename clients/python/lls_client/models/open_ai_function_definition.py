from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_function_definition_parameters import OpenAIFunctionDefinitionParameters


T = TypeVar("T", bound="OpenAIFunctionDefinition")


@_attrs_define
class OpenAIFunctionDefinition:
    """
    Attributes:
        name (str):
        description (str | Unset):
        parameters (OpenAIFunctionDefinitionParameters | Unset): The arguments' JSON schema (an object); default, none.
        strict (bool | Unset): Accepted; a forced call always keeps to the schema.
    """

    name: str
    description: str | Unset = UNSET
    parameters: OpenAIFunctionDefinitionParameters | Unset = UNSET
    strict: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        strict = self.strict

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if strict is not UNSET:
            field_dict["strict"] = strict

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_function_definition_parameters import OpenAIFunctionDefinitionParameters

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", UNSET)

        _parameters = d.pop("parameters", UNSET)
        parameters: OpenAIFunctionDefinitionParameters | Unset
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = OpenAIFunctionDefinitionParameters.from_dict(_parameters)

        strict = d.pop("strict", UNSET)

        open_ai_function_definition = cls(
            name=name,
            description=description,
            parameters=parameters,
            strict=strict,
        )

        return open_ai_function_definition
