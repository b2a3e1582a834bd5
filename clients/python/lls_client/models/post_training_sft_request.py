from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.finetuning_algorithm import FinetuningAlgorithm
from ..types import UNSET, Unset

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
    """Request to fine-tune a registered model on a dataset whose rows have a `dialog` column (the messages of a
    conversation; the loss is on the assistant's answers only). The model's GGUF weights are loaded into PyTorch,
    trained (LoRA, DoRA or all weights; QLoRA needs a 4-bit quantizer this server does not have: 400), merged, exported
    to GGUF by llama.cpp's own converter and registered under `fine_tuned_model_id`, served at once and after restarts.
    Give the rows as `dataset` or `dataset_uuid`. `hyperparam_search_config`, `logger_config` and `validation_dataset`,
    and the FSDP fields of `training_config`, do not apply on one machine: they are accepted and logged as ignored.

        Example:
            {'job_uuid': 'sft-example-1', 'model': 'SmolLM2-135M-Instruct', 'algorithm': 'lora', 'algorithm_config':
                {'lora_attn_modules': ['q_proj', 'v_proj'], 'apply_lora_to_mlp': False, 'apply_lora_to_output': False, 'rank':
                8, 'alpha': 16}, 'dataset': {'columns': {'dialog': 'dialog'}, 'content_url': 'data:application/jsonl,{"dialog":
                [{"role": "user", "content": "What do llamas eat?"}, {"role": "assistant", "content": "Grass and hay.",
                "stop_reason": "end_of_turn", "tool_calls": []}]}'}, 'optimizer_config': {'optimizer_type': 'adamw', 'lr':
                0.0001, 'lr_min': 1e-05, 'weight_decay': 0.0}, 'training_config': {'n_epochs': 1, 'n_iters': 1, 'batch_size': 1,
                'shuffle': False, 'enable_activation_checkpointing': False, 'memory_efficient_fsdp_wrap': False,
                'fsdp_cpu_offload': False}}

        Attributes:
            algorithm (FinetuningAlgorithm):
            job_uuid (str): A job's id, chosen by the client; one job per id, whatever its kind.
            model (str): The id of a model registered with this server (see `/models/list`).
            optimizer_config (OptimizerConfig):
            training_config (TrainingConfig): How long and in what batches to train. `n_iters` caps the optimizer steps (0:
                no cap); `enable_activation_checkpointing` trades compute for memory; the FSDP fields do not apply on one
                machine and are ignored.
            algorithm_config (DoraFinetuningConfig | LoraFinetuningConfig | QLoraFinetuningConfig | Unset):
            dataset (TrainEvalDataset | Unset): Dataset to be used for training or evaluating language models. Example:
                {'columns': {'input_query': 'text', 'expected_answer': 'text'}, 'content_url':
                'data:application/jsonl,{"input_query": "What do llamas eat?", "expected_answer": "Grass and hay."}'}.
            hyperparam_search_config (PostTrainingSFTRequestHyperparamSearchConfig | Unset):
            logger_config (PostTrainingSFTRequestLoggerConfig | Unset):
            validation_dataset (TrainEvalDataset | Unset): Dataset to be used for training or evaluating language models.
                Example: {'columns': {'input_query': 'text', 'expected_answer': 'text'}, 'content_url':
                'data:application/jsonl,{"input_query": "What do llamas eat?", "expected_answer": "Grass and hay."}'}.
            dataset_uuid (str | Unset): A dataset made by `create_dataset`, by its uuid. Give this or `dataset`. An addition
                to the draft.
            fine_tuned_model_id (str | Unset): The id the fine-tuned model is registered under once the job completes
                (default: `<model>:<job_uuid>`); it must not be taken. An addition to the draft.
    """

    algorithm: FinetuningAlgorithm
    job_uuid: str
    model: str
    optimizer_config: OptimizerConfig
    training_config: TrainingConfig
    algorithm_config: DoraFinetuningConfig | LoraFinetuningConfig | QLoraFinetuningConfig | Unset = UNSET
    dataset: TrainEvalDataset | Unset = UNSET
    hyperparam_search_config: PostTrainingSFTRequestHyperparamSearchConfig | Unset = UNSET
    logger_config: PostTrainingSFTRequestLoggerConfig | Unset = UNSET
    validation_dataset: TrainEvalDataset | Unset = UNSET
    dataset_uuid: str | Unset = UNSET
    fine_tuned_model_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.lora_finetuning_config import LoraFinetuningConfig
        from ..models.q_lora_finetuning_config import QLoraFinetuningConfig

        algorithm = self.algorithm.value

        job_uuid = self.job_uuid

        model = self.model

        optimizer_config = self.optimizer_config.to_dict()

        training_config = self.training_config.to_dict()

        algorithm_config: dict[str, Any] | Unset
        if isinstance(self.algorithm_config, Unset):
            algorithm_config = UNSET
        elif isinstance(self.algorithm_config, LoraFinetuningConfig) or isinstance(
            self.algorithm_config, QLoraFinetuningConfig
        ):
            algorithm_config = self.algorithm_config.to_dict()
        else:
            algorithm_config = self.algorithm_config.to_dict()

        dataset: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dataset, Unset):
            dataset = self.dataset.to_dict()

        hyperparam_search_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.hyperparam_search_config, Unset):
            hyperparam_search_config = self.hyperparam_search_config.to_dict()

        logger_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.logger_config, Unset):
            logger_config = self.logger_config.to_dict()

        validation_dataset: dict[str, Any] | Unset = UNSET
        if not isinstance(self.validation_dataset, Unset):
            validation_dataset = self.validation_dataset.to_dict()

        dataset_uuid = self.dataset_uuid

        fine_tuned_model_id = self.fine_tuned_model_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "algorithm": algorithm,
                "job_uuid": job_uuid,
                "model": model,
                "optimizer_config": optimizer_config,
                "training_config": training_config,
            }
        )
        if algorithm_config is not UNSET:
            field_dict["algorithm_config"] = algorithm_config
        if dataset is not UNSET:
            field_dict["dataset"] = dataset
        if hyperparam_search_config is not UNSET:
            field_dict["hyperparam_search_config"] = hyperparam_search_config
        if logger_config is not UNSET:
            field_dict["logger_config"] = logger_config
        if validation_dataset is not UNSET:
            field_dict["validation_dataset"] = validation_dataset
        if dataset_uuid is not UNSET:
            field_dict["dataset_uuid"] = dataset_uuid
        if fine_tuned_model_id is not UNSET:
            field_dict["fine_tuned_model_id"] = fine_tuned_model_id

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

        job_uuid = d.pop("job_uuid")

        model = d.pop("model")

        optimizer_config = OptimizerConfig.from_dict(d.pop("optimizer_config"))

        training_config = TrainingConfig.from_dict(d.pop("training_config"))

        def _parse_algorithm_config(
            data: object,
        ) -> DoraFinetuningConfig | LoraFinetuningConfig | QLoraFinetuningConfig | Unset:
            if isinstance(data, Unset):
                return data
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

        algorithm_config = _parse_algorithm_config(d.pop("algorithm_config", UNSET))

        _dataset = d.pop("dataset", UNSET)
        dataset: TrainEvalDataset | Unset
        if isinstance(_dataset, Unset):
            dataset = UNSET
        else:
            dataset = TrainEvalDataset.from_dict(_dataset)

        _hyperparam_search_config = d.pop("hyperparam_search_config", UNSET)
        hyperparam_search_config: PostTrainingSFTRequestHyperparamSearchConfig | Unset
        if isinstance(_hyperparam_search_config, Unset):
            hyperparam_search_config = UNSET
        else:
            hyperparam_search_config = PostTrainingSFTRequestHyperparamSearchConfig.from_dict(_hyperparam_search_config)

        _logger_config = d.pop("logger_config", UNSET)
        logger_config: PostTrainingSFTRequestLoggerConfig | Unset
        if isinstance(_logger_config, Unset):
            logger_config = UNSET
        else:
            logger_config = PostTrainingSFTRequestLoggerConfig.from_dict(_logger_config)

        _validation_dataset = d.pop("validation_dataset", UNSET)
        validation_dataset: TrainEvalDataset | Unset
        if isinstance(_validation_dataset, Unset):
            validation_dataset = UNSET
        else:
            validation_dataset = TrainEvalDataset.from_dict(_validation_dataset)

        dataset_uuid = d.pop("dataset_uuid", UNSET)

        fine_tuned_model_id = d.pop("fine_tuned_model_id", UNSET)

        post_training_sft_request = cls(
            algorithm=algorithm,
            job_uuid=job_uuid,
            model=model,
            optimizer_config=optimizer_config,
            training_config=training_config,
            algorithm_config=algorithm_config,
            dataset=dataset,
            hyperparam_search_config=hyperparam_search_config,
            logger_config=logger_config,
            validation_dataset=validation_dataset,
            dataset_uuid=dataset_uuid,
            fine_tuned_model_id=fine_tuned_model_id,
        )

        return post_training_sft_request
