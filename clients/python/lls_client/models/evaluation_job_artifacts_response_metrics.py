from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EvaluationJobArtifactsResponseMetrics")


@_attrs_define
class EvaluationJobArtifactsResponseMetrics:
    """Each metric over the rows scored so far: `em` and `f1` (0 to 100, the mean of rows, with SQuAD's normalisation, by
    torchmetrics), `rouge1`, `rouge2` and `rougeL` (F-measure, 0 to 1, the mean of rows, by rouge-score with stemming),
    `bleu` (0 to 100, corpus BLEU by sacrebleu), `perplexity` of the expected answers (token-weighted over the rows,
    from llama.cpp's logits). Empty while no row is scored.

    """

    additional_properties: dict[str, float] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        evaluation_job_artifacts_response_metrics = cls()

        evaluation_job_artifacts_response_metrics.additional_properties = d
        return evaluation_job_artifacts_response_metrics

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> float:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: float) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
