from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scored_dialog_generations import ScoredDialogGenerations
    from ..models.synthetic_data_generation_response_statistics import SyntheticDataGenerationResponseStatistics


T = TypeVar("T", bound="SyntheticDataGenerationResponse")


@_attrs_define
class SyntheticDataGenerationResponse:
    """Response from the synthetic data generation. Batch of (prompt, response, score) tuples that pass the threshold.

    Attributes:
        synthetic_data (list[ScoredDialogGenerations]):
        statistics (SyntheticDataGenerationResponseStatistics | Unset):
    """

    synthetic_data: list[ScoredDialogGenerations]
    statistics: SyntheticDataGenerationResponseStatistics | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        synthetic_data = []
        for synthetic_data_item_data in self.synthetic_data:
            synthetic_data_item = synthetic_data_item_data.to_dict()
            synthetic_data.append(synthetic_data_item)

        statistics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.statistics, Unset):
            statistics = self.statistics.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "synthetic_data": synthetic_data,
            }
        )
        if statistics is not UNSET:
            field_dict["statistics"] = statistics

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.scored_dialog_generations import ScoredDialogGenerations
        from ..models.synthetic_data_generation_response_statistics import SyntheticDataGenerationResponseStatistics

        d = dict(src_dict)
        synthetic_data = []
        _synthetic_data = d.pop("synthetic_data")
        for synthetic_data_item_data in _synthetic_data:
            synthetic_data_item = ScoredDialogGenerations.from_dict(synthetic_data_item_data)

            synthetic_data.append(synthetic_data_item)

        _statistics = d.pop("statistics", UNSET)
        statistics: SyntheticDataGenerationResponseStatistics | Unset
        if isinstance(_statistics, Unset):
            statistics = UNSET
        else:
            statistics = SyntheticDataGenerationResponseStatistics.from_dict(_statistics)

        synthetic_data_generation_response = cls(
            synthetic_data=synthetic_data,
            statistics=statistics,
        )

        return synthetic_data_generation_response
