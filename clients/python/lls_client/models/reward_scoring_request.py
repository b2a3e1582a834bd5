from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.dialog_generations import DialogGenerations


T = TypeVar("T", bound="RewardScoringRequest")


@_attrs_define
class RewardScoringRequest:
    """Dialogs and candidate answers to each, to be scored by a judge model.

    Attributes:
        dialog_generations (list[DialogGenerations]): Dialogs, each with the candidate answers to score.
        model (str): The id of a model registered with this server (see `/models/list`).
    """

    dialog_generations: list[DialogGenerations]
    model: str

    def to_dict(self) -> dict[str, Any]:
        dialog_generations = []
        for dialog_generations_item_data in self.dialog_generations:
            dialog_generations_item = dialog_generations_item_data.to_dict()
            dialog_generations.append(dialog_generations_item)

        model = self.model

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dialog_generations": dialog_generations,
                "model": model,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dialog_generations import DialogGenerations

        d = dict(src_dict)
        dialog_generations = []
        _dialog_generations = d.pop("dialog_generations")
        for dialog_generations_item_data in _dialog_generations:
            dialog_generations_item = DialogGenerations.from_dict(dialog_generations_item_data)

            dialog_generations.append(dialog_generations_item)

        model = d.pop("model")

        reward_scoring_request = cls(
            dialog_generations=dialog_generations,
            model=model,
        )

        return reward_scoring_request
