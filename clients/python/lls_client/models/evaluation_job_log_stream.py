from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="EvaluationJobLogStream")


@_attrs_define
class EvaluationJobLogStream:
    """Log lines of an evaluation job, oldest first.

    Attributes:
        job_uuid (str):
        log_lines (list[str]):
    """

    job_uuid: str
    log_lines: list[str]

    def to_dict(self) -> dict[str, Any]:
        job_uuid = self.job_uuid

        log_lines = self.log_lines

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job_uuid": job_uuid,
                "log_lines": log_lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        job_uuid = d.pop("job_uuid")

        log_lines = cast(list[str], d.pop("log_lines"))

        evaluation_job_log_stream = cls(
            job_uuid=job_uuid,
            log_lines=log_lines,
        )

        return evaluation_job_log_stream
