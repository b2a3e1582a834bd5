from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TrainingConfig")


@_attrs_define
class TrainingConfig:
    """How long and in what batches to train. `n_iters` caps the optimizer steps (0: no cap);
    `enable_activation_checkpointing` trades compute for memory; the FSDP fields do not apply on one machine and are
    ignored.

        Attributes:
            batch_size (int):
            enable_activation_checkpointing (bool):
            fsdp_cpu_offload (bool):
            memory_efficient_fsdp_wrap (bool):
            n_epochs (int):
            n_iters (int):
            shuffle (bool):
    """

    batch_size: int
    enable_activation_checkpointing: bool
    fsdp_cpu_offload: bool
    memory_efficient_fsdp_wrap: bool
    n_epochs: int
    n_iters: int
    shuffle: bool

    def to_dict(self) -> dict[str, Any]:
        batch_size = self.batch_size

        enable_activation_checkpointing = self.enable_activation_checkpointing

        fsdp_cpu_offload = self.fsdp_cpu_offload

        memory_efficient_fsdp_wrap = self.memory_efficient_fsdp_wrap

        n_epochs = self.n_epochs

        n_iters = self.n_iters

        shuffle = self.shuffle

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "batch_size": batch_size,
                "enable_activation_checkpointing": enable_activation_checkpointing,
                "fsdp_cpu_offload": fsdp_cpu_offload,
                "memory_efficient_fsdp_wrap": memory_efficient_fsdp_wrap,
                "n_epochs": n_epochs,
                "n_iters": n_iters,
                "shuffle": shuffle,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        batch_size = d.pop("batch_size")

        enable_activation_checkpointing = d.pop("enable_activation_checkpointing")

        fsdp_cpu_offload = d.pop("fsdp_cpu_offload")

        memory_efficient_fsdp_wrap = d.pop("memory_efficient_fsdp_wrap")

        n_epochs = d.pop("n_epochs")

        n_iters = d.pop("n_iters")

        shuffle = d.pop("shuffle")

        training_config = cls(
            batch_size=batch_size,
            enable_activation_checkpointing=enable_activation_checkpointing,
            fsdp_cpu_offload=fsdp_cpu_offload,
            memory_efficient_fsdp_wrap=memory_efficient_fsdp_wrap,
            n_epochs=n_epochs,
            n_iters=n_iters,
            shuffle=shuffle,
        )

        return training_config
