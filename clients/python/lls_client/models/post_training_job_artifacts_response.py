from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.checkpoint import Checkpoint


T = TypeVar("T", bound="PostTrainingJobArtifactsResponse")


@_attrs_define
class PostTrainingJobArtifactsResponse:
    """Artifacts of a finetuning job.

    Attributes:
        checkpoints (list[Checkpoint]):
        job_uuid (str):
    """

    checkpoints: list[Checkpoint]
    job_uuid: str

    def to_dict(self) -> dict[str, Any]:
        checkpoints = []
        for checkpoints_item_data in self.checkpoints:
            checkpoints_item = checkpoints_item_data.to_dict()
            checkpoints.append(checkpoints_item)

        job_uuid = self.job_uuid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "checkpoints": checkpoints,
                "job_uuid": job_uuid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.checkpoint import Checkpoint

        d = dict(src_dict)
        checkpoints = []
        _checkpoints = d.pop("checkpoints")
        for checkpoints_item_data in _checkpoints:
            checkpoints_item = Checkpoint.from_dict(checkpoints_item_data)

            checkpoints.append(checkpoints_item)

        job_uuid = d.pop("job_uuid")

        post_training_job_artifacts_response = cls(
            checkpoints=checkpoints,
            job_uuid=job_uuid,
        )

        return post_training_job_artifacts_response
