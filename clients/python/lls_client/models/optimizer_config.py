from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.optimizer_type import OptimizerType

T = TypeVar("T", bound="OptimizerConfig")


@_attrs_define
class OptimizerConfig:
    """
    Attributes:
        lr (float):
        lr_min (float):
        optimizer_type (OptimizerType):
        weight_decay (float):
    """

    lr: float
    lr_min: float
    optimizer_type: OptimizerType
    weight_decay: float

    def to_dict(self) -> dict[str, Any]:
        lr = self.lr

        lr_min = self.lr_min

        optimizer_type = self.optimizer_type.value

        weight_decay = self.weight_decay

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lr": lr,
                "lr_min": lr_min,
                "optimizer_type": optimizer_type,
                "weight_decay": weight_decay,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        lr = d.pop("lr")

        lr_min = d.pop("lr_min")

        optimizer_type = OptimizerType(d.pop("optimizer_type"))

        weight_decay = d.pop("weight_decay")

        optimizer_config = cls(
            lr=lr,
            lr_min=lr_min,
            optimizer_type=optimizer_type,
            weight_decay=weight_decay,
        )

        return optimizer_config
