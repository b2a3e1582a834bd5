from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.model_serving_state import ModelServingState
from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelHealth")


@_attrs_define
class ModelHealth:
    """
    Attributes:
        model (str): The model's registered id.
        status (ModelServingState): `serving`: it answers requests; `stalled`: it has work but has finished no decoding
            step for longer than its `stall_timeout_seconds`; `stopped`: its scheduler failed, and its requests get 503
            until a restart.
        detail (str | Unset): What went wrong, when the model is not serving.
    """

    model: str
    status: ModelServingState
    detail: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        status = self.status.value

        detail = self.detail

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "status": status,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = d.pop("model")

        status = ModelServingState(d.pop("status"))

        detail = d.pop("detail", UNSET)

        model_health = cls(
            model=model,
            status=status,
            detail=detail,
        )

        return model_health
