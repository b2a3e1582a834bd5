from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DPOAlignmentConfig")


@_attrs_define
class DPOAlignmentConfig:
    """
    Attributes:
        epsilon (float):
        gamma (float):
        reward_clip (float):
        reward_scale (float):
    """

    epsilon: float
    gamma: float
    reward_clip: float
    reward_scale: float

    def to_dict(self) -> dict[str, Any]:
        epsilon = self.epsilon

        gamma = self.gamma

        reward_clip = self.reward_clip

        reward_scale = self.reward_scale

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "epsilon": epsilon,
                "gamma": gamma,
                "reward_clip": reward_clip,
                "reward_scale": reward_scale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        epsilon = d.pop("epsilon")

        gamma = d.pop("gamma")

        reward_clip = d.pop("reward_clip")

        reward_scale = d.pop("reward_scale")

        dpo_alignment_config = cls(
            epsilon=epsilon,
            gamma=gamma,
            reward_clip=reward_clip,
            reward_scale=reward_scale,
        )

        return dpo_alignment_config
