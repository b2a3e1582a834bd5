from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.job_status import JobStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checkpoint import Checkpoint
    from ..models.post_training_job_status_response_resources_allocated import (
        PostTrainingJobStatusResponseResourcesAllocated,
    )


T = TypeVar("T", bound="PostTrainingJobStatusResponse")


@_attrs_define
class PostTrainingJobStatusResponse:
    """Status of a finetuning job. `checkpoints` lists the GGUF written at the end of each epoch (`path`, a file URL under
    the data directory); the last is the fine-tuned model, registered under its `identifier` when the job completes.

        Attributes:
            checkpoints (list[Checkpoint]):
            job_uuid (str):
            status (JobStatus): Where a job stands.
            completed_at (datetime.datetime | Unset):
            resources_allocated (PostTrainingJobStatusResponseResourcesAllocated | Unset):
            scheduled_at (datetime.datetime | Unset):
            started_at (datetime.datetime | Unset):
            steps_done (int | Unset): Optimizer steps taken so far. An addition to the draft.
            steps_total (int | Unset): Optimizer steps the job takes in all (epochs times batches, capped by `n_iters`),
                once training has started. An addition to the draft.
            error (str | Unset): Why the job failed; absent unless it did. An addition to the draft.
    """

    checkpoints: list[Checkpoint]
    job_uuid: str
    status: JobStatus
    completed_at: datetime.datetime | Unset = UNSET
    resources_allocated: PostTrainingJobStatusResponseResourcesAllocated | Unset = UNSET
    scheduled_at: datetime.datetime | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    steps_done: int | Unset = UNSET
    steps_total: int | Unset = UNSET
    error: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        checkpoints = []
        for checkpoints_item_data in self.checkpoints:
            checkpoints_item = checkpoints_item_data.to_dict()
            checkpoints.append(checkpoints_item)

        job_uuid = self.job_uuid

        status = self.status.value

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat()

        resources_allocated: dict[str, Any] | Unset = UNSET
        if not isinstance(self.resources_allocated, Unset):
            resources_allocated = self.resources_allocated.to_dict()

        scheduled_at: str | Unset = UNSET
        if not isinstance(self.scheduled_at, Unset):
            scheduled_at = self.scheduled_at.isoformat()

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        steps_done = self.steps_done

        steps_total = self.steps_total

        error = self.error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "checkpoints": checkpoints,
                "job_uuid": job_uuid,
                "status": status,
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if resources_allocated is not UNSET:
            field_dict["resources_allocated"] = resources_allocated
        if scheduled_at is not UNSET:
            field_dict["scheduled_at"] = scheduled_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if steps_done is not UNSET:
            field_dict["steps_done"] = steps_done
        if steps_total is not UNSET:
            field_dict["steps_total"] = steps_total
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.checkpoint import Checkpoint
        from ..models.post_training_job_status_response_resources_allocated import (
            PostTrainingJobStatusResponseResourcesAllocated,
        )

        d = dict(src_dict)
        checkpoints = []
        _checkpoints = d.pop("checkpoints")
        for checkpoints_item_data in _checkpoints:
            checkpoints_item = Checkpoint.from_dict(checkpoints_item_data)

            checkpoints.append(checkpoints_item)

        job_uuid = d.pop("job_uuid")

        status = JobStatus(d.pop("status"))

        _completed_at = d.pop("completed_at", UNSET)
        completed_at: datetime.datetime | Unset
        if isinstance(_completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = datetime.datetime.fromisoformat(_completed_at)

        _resources_allocated = d.pop("resources_allocated", UNSET)
        resources_allocated: PostTrainingJobStatusResponseResourcesAllocated | Unset
        if isinstance(_resources_allocated, Unset):
            resources_allocated = UNSET
        else:
            resources_allocated = PostTrainingJobStatusResponseResourcesAllocated.from_dict(_resources_allocated)

        _scheduled_at = d.pop("scheduled_at", UNSET)
        scheduled_at: datetime.datetime | Unset
        if isinstance(_scheduled_at, Unset):
            scheduled_at = UNSET
        else:
            scheduled_at = datetime.datetime.fromisoformat(_scheduled_at)

        _started_at = d.pop("started_at", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at, Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

        steps_done = d.pop("steps_done", UNSET)

        steps_total = d.pop("steps_total", UNSET)

        error = d.pop("error", UNSET)

        post_training_job_status_response = cls(
            checkpoints=checkpoints,
            job_uuid=job_uuid,
            status=status,
            completed_at=completed_at,
            resources_allocated=resources_allocated,
            scheduled_at=scheduled_at,
            started_at=started_at,
            steps_done=steps_done,
            steps_total=steps_total,
            error=error,
        )

        return post_training_job_status_response
