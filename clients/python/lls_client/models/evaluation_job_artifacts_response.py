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
        metrics (EvaluationJobArtifactsResponseMetrics): Each metric over the rows scored so far: `em` and `f1` (0 to
            100, the mean of rows, with SQuAD's normalisation, by torchmetrics), `rouge1`, `rouge2` and `rougeL` (F-measure,
            0 to 1, the mean of rows, by rouge-score with stemming), `bleu` (0 to 100, corpus BLEU by sacrebleu),
            `perplexity` of the expected answers (token-weighted over the rows, from llama.cpp's logits). Empty while no row
            is scored.
        rows_scored (int): How many rows the metrics cover; fewer than the dataset's while the job runs, or when it was
            cancelled or failed. Each row's answer and scores are at `/evaluate/job/rows`. An addition to the draft.
    """

    job_uuid: str
    metrics: EvaluationJobArtifactsResponseMetrics
    rows_scored: int

    def to_dict(self) -> dict[str, Any]:
        job_uuid = self.job_uuid

        metrics = self.metrics.to_dict()

        rows_scored = self.rows_scored

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job_uuid": job_uuid,
                "metrics": metrics,
                "rows_scored": rows_scored,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evaluation_job_artifacts_response_metrics import EvaluationJobArtifactsResponseMetrics

        d = dict(src_dict)
        job_uuid = d.pop("job_uuid")

        metrics = EvaluationJobArtifactsResponseMetrics.from_dict(d.pop("metrics"))

        rows_scored = d.pop("rows_scored")

        evaluation_job_artifacts_response = cls(
            job_uuid=job_uuid,
            metrics=metrics,
            rows_scored=rows_scored,
        )

        return evaluation_job_artifacts_response
