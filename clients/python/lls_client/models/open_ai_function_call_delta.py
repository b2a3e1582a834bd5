from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenAIFunctionCallDelta")


@_attrs_define
class OpenAIFunctionCallDelta:
    """
    Attributes:
        name (str | Unset):
        arguments (str | Unset):
    """

    name: str | Unset = UNSET
    arguments: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        arguments = self.arguments

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if arguments is not UNSET:
            field_dict["arguments"] = arguments

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        arguments = d.pop("arguments", UNSET)

        open_ai_function_call_delta = cls(
            name=name,
            arguments=arguments,
        )

        return open_ai_function_call_delta
