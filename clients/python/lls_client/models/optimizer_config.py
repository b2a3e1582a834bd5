from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.optimizer_type import OptimizerType
from ..types import UNSET, Unset

T = TypeVar("T", bound="OptimizerConfig")


@_attrs_define
class OptimizerConfig:
    """
    Attributes:
        lr (float):
        lr_min (float): The learning rate at the end of the cosine schedule.
        optimizer_type (OptimizerType):
        weight_decay (float):
        num_warmup_steps (int | Unset): Steps over which the learning rate rises linearly to `lr`. An addition to the
            draft. Default: 0.
    """

    lr: float
    lr_min: float
    optimizer_type: OptimizerType
    weight_decay: float
    num_warmup_steps: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        lr = self.lr

        lr_min = self.lr_min

        optimizer_type = self.optimizer_type.value

        weight_decay = self.weight_decay

        num_warmup_steps = self.num_warmup_steps

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lr": lr,
                "lr_min": lr_min,
                "optimizer_type": optimizer_type,
                "weight_decay": weight_decay,
            }
        )
        if num_warmup_steps is not UNSET:
            field_dict["num_warmup_steps"] = num_warmup_steps

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        lr = d.pop("lr")

        lr_min = d.pop("lr_min")

        optimizer_type = OptimizerType(d.pop("optimizer_type"))

        weight_decay = d.pop("weight_decay")

        num_warmup_steps = d.pop("num_warmup_steps", UNSET)

        optimizer_config = cls(
            lr=lr,
            lr_min=lr_min,
            optimizer_type=optimizer_type,
            weight_decay=weight_decay,
            num_warmup_steps=num_warmup_steps,
        )

        return optimizer_config
