from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.health_status import HealthStatus

if TYPE_CHECKING:
    from ..models.model_health import ModelHealth


T = TypeVar("T", bound="HealthResponse")


@_attrs_define
class HealthResponse:
    """
    Attributes:
        status (HealthStatus): `ok` while every registered model is serving; `degraded` when one is not (see `models`).
        models (list[ModelHealth]): Each registered model's state. An addition to the draft.
    """

    status: HealthStatus
    models: list[ModelHealth]

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        models = []
        for models_item_data in self.models:
            models_item = models_item_data.to_dict()
            models.append(models_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "models": models,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_health import ModelHealth

        d = dict(src_dict)
        status = HealthStatus(d.pop("status"))

        models = []
        _models = d.pop("models")
        for models_item_data in _models:
            models_item = ModelHealth.from_dict(models_item_data)

            models.append(models_item)

        health_response = cls(
            status=status,
            models=models,
        )

        return health_response
