from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.job_status import JobStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="EvaluationJobStatusResponse")


@_attrs_define
class EvaluationJobStatusResponse:
    """Status of an evaluation job.

    Attributes:
        job_uuid (str):
        status (JobStatus): Where a job stands.
        scheduled_at (datetime.datetime | Unset):
        started_at (datetime.datetime | Unset):
        completed_at (datetime.datetime | Unset):
        rows_done (int | Unset): Rows answered and scored so far. An addition to the draft.
        rows_total (int | Unset): Rows in the dataset. An addition to the draft.
        error (str | Unset): Why the job failed; absent unless it did. An addition to the draft.
    """

    job_uuid: str
    status: JobStatus
    scheduled_at: datetime.datetime | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    completed_at: datetime.datetime | Unset = UNSET
    rows_done: int | Unset = UNSET
    rows_total: int | Unset = UNSET
    error: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        job_uuid = self.job_uuid

        status = self.status.value

        scheduled_at: str | Unset = UNSET
        if not isinstance(self.scheduled_at, Unset):
            scheduled_at = self.scheduled_at.isoformat()

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat()

        rows_done = self.rows_done

        rows_total = self.rows_total

        error = self.error

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job_uuid": job_uuid,
                "status": status,
            }
        )
        if scheduled_at is not UNSET:
            field_dict["scheduled_at"] = scheduled_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if rows_done is not UNSET:
            field_dict["rows_done"] = rows_done
        if rows_total is not UNSET:
            field_dict["rows_total"] = rows_total
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        job_uuid = d.pop("job_uuid")

        status = JobStatus(d.pop("status"))

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

        _completed_at = d.pop("completed_at", UNSET)
        completed_at: datetime.datetime | Unset
        if isinstance(_completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = datetime.datetime.fromisoformat(_completed_at)

        rows_done = d.pop("rows_done", UNSET)

        rows_total = d.pop("rows_total", UNSET)

        error = d.pop("error", UNSET)

        evaluation_job_status_response = cls(
            job_uuid=job_uuid,
            status=status,
            scheduled_at=scheduled_at,
            started_at=started_at,
            completed_at=completed_at,
            rows_done=rows_done,
            rows_total=rows_total,
            error=error,
        )

        return evaluation_job_status_response
