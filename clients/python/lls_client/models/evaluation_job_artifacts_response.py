from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.evaluation_job_artifacts_response_metrics import EvaluationJobArtifactsResponseMetrics


T = TypeVar("T", bound="EvaluationJobArtifactsResponse")


@_attrs_define
class EvaluationJobArtifactsResponse:
    """Artifacts of an evaluation job.

    Attributes:
        job_uuid (str):
        metrics (EvaluationJobArtifactsResponseMetrics): Each metric asked for, with its value.
    """

    job_uuid: str
    metrics: EvaluationJobArtifactsResponseMetrics

    def to_dict(self) -> dict[str, Any]:
        job_uuid = self.job_uuid

        metrics = self.metrics.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job_uuid": job_uuid,
                "metrics": metrics,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evaluation_job_artifacts_response_metrics import EvaluationJobArtifactsResponseMetrics

        d = dict(src_dict)
        job_uuid = d.pop("job_uuid")

        metrics = EvaluationJobArtifactsResponseMetrics.from_dict(d.pop("metrics"))

        evaluation_job_artifacts_response = cls(
            job_uuid=job_uuid,
            metrics=metrics,
        )

        return evaluation_job_artifacts_response
