from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.train_eval_dataset import TrainEvalDataset


T = TypeVar("T", bound="CreateDatasetRequest")


@_attrs_define
class CreateDatasetRequest:
    """Request to create a dataset.

    Attributes:
        dataset (TrainEvalDataset): Dataset to be used for training or evaluating language models. Example: {'columns':
            {'input_query': 'text', 'expected_answer': 'text'}, 'content_url': 'data:application/jsonl,{"input_query": "What
            do llamas eat?", "expected_answer": "Grass and hay."}'}.
        uuid (str):
    """

    dataset: TrainEvalDataset
    uuid: str

    def to_dict(self) -> dict[str, Any]:
        dataset = self.dataset.to_dict()

        uuid = self.uuid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dataset": dataset,
                "uuid": uuid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.train_eval_dataset import TrainEvalDataset

        d = dict(src_dict)
        dataset = TrainEvalDataset.from_dict(d.pop("dataset"))

        uuid = d.pop("uuid")

        create_dataset_request = cls(
            dataset=dataset,
            uuid=uuid,
        )

        return create_dataset_request
