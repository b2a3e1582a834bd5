from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.rlhf_algorithm import RLHFAlgorithm
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dpo_alignment_config import DPOAlignmentConfig
    from ..models.lora_finetuning_config import LoraFinetuningConfig
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
    """Request to align a registered model with preferences by DPO (trl's DPOTrainer) on a dataset whose rows have the
    columns `prompt` (dialog: the conversation so far), `chosen` and `rejected` (text: the preferred and the
    dispreferred answer). The result is exported, registered and served as a fine-tune's is. `hyperparam_search_config`,
    `logger_config`, `validation_dataset`, `finetuned_model` and the FSDP fields do not apply here: accepted and logged
    as ignored.

        Example:
            {'job_uuid': 'dpo-example-1', 'model': 'SmolLM2-135M-Instruct', 'algorithm': 'dpo', 'algorithm_config': {'beta':
                0.1}, 'lora': {'lora_attn_modules': ['q_proj', 'v_proj'], 'apply_lora_to_mlp': False, 'apply_lora_to_output':
                False, 'rank': 8, 'alpha': 16}, 'dataset': {'columns': {'prompt': 'dialog', 'chosen': 'text', 'rejected':
                'text'}, 'content_url': 'data:application/jsonl,{"prompt": [{"role": "user", "content": "What do llamas eat?"}],
                "chosen": "Grass and hay.", "rejected": "Pizza."}'}, 'optimizer_config': {'optimizer_type': 'adamw', 'lr':
                0.0001, 'lr_min': 1e-05, 'weight_decay': 0.0}, 'training_config': {'n_epochs': 1, 'n_iters': 1, 'batch_size': 1,
                'shuffle': False, 'enable_activation_checkpointing': False, 'memory_efficient_fsdp_wrap': False,
                'fsdp_cpu_offload': False}}

        Attributes:
            algorithm (RLHFAlgorithm):
            model (str): The id of a model registered with this server (see `/models/list`).
            job_uuid (str): A job's id, chosen by the client; one job per id, whatever its kind.
            optimizer_config (OptimizerConfig):
            training_config (TrainingConfig): How long and in what batches to train. `n_iters` caps the optimizer steps (0:
                no cap); `enable_activation_checkpointing` trades compute for memory; the FSDP fields do not apply on one
                machine and are ignored.
            algorithm_config (DPOAlignmentConfig | Unset): How to align with preferences. `beta` is DPO's one parameter
                (trl's sigmoid loss); the draft's `reward_scale`, `reward_clip`, `epsilon` and `gamma` belong to other losses:
                accepted and logged as ignored.
            dataset (TrainEvalDataset | Unset): Dataset to be used for training or evaluating language models. Example:
                {'columns': {'input_query': 'text', 'expected_answer': 'text'}, 'content_url':
                'data:application/jsonl,{"input_query": "What do llamas eat?", "expected_answer": "Grass and hay."}'}.
            finetuned_model (str | Unset): A URL: `http(s)://`, `file://` or `data:`.
            lora (LoraFinetuningConfig | Unset):
            dataset_uuid (str | Unset): A dataset made by `create_dataset`, by its uuid. Give this or `dataset`. An addition
                to the draft.
            fine_tuned_model_id (str | Unset): The id the aligned model is registered under once the job completes (default:
                `<model>:<job_uuid>`); it must not be taken. An addition to the draft.
            hyperparam_search_config (PostTrainingRLHFRequestHyperparamSearchConfig | Unset):
            logger_config (PostTrainingRLHFRequestLoggerConfig | Unset):
            validation_dataset (TrainEvalDataset | Unset): Dataset to be used for training or evaluating language models.
                Example: {'columns': {'input_query': 'text', 'expected_answer': 'text'}, 'content_url':
                'data:application/jsonl,{"input_query": "What do llamas eat?", "expected_answer": "Grass and hay."}'}.
    """

    algorithm: RLHFAlgorithm
    model: str
    job_uuid: str
    optimizer_config: OptimizerConfig
    training_config: TrainingConfig
    algorithm_config: DPOAlignmentConfig | Unset = UNSET
    dataset: TrainEvalDataset | Unset = UNSET
    finetuned_model: str | Unset = UNSET
    lora: LoraFinetuningConfig | Unset = UNSET
    dataset_uuid: str | Unset = UNSET
    fine_tuned_model_id: str | Unset = UNSET
    hyperparam_search_config: PostTrainingRLHFRequestHyperparamSearchConfig | Unset = UNSET
    logger_config: PostTrainingRLHFRequestLoggerConfig | Unset = UNSET
    validation_dataset: TrainEvalDataset | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        algorithm = self.algorithm.value

        model = self.model

        job_uuid = self.job_uuid

        optimizer_config = self.optimizer_config.to_dict()

        training_config = self.training_config.to_dict()

        algorithm_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.algorithm_config, Unset):
            algorithm_config = self.algorithm_config.to_dict()

        dataset: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dataset, Unset):
            dataset = self.dataset.to_dict()

        finetuned_model = self.finetuned_model

        lora: dict[str, Any] | Unset = UNSET
        if not isinstance(self.lora, Unset):
            lora = self.lora.to_dict()

        dataset_uuid = self.dataset_uuid

        fine_tuned_model_id = self.fine_tuned_model_id

        hyperparam_search_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.hyperparam_search_config, Unset):
            hyperparam_search_config = self.hyperparam_search_config.to_dict()

        logger_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.logger_config, Unset):
            logger_config = self.logger_config.to_dict()

        validation_dataset: dict[str, Any] | Unset = UNSET
        if not isinstance(self.validation_dataset, Unset):
            validation_dataset = self.validation_dataset.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "algorithm": algorithm,
                "model": model,
                "job_uuid": job_uuid,
                "optimizer_config": optimizer_config,
                "training_config": training_config,
            }
        )
        if algorithm_config is not UNSET:
            field_dict["algorithm_config"] = algorithm_config
        if dataset is not UNSET:
            field_dict["dataset"] = dataset
        if finetuned_model is not UNSET:
            field_dict["finetuned_model"] = finetuned_model
        if lora is not UNSET:
            field_dict["lora"] = lora
        if dataset_uuid is not UNSET:
            field_dict["dataset_uuid"] = dataset_uuid
        if fine_tuned_model_id is not UNSET:
            field_dict["fine_tuned_model_id"] = fine_tuned_model_id
        if hyperparam_search_config is not UNSET:
            field_dict["hyperparam_search_config"] = hyperparam_search_config
        if logger_config is not UNSET:
            field_dict["logger_config"] = logger_config
        if validation_dataset is not UNSET:
            field_dict["validation_dataset"] = validation_dataset

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dpo_alignment_config import DPOAlignmentConfig
        from ..models.lora_finetuning_config import LoraFinetuningConfig
        from ..models.optimizer_config import OptimizerConfig
        from ..models.post_training_rlhf_request_hyperparam_search_config import (
            PostTrainingRLHFRequestHyperparamSearchConfig,
        )
        from ..models.post_training_rlhf_request_logger_config import PostTrainingRLHFRequestLoggerConfig
        from ..models.train_eval_dataset import TrainEvalDataset
        from ..models.training_config import TrainingConfig

        d = dict(src_dict)
        algorithm = RLHFAlgorithm(d.pop("algorithm"))

        model = d.pop("model")

        job_uuid = d.pop("job_uuid")

        optimizer_config = OptimizerConfig.from_dict(d.pop("optimizer_config"))

        training_config = TrainingConfig.from_dict(d.pop("training_config"))

        _algorithm_config = d.pop("algorithm_config", UNSET)
        algorithm_config: DPOAlignmentConfig | Unset
        if isinstance(_algorithm_config, Unset):
            algorithm_config = UNSET
        else:
            algorithm_config = DPOAlignmentConfig.from_dict(_algorithm_config)

        _dataset = d.pop("dataset", UNSET)
        dataset: TrainEvalDataset | Unset
        if isinstance(_dataset, Unset):
            dataset = UNSET
        else:
            dataset = TrainEvalDataset.from_dict(_dataset)

        finetuned_model = d.pop("finetuned_model", UNSET)

        _lora = d.pop("lora", UNSET)
        lora: LoraFinetuningConfig | Unset
        if isinstance(_lora, Unset):
            lora = UNSET
        else:
            lora = LoraFinetuningConfig.from_dict(_lora)

        dataset_uuid = d.pop("dataset_uuid", UNSET)

        fine_tuned_model_id = d.pop("fine_tuned_model_id", UNSET)

        _hyperparam_search_config = d.pop("hyperparam_search_config", UNSET)
        hyperparam_search_config: PostTrainingRLHFRequestHyperparamSearchConfig | Unset
        if isinstance(_hyperparam_search_config, Unset):
            hyperparam_search_config = UNSET
        else:
            hyperparam_search_config = PostTrainingRLHFRequestHyperparamSearchConfig.from_dict(
                _hyperparam_search_config
            )

        _logger_config = d.pop("logger_config", UNSET)
        logger_config: PostTrainingRLHFRequestLoggerConfig | Unset
        if isinstance(_logger_config, Unset):
            logger_config = UNSET
        else:
            logger_config = PostTrainingRLHFRequestLoggerConfig.from_dict(_logger_config)

        _validation_dataset = d.pop("validation_dataset", UNSET)
        validation_dataset: TrainEvalDataset | Unset
        if isinstance(_validation_dataset, Unset):
            validation_dataset = UNSET
        else:
            validation_dataset = TrainEvalDataset.from_dict(_validation_dataset)

        post_training_rlhf_request = cls(
            algorithm=algorithm,
            model=model,
            job_uuid=job_uuid,
            optimizer_config=optimizer_config,
            training_config=training_config,
            algorithm_config=algorithm_config,
            dataset=dataset,
            finetuned_model=finetuned_model,
            lora=lora,
            dataset_uuid=dataset_uuid,
            fine_tuned_model_id=fine_tuned_model_id,
            hyperparam_search_config=hyperparam_search_config,
            logger_config=logger_config,
            validation_dataset=validation_dataset,
        )

        return post_training_rlhf_request
