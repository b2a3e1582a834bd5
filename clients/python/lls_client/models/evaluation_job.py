from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="EvaluationJob")


@_attrs_define
class EvaluationJob:
    """
    Attributes:
        job_uuid (str):
    """

    job_uuid: str

    def to_dict(self) -> dict[str, Any]:
        job_uuid = self.job_uuid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job_uuid": job_uuid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        job_uuid = d.pop("job_uuid")

        evaluation_job = cls(
            job_uuid=job_uuid,
        )

        return evaluation_job
