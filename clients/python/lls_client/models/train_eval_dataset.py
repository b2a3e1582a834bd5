from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.train_eval_dataset_columns import TrainEvalDatasetColumns
    from ..models.train_eval_dataset_metadata import TrainEvalDatasetMetadata


T = TypeVar("T", bound="TrainEvalDataset")


@_attrs_define
class TrainEvalDataset:
    """Dataset to be used for training or evaluating language models.

    Attributes:
        columns (TrainEvalDatasetColumns):
        content_url (str): A URL: `http(s)://`, `file://` or `data:`.
        metadata (TrainEvalDatasetMetadata | Unset):
    """

    columns: TrainEvalDatasetColumns
    content_url: str
    metadata: TrainEvalDatasetMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        columns = self.columns.to_dict()

        content_url = self.content_url

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "columns": columns,
                "content_url": content_url,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.train_eval_dataset_columns import TrainEvalDatasetColumns
        from ..models.train_eval_dataset_metadata import TrainEvalDatasetMetadata

        d = dict(src_dict)
        columns = TrainEvalDatasetColumns.from_dict(d.pop("columns"))

        content_url = d.pop("content_url")

        _metadata = d.pop("metadata", UNSET)
        metadata: TrainEvalDatasetMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = TrainEvalDatasetMetadata.from_dict(_metadata)

        train_eval_dataset = cls(
            columns=columns,
            content_url=content_url,
            metadata=metadata,
        )

        return train_eval_dataset
