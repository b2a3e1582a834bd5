from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.finetuning_algorithm import FinetuningAlgorithm

if TYPE_CHECKING:
    from ..models.dora_finetuning_config import DoraFinetuningConfig
    from ..models.lora_finetuning_config import LoraFinetuningConfig
    from ..models.optimizer_config import OptimizerConfig
    from ..models.post_training_sft_request_hyperparam_search_config import PostTrainingSFTRequestHyperparamSearchConfig
    from ..models.post_training_sft_request_logger_config import PostTrainingSFTRequestLoggerConfig
    from ..models.q_lora_finetuning_config import QLoraFinetuningConfig
    from ..models.train_eval_dataset import TrainEvalDataset
    from ..models.training_config import TrainingConfig


T = TypeVar("T", bound="PostTrainingSFTRequest")


@_attrs_define
class PostTrainingSFTRequest:
    """Request to finetune a model.

    Attributes:
        algorithm (FinetuningAlgorithm):
        algorithm_config (DoraFinetuningConfig | LoraFinetuningConfig | QLoraFinetuningConfig):
        dataset (TrainEvalDataset): Dataset to be used for training or evaluating language models. Example: {'columns':
            {'input_query': 'text', 'expected_answer': 'text'}, 'content_url': 'data:application/jsonl,{"input_query": "What
            do llamas eat?", "expected_answer": "Grass and hay."}'}.
        hyperparam_search_config (PostTrainingSFTRequestHyperparamSearchConfig):
        job_uuid (str):
        logger_config (PostTrainingSFTRequestLoggerConfig):
        model (str): The id of a model registered with this server (see `/models/list`).
        optimizer_config (OptimizerConfig):
        training_config (TrainingConfig):
        validation_dataset (TrainEvalDataset): Dataset to be used for training or evaluating language models. Example:
            {'columns': {'input_query': 'text', 'expected_answer': 'text'}, 'content_url':
            'data:application/jsonl,{"input_query": "What do llamas eat?", "expected_answer": "Grass and hay."}'}.
    """

    algorithm: FinetuningAlgorithm
    algorithm_config: DoraFinetuningConfig | LoraFinetuningConfig | QLoraFinetuningConfig
    dataset: TrainEvalDataset
    hyperparam_search_config: PostTrainingSFTRequestHyperparamSearchConfig
    job_uuid: str
    logger_config: PostTrainingSFTRequestLoggerConfig
    model: str
    optimizer_config: OptimizerConfig
    training_config: TrainingConfig
    validation_dataset: TrainEvalDataset

    def to_dict(self) -> dict[str, Any]:
        from ..models.lora_finetuning_config import LoraFinetuningConfig
        from ..models.q_lora_finetuning_config import QLoraFinetuningConfig

        algorithm = self.algorithm.value

        algorithm_config: dict[str, Any]
        if isinstance(self.algorithm_config, LoraFinetuningConfig) or isinstance(
            self.algorithm_config, QLoraFinetuningConfig
        ):
            algorithm_config = self.algorithm_config.to_dict()
        else:
            algorithm_config = self.algorithm_config.to_dict()

        dataset = self.dataset.to_dict()

        hyperparam_search_config = self.hyperparam_search_config.to_dict()

        job_uuid = self.job_uuid

        logger_config = self.logger_config.to_dict()

        model = self.model

        optimizer_config = self.optimizer_config.to_dict()

        training_config = self.training_config.to_dict()

        validation_dataset = self.validation_dataset.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "algorithm": algorithm,
                "algorithm_config": algorithm_config,
                "dataset": dataset,
                "hyperparam_search_config": hyperparam_search_config,
                "job_uuid": job_uuid,
                "logger_config": logger_config,
                "model": model,
                "optimizer_config": optimizer_config,
                "training_config": training_config,
                "validation_dataset": validation_dataset,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dora_finetuning_config import DoraFinetuningConfig
        from ..models.lora_finetuning_config import LoraFinetuningConfig
        from ..models.optimizer_config import OptimizerConfig
        from ..models.post_training_sft_request_hyperparam_search_config import (
            PostTrainingSFTRequestHyperparamSearchConfig,
        )
        from ..models.post_training_sft_request_logger_config import PostTrainingSFTRequestLoggerConfig
        from ..models.q_lora_finetuning_config import QLoraFinetuningConfig
        from ..models.train_eval_dataset import TrainEvalDataset
        from ..models.training_config import TrainingConfig

        d = dict(src_dict)
        algorithm = FinetuningAlgorithm(d.pop("algorithm"))

        def _parse_algorithm_config(
            data: object,
        ) -> DoraFinetuningConfig | LoraFinetuningConfig | QLoraFinetuningConfig:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                algorithm_config_type_0 = LoraFinetuningConfig.from_dict(data)

                return algorithm_config_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                algorithm_config_type_1 = QLoraFinetuningConfig.from_dict(data)

                return algorithm_config_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            algorithm_config_type_2 = DoraFinetuningConfig.from_dict(data)

            return algorithm_config_type_2

        algorithm_config = _parse_algorithm_config(d.pop("algorithm_config"))

        dataset = TrainEvalDataset.from_dict(d.pop("dataset"))

        hyperparam_search_config = PostTrainingSFTRequestHyperparamSearchConfig.from_dict(
            d.pop("hyperparam_search_config")
        )

        job_uuid = d.pop("job_uuid")

        logger_config = PostTrainingSFTRequestLoggerConfig.from_dict(d.pop("logger_config"))

        model = d.pop("model")

        optimizer_config = OptimizerConfig.from_dict(d.pop("optimizer_config"))

        training_config = TrainingConfig.from_dict(d.pop("training_config"))

        validation_dataset = TrainEvalDataset.from_dict(d.pop("validation_dataset"))

        post_training_sft_request = cls(
            algorithm=algorithm,
            algorithm_config=algorithm_config,
            dataset=dataset,
            hyperparam_search_config=hyperparam_search_config,
            job_uuid=job_uuid,
            logger_config=logger_config,
            model=model,
            optimizer_config=optimizer_config,
            training_config=training_config,
            validation_dataset=validation_dataset,
        )

        return post_training_sft_request
