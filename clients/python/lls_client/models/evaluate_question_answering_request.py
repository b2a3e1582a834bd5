from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.question_answering_metric import QuestionAnsweringMetric
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checkpoint import Checkpoint
    from ..models.sampling_params import SamplingParams
    from ..models.train_eval_dataset import TrainEvalDataset


T = TypeVar("T", bound="EvaluateQuestionAnsweringRequest")


@_attrs_define
class EvaluateQuestionAnsweringRequest:
    """Request to evaluate question answering. Each row of the dataset is a question to the model and the answers expected
    of it: the column `chat_completion_input` (`dialog`: the messages sent) or `input_query` (`text`: sent as one user
    message), and `expected_answer` (`text`, or `json`: a list of acceptable answers, the first of which perplexity
    reads). The model answers each row with `sampling_params`; the job scores each answer with the `metrics` and keeps
    every row's answer and scores.

        Example:
            {'job_uuid': 'qa-eval-1', 'checkpoint': {'identifier': 'SmolLM2-135M-Instruct'}, 'dataset': {'columns':
                {'input_query': 'text', 'expected_answer': 'text'}, 'content_url': 'data:application/jsonl,{"input_query": "What
                do llamas eat?", "expected_answer": "Grass and hay."}'}, 'sampling_params': {'strategy': 'greedy', 'max_tokens':
                16}, 'metrics': ['em', 'f1']}

        Attributes:
            checkpoint (Checkpoint): A checkpoint written during a training run, or a registered model. A request that names
                one (an evaluation's `checkpoint`) needs only `identifier`: a model id of `/models/list`; the server fills in
                the rest where it answers with one. An addition to the draft: only `identifier` is required.
            job_uuid (str): A job's id, chosen by the client; one job per id, whatever its kind.
            metrics (list[QuestionAnsweringMetric]):
            sampling_params (SamplingParams): How to pick each next token. Omitted fields take the model's defaults from the
                run config, or else these defaults.
            dataset (TrainEvalDataset | Unset): Dataset to be used for training or evaluating language models. Example:
                {'columns': {'input_query': 'text', 'expected_answer': 'text'}, 'content_url':
                'data:application/jsonl,{"input_query": "What do llamas eat?", "expected_answer": "Grass and hay."}'}.
            dataset_uuid (str | Unset): A dataset made by `create_dataset`, by its uuid. Give this or `dataset`. An addition
                to the draft.
    """

    checkpoint: Checkpoint
    job_uuid: str
    metrics: list[QuestionAnsweringMetric]
    sampling_params: SamplingParams
    dataset: TrainEvalDataset | Unset = UNSET
    dataset_uuid: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        checkpoint = self.checkpoint.to_dict()

        job_uuid = self.job_uuid

        metrics = []
        for metrics_item_data in self.metrics:
            metrics_item = metrics_item_data.value
            metrics.append(metrics_item)

        sampling_params = self.sampling_params.to_dict()

        dataset: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dataset, Unset):
            dataset = self.dataset.to_dict()

        dataset_uuid = self.dataset_uuid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "checkpoint": checkpoint,
                "job_uuid": job_uuid,
                "metrics": metrics,
                "sampling_params": sampling_params,
            }
        )
        if dataset is not UNSET:
            field_dict["dataset"] = dataset
        if dataset_uuid is not UNSET:
            field_dict["dataset_uuid"] = dataset_uuid

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.checkpoint import Checkpoint
        from ..models.sampling_params import SamplingParams
        from ..models.train_eval_dataset import TrainEvalDataset

        d = dict(src_dict)
        checkpoint = Checkpoint.from_dict(d.pop("checkpoint"))

        job_uuid = d.pop("job_uuid")

        metrics = []
        _metrics = d.pop("metrics")
        for metrics_item_data in _metrics:
            metrics_item = QuestionAnsweringMetric(metrics_item_data)

            metrics.append(metrics_item)

        sampling_params = SamplingParams.from_dict(d.pop("sampling_params"))

        _dataset = d.pop("dataset", UNSET)
        dataset: TrainEvalDataset | Unset
        if isinstance(_dataset, Unset):
            dataset = UNSET
        else:
            dataset = TrainEvalDataset.from_dict(_dataset)

        dataset_uuid = d.pop("dataset_uuid", UNSET)

        evaluate_question_answering_request = cls(
            checkpoint=checkpoint,
            job_uuid=job_uuid,
            metrics=metrics,
            sampling_params=sampling_params,
            dataset=dataset,
            dataset_uuid=dataset_uuid,
        )

        return evaluate_question_answering_request
