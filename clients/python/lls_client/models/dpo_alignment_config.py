from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DPOAlignmentConfig")


@_attrs_define
class DPOAlignmentConfig:
    """How to align with preferences. `beta` is DPO's one parameter (trl's sigmoid loss); the draft's `reward_scale`,
    `reward_clip`, `epsilon` and `gamma` belong to other losses: accepted and logged as ignored.

        Attributes:
            beta (float | Unset): DPO's beta: how far the aligned model may move from the reference (the model as it was).
                An addition to the draft. Default: 0.1.
            epsilon (float | Unset):
            gamma (float | Unset):
            reward_clip (float | Unset):
            reward_scale (float | Unset):
    """

    beta: float | Unset = 0.1
    epsilon: float | Unset = UNSET
    gamma: float | Unset = UNSET
    reward_clip: float | Unset = UNSET
    reward_scale: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        beta = self.beta

        epsilon = self.epsilon

        gamma = self.gamma

        reward_clip = self.reward_clip

        reward_scale = self.reward_scale

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if beta is not UNSET:
            field_dict["beta"] = beta
        if epsilon is not UNSET:
            field_dict["epsilon"] = epsilon
        if gamma is not UNSET:
            field_dict["gamma"] = gamma
        if reward_clip is not UNSET:
            field_dict["reward_clip"] = reward_clip
        if reward_scale is not UNSET:
            field_dict["reward_scale"] = reward_scale

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        beta = d.pop("beta", UNSET)

        epsilon = d.pop("epsilon", UNSET)

        gamma = d.pop("gamma", UNSET)

        reward_clip = d.pop("reward_clip", UNSET)

        reward_scale = d.pop("reward_scale", UNSET)

        dpo_alignment_config = cls(
            beta=beta,
            epsilon=epsilon,
            gamma=gamma,
            reward_clip=reward_clip,
            reward_scale=reward_scale,
        )

        return dpo_alignment_config
