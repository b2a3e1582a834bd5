from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Bf16QuantizationConfig")


@_attrs_define
class Bf16QuantizationConfig:
    """
    Attributes:
        type_ (Literal['bf16']):
    """

    type_: Literal["bf16"]

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["bf16"], d.pop("type"))
        if type_ != "bf16":
            raise ValueError(f"type must match const 'bf16', got '{type_}'")

        bf_16_quantization_config = cls(
            type_=type_,
        )

        return bf_16_quantization_config
