from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.rlhf_algorithm import RLHFAlgorithm

if TYPE_CHECKING:
    from ..models.dpo_alignment_config import DPOAlignmentConfig
    from ..models.optimizer_config import OptimizerConfig
    from ..models.post_training_rlhf_request_hyperparam_search_config import (
        PostTrainingRLHFRequestHyperparamSearchConfig,
    )
    from ..models.post_training_rlhf_request_logger_config import PostTrainingRLHFRequestLoggerConfig
    from ..models.train_eval_dataset import TrainEvalDataset
    from ..models.training_config import TrainingConfig


T = TypeVar("T", bound="PostTrainingRLHFRequest")


@_attrs_define
class PostTrainingRLHFRequest:
    """Request to finetune a model.

    Attributes:
        algorithm (RLHFAlgorithm):
        algorithm_config (DPOAlignmentConfig):
        dataset (TrainEvalDataset): Dataset to be used for training or evaluating language models. Example: {'columns':
            {'input_query': 'text', 'expected_answer': 'text'}, 'content_url': 'data:application/jsonl,{"input_query": "What
            do llamas eat?", "expected_answer": "Grass and hay."}'}.
        finetuned_model (str): A URL: `http(s)://`, `file://` or `data:`.
        hyperparam_search_config (PostTrainingRLHFRequestHyperparamSearchConfig):
        job_uuid (str):
        logger_config (PostTrainingRLHFRequestLoggerConfig):
        optimizer_config (OptimizerConfig):
        training_config (TrainingConfig): How long and in what batches to train. `n_iters` caps the optimizer steps (0:
            no cap); `enable_activation_checkpointing` trades compute for memory; the FSDP fields do not apply on one
            machine and are ignored.
        validation_dataset (TrainEvalDataset): Dataset to be used for training or evaluating language models. Example:
            {'columns': {'input_query': 'text', 'expected_answer': 'text'}, 'content_url':
            'data:application/jsonl,{"input_query": "What do llamas eat?", "expected_answer": "Grass and hay."}'}.
    """

    algorithm: RLHFAlgorithm
    algorithm_config: DPOAlignmentConfig
    dataset: TrainEvalDataset
    finetuned_model: str
    hyperparam_search_config: PostTrainingRLHFRequestHyperparamSearchConfig
    job_uuid: str
    logger_config: PostTrainingRLHFRequestLoggerConfig
    optimizer_config: OptimizerConfig
    training_config: TrainingConfig
    validation_dataset: TrainEvalDataset

    def to_dict(self) -> dict[str, Any]:
        algorithm = self.algorithm.value

        algorithm_config = self.algorithm_config.to_dict()

        dataset = self.dataset.to_dict()

        finetuned_model = self.finetuned_model

        hyperparam_search_config = self.hyperparam_search_config.to_dict()

        job_uuid = self.job_uuid

        logger_config = self.logger_config.to_dict()

        optimizer_config = self.optimizer_config.to_dict()

        training_config = self.training_config.to_dict()

        validation_dataset = self.validation_dataset.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "algorithm": algorithm,
                "algorithm_config": algorithm_config,
                "dataset": dataset,
                "finetuned_model": finetuned_model,
                "hyperparam_search_config": hyperparam_search_config,
                "job_uuid": job_uuid,
                "logger_config": logger_config,
                "optimizer_config": optimizer_config,
                "training_config": training_config,
                "validation_dataset": validation_dataset,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dpo_alignment_config import DPOAlignmentConfig
        from ..models.optimizer_config import OptimizerConfig
        from ..models.post_training_rlhf_request_hyperparam_search_config import (
            PostTrainingRLHFRequestHyperparamSearchConfig,
        )
        from ..models.post_training_rlhf_request_logger_config import PostTrainingRLHFRequestLoggerConfig
        from ..models.train_eval_dataset import TrainEvalDataset
        from ..models.training_config import TrainingConfig

        d = dict(src_dict)
        algorithm = RLHFAlgorithm(d.pop("algorithm"))

        algorithm_config = DPOAlignmentConfig.from_dict(d.pop("algorithm_config"))

        dataset = TrainEvalDataset.from_dict(d.pop("dataset"))

        finetuned_model = d.pop("finetuned_model")

        hyperparam_search_config = PostTrainingRLHFRequestHyperparamSearchConfig.from_dict(
            d.pop("hyperparam_search_config")
        )

        job_uuid = d.pop("job_uuid")

        logger_config = PostTrainingRLHFRequestLoggerConfig.from_dict(d.pop("logger_config"))

        optimizer_config = OptimizerConfig.from_dict(d.pop("optimizer_config"))

        training_config = TrainingConfig.from_dict(d.pop("training_config"))

        validation_dataset = TrainEvalDataset.from_dict(d.pop("validation_dataset"))

        post_training_rlhf_request = cls(
            algorithm=algorithm,
            algorithm_config=algorithm_config,
            dataset=dataset,
            finetuned_model=finetuned_model,
            hyperparam_search_config=hyperparam_search_config,
            job_uuid=job_uuid,
            logger_config=logger_config,
            optimizer_config=optimizer_config,
            training_config=training_config,
            validation_dataset=validation_dataset,
        )

        return post_training_rlhf_request
