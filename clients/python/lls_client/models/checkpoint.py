from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Checkpoint")


@_attrs_define
class Checkpoint:
    """A checkpoint written during a training run, or a registered model. A request that names one (an evaluation's
    `checkpoint`) needs only `identifier`: a model id of `/models/list`; the server fills in the rest where it answers
    with one. An addition to the draft: only `identifier` is required.

        Attributes:
            identifier (str): The checkpoint's id.
            base_model (str | Unset): The id of a model registered with this server (see `/models/list`).
            post_training_job_uuid (str | Unset): The job that wrote the checkpoint.
            epoch (int | Unset): The epoch after which it was written.
            path (str | Unset): A URL: `http(s)://`, `file://` or `data:`.
            created_at (datetime.datetime | Unset):
    """

    identifier: str
    base_model: str | Unset = UNSET
    post_training_job_uuid: str | Unset = UNSET
    epoch: int | Unset = UNSET
    path: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        identifier = self.identifier

        base_model = self.base_model

        post_training_job_uuid = self.post_training_job_uuid

        epoch = self.epoch

        path = self.path

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "identifier": identifier,
            }
        )
        if base_model is not UNSET:
            field_dict["base_model"] = base_model
        if post_training_job_uuid is not UNSET:
            field_dict["post_training_job_uuid"] = post_training_job_uuid
        if epoch is not UNSET:
            field_dict["epoch"] = epoch
        if path is not UNSET:
            field_dict["path"] = path
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        identifier = d.pop("identifier")

        base_model = d.pop("base_model", UNSET)

        post_training_job_uuid = d.pop("post_training_job_uuid", UNSET)

        epoch = d.pop("epoch", UNSET)

        path = d.pop("path", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        checkpoint = cls(
            identifier=identifier,
            base_model=base_model,
            post_training_job_uuid=post_training_job_uuid,
            epoch=epoch,
            path=path,
            created_at=created_at,
        )

        return checkpoint
