from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LogProbConfig")


@_attrs_define
class LogProbConfig:
    """Ask for the log probabilities of each generated token.

    Attributes:
        top_k (int | Unset): How many most likely alternatives to report for each generated token. Default: 1.
    """

    top_k: int | Unset = 1

    def to_dict(self) -> dict[str, Any]:
        top_k = self.top_k

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if top_k is not UNSET:
            field_dict["top_k"] = top_k

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        top_k = d.pop("top_k", UNSET)

        log_prob_config = cls(
            top_k=top_k,
        )

        return log_prob_config
