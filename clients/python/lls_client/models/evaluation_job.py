from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.job_status import JobStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="EvaluationJob")


@_attrs_define
class EvaluationJob:
    """
    Attributes:
        job_uuid (str): A job's id, chosen by the client; one job per id, whatever its kind.
        status (JobStatus | Unset): Where a job stands.
    """

    job_uuid: str
    status: JobStatus | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        job_uuid = self.job_uuid

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job_uuid": job_uuid,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        job_uuid = d.pop("job_uuid")

        _status = d.pop("status", UNSET)
        status: JobStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = JobStatus(_status)

        evaluation_job = cls(
            job_uuid=job_uuid,
            status=status,
        )

        return evaluation_job
