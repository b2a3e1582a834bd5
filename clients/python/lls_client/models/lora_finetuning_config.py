from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.lora_finetuning_config_lora_attn_modules_item import LoraFinetuningConfigLoraAttnModulesItem

T = TypeVar("T", bound="LoraFinetuningConfig")


@_attrs_define
class LoraFinetuningConfig:
    """
    Attributes:
        alpha (int):
        apply_lora_to_mlp (bool):
        apply_lora_to_output (bool):
        lora_attn_modules (list[LoraFinetuningConfigLoraAttnModulesItem]): The attention projections that get adapters
            (`output_proj` is Meta's name for `o_proj`).
        rank (int):
    """

    alpha: int
    apply_lora_to_mlp: bool
    apply_lora_to_output: bool
    lora_attn_modules: list[LoraFinetuningConfigLoraAttnModulesItem]
    rank: int

    def to_dict(self) -> dict[str, Any]:
        alpha = self.alpha

        apply_lora_to_mlp = self.apply_lora_to_mlp

        apply_lora_to_output = self.apply_lora_to_output

        lora_attn_modules = []
        for lora_attn_modules_item_data in self.lora_attn_modules:
            lora_attn_modules_item = lora_attn_modules_item_data.value
            lora_attn_modules.append(lora_attn_modules_item)

        rank = self.rank

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "alpha": alpha,
                "apply_lora_to_mlp": apply_lora_to_mlp,
                "apply_lora_to_output": apply_lora_to_output,
                "lora_attn_modules": lora_attn_modules,
                "rank": rank,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        alpha = d.pop("alpha")

        apply_lora_to_mlp = d.pop("apply_lora_to_mlp")

        apply_lora_to_output = d.pop("apply_lora_to_output")

        lora_attn_modules = []
        _lora_attn_modules = d.pop("lora_attn_modules")
        for lora_attn_modules_item_data in _lora_attn_modules:
            lora_attn_modules_item = LoraFinetuningConfigLoraAttnModulesItem(lora_attn_modules_item_data)

            lora_attn_modules.append(lora_attn_modules_item)

        rank = d.pop("rank")

        lora_finetuning_config = cls(
            alpha=alpha,
            apply_lora_to_mlp=apply_lora_to_mlp,
            apply_lora_to_output=apply_lora_to_output,
            lora_attn_modules=lora_attn_modules,
            rank=rank,
        )

        return lora_finetuning_config
