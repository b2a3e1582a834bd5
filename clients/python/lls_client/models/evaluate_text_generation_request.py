from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.text_generation_metric import TextGenerationMetric

if TYPE_CHECKING:
    from ..models.checkpoint import Checkpoint
    from ..models.sampling_params import SamplingParams
    from ..models.train_eval_dataset import TrainEvalDataset


T = TypeVar("T", bound="EvaluateTextGenerationRequest")


@_attrs_define
class EvaluateTextGenerationRequest:
    """Request to evaluate text generation.

    Attributes:
        checkpoint (Checkpoint): A checkpoint written during a training run.
        dataset (TrainEvalDataset): Dataset to be used for training or evaluating language models. Example: {'columns':
            {'question': 'text', 'answer': 'text'}, 'content_url': 'data:application/jsonl,{"question": "What do llamas
            eat?", "answer": "Grass and hay."}'}.
        job_uuid (str):
        metrics (list[TextGenerationMetric]):
        sampling_params (SamplingParams): How to pick each next token. Omitted fields take the model's defaults from the
            run config, or else these defaults.
    """

    checkpoint: Checkpoint
    dataset: TrainEvalDataset
    job_uuid: str
    metrics: list[TextGenerationMetric]
    sampling_params: SamplingParams

    def to_dict(self) -> dict[str, Any]:
        checkpoint = self.checkpoint.to_dict()

        dataset = self.dataset.to_dict()

        job_uuid = self.job_uuid

        metrics = []
        for metrics_item_data in self.metrics:
            metrics_item = metrics_item_data.value
            metrics.append(metrics_item)

        sampling_params = self.sampling_params.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "checkpoint": checkpoint,
                "dataset": dataset,
                "job_uuid": job_uuid,
                "metrics": metrics,
                "sampling_params": sampling_params,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.checkpoint import Checkpoint
        from ..models.sampling_params import SamplingParams
        from ..models.train_eval_dataset import TrainEvalDataset

        d = dict(src_dict)
        checkpoint = Checkpoint.from_dict(d.pop("checkpoint"))

        dataset = TrainEvalDataset.from_dict(d.pop("dataset"))

        job_uuid = d.pop("job_uuid")

        metrics = []
        _metrics = d.pop("metrics")
        for metrics_item_data in _metrics:
            metrics_item = TextGenerationMetric(metrics_item_data)

            metrics.append(metrics_item)

        sampling_params = SamplingParams.from_dict(d.pop("sampling_params"))

        evaluate_text_generation_request = cls(
            checkpoint=checkpoint,
            dataset=dataset,
            job_uuid=job_uuid,
            metrics=metrics,
            sampling_params=sampling_params,
        )

        return evaluate_text_generation_request
