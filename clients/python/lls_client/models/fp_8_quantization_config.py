from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Fp8QuantizationConfig")


@_attrs_define
class Fp8QuantizationConfig:
    """
    Attributes:
        type_ (Literal['fp8']):
    """

    type_: Literal["fp8"]

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
        type_ = cast(Literal["fp8"], d.pop("type"))
        if type_ != "fp8":
            raise ValueError(f"type must match const 'fp8', got '{type_}'")

        fp_8_quantization_config = cls(
            type_=type_,
        )

        return fp_8_quantization_config
