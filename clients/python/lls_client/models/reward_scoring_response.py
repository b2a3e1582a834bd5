from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.scored_dialog_generations import ScoredDialogGenerations


T = TypeVar("T", bound="RewardScoringResponse")


@_attrs_define
class RewardScoringResponse:
    """Each dialog with each of its generations and its score, in the order asked.

    Attributes:
        scored_generations (list[ScoredDialogGenerations]):
    """

    scored_generations: list[ScoredDialogGenerations]

    def to_dict(self) -> dict[str, Any]:
        scored_generations = []
        for scored_generations_item_data in self.scored_generations:
            scored_generations_item = scored_generations_item_data.to_dict()
            scored_generations.append(scored_generations_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "scored_generations": scored_generations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.scored_dialog_generations import ScoredDialogGenerations

        d = dict(src_dict)
        scored_generations = []
        _scored_generations = d.pop("scored_generations")
        for scored_generations_item_data in _scored_generations:
            scored_generations_item = ScoredDialogGenerations.from_dict(scored_generations_item_data)

            scored_generations.append(scored_generations_item)

        reward_scoring_response = cls(
            scored_generations=scored_generations,
        )

        return reward_scoring_response
