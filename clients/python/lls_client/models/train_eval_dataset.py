from __future__ import annotations

import datetime
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

    Example:
        {'columns': {'input_query': 'text', 'expected_answer': 'text'}, 'content_url':
            'data:application/jsonl,{"input_query": "What do llamas eat?", "expected_answer": "Grass and hay."}'}

    Attributes:
        columns (TrainEvalDatasetColumns): Each column's name and type. Every row has exactly these columns.
        content_url (str): A URL: `http(s)://`, `file://` or `data:`.
        metadata (TrainEvalDatasetMetadata | Unset):
        row_count (int | Unset): How many rows the server read from `content_url`. Set by `get_dataset`; ignored in
            requests. An addition to the draft.
        content_sha256 (str | Unset): The SHA-256 of the bytes read from `content_url`, in hex. Set by `get_dataset`;
            ignored in requests. An addition to the draft.
        media_type (str | Unset): The format the rows were read as (`application/jsonl`, `text/csv` or
            `application/vnd.apache.parquet`). Set by `get_dataset`; ignored in requests. An addition to the draft.
        created_at (datetime.datetime | Unset): When the dataset was registered. Set by `get_dataset`; ignored in
            requests. An addition to the draft.
    """

    columns: TrainEvalDatasetColumns
    content_url: str
    metadata: TrainEvalDatasetMetadata | Unset = UNSET
    row_count: int | Unset = UNSET
    content_sha256: str | Unset = UNSET
    media_type: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        columns = self.columns.to_dict()

        content_url = self.content_url

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        row_count = self.row_count

        content_sha256 = self.content_sha256

        media_type = self.media_type

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "columns": columns,
                "content_url": content_url,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if row_count is not UNSET:
            field_dict["row_count"] = row_count
        if content_sha256 is not UNSET:
            field_dict["content_sha256"] = content_sha256
        if media_type is not UNSET:
            field_dict["media_type"] = media_type
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

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

        row_count = d.pop("row_count", UNSET)

        content_sha256 = d.pop("content_sha256", UNSET)

        media_type = d.pop("media_type", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        train_eval_dataset = cls(
            columns=columns,
            content_url=content_url,
            metadata=metadata,
            row_count=row_count,
            content_sha256=content_sha256,
            media_type=media_type,
            created_at=created_at,
        )

        return train_eval_dataset
