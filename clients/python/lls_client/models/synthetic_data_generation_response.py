from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scored_dialog_generations import ScoredDialogGenerations
    from ..models.synthetic_data_statistics import SyntheticDataStatistics


T = TypeVar("T", bound="SyntheticDataGenerationResponse")


@_attrs_define
class SyntheticDataGenerationResponse:
    """Each dialog with the candidates kept and their scores, best first, in the order the dialogs were given.

    Attributes:
        statistics (SyntheticDataStatistics): What a synthetic data generation did. An addition to the draft (whose
            `statistics` is any object).
        synthetic_data (list[ScoredDialogGenerations]):
        dataset_uuid (str | Unset): The dataset the kept candidates were stored as, when the request gave
            `save_as_dataset_uuid`. An addition to the draft.
    """

    statistics: SyntheticDataStatistics
    synthetic_data: list[ScoredDialogGenerations]
    dataset_uuid: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        statistics = self.statistics.to_dict()

        synthetic_data = []
        for synthetic_data_item_data in self.synthetic_data:
            synthetic_data_item = synthetic_data_item_data.to_dict()
            synthetic_data.append(synthetic_data_item)

        dataset_uuid = self.dataset_uuid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "statistics": statistics,
                "synthetic_data": synthetic_data,
            }
        )
        if dataset_uuid is not UNSET:
            field_dict["dataset_uuid"] = dataset_uuid

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.scored_dialog_generations import ScoredDialogGenerations
        from ..models.synthetic_data_statistics import SyntheticDataStatistics

        d = dict(src_dict)
        statistics = SyntheticDataStatistics.from_dict(d.pop("statistics"))

        synthetic_data = []
        _synthetic_data = d.pop("synthetic_data")
        for synthetic_data_item_data in _synthetic_data:
            synthetic_data_item = ScoredDialogGenerations.from_dict(synthetic_data_item_data)

            synthetic_data.append(synthetic_data_item)

        dataset_uuid = d.pop("dataset_uuid", UNSET)

        synthetic_data_generation_response = cls(
            statistics=statistics,
            synthetic_data=synthetic_data,
            dataset_uuid=dataset_uuid,
        )

        return synthetic_data_generation_response
