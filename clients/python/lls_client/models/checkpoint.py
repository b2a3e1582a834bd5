from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Checkpoint")


@_attrs_define
class Checkpoint:
    """A checkpoint written during a training run.

    Attributes:
        identifier (str): The checkpoint's id.
        base_model (str): The id of a model registered with this server (see `/models/list`).
        created_at (datetime.datetime):
        post_training_job_uuid (str | Unset): The job that wrote the checkpoint.
        epoch (int | Unset): The epoch after which it was written.
        path (str | Unset): A URL: `http(s)://`, `file://` or `data:`.
    """

    identifier: str
    base_model: str
    created_at: datetime.datetime
    post_training_job_uuid: str | Unset = UNSET
    epoch: int | Unset = UNSET
    path: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        identifier = self.identifier

        base_model = self.base_model

        created_at = self.created_at.isoformat()

        post_training_job_uuid = self.post_training_job_uuid

        epoch = self.epoch

        path = self.path

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "identifier": identifier,
                "base_model": base_model,
                "created_at": created_at,
            }
        )
        if post_training_job_uuid is not UNSET:
            field_dict["post_training_job_uuid"] = post_training_job_uuid
        if epoch is not UNSET:
            field_dict["epoch"] = epoch
        if path is not UNSET:
            field_dict["path"] = path

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        identifier = d.pop("identifier")

        base_model = d.pop("base_model")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        post_training_job_uuid = d.pop("post_training_job_uuid", UNSET)

        epoch = d.pop("epoch", UNSET)

        path = d.pop("path", UNSET)

        checkpoint = cls(
            identifier=identifier,
            base_model=base_model,
            created_at=created_at,
            post_training_job_uuid=post_training_job_uuid,
            epoch=epoch,
            path=path,
        )

        return checkpoint
