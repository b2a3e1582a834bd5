"""The PostTraining API: fine-tuning and preference (DPO) jobs on the shared job runner, whose result is served at
once.

A job loads the registered model's GGUF into PyTorch (`export.load_for_training`), trains it in a worker thread
(`training`), writes a GGUF at the end of each epoch with llama.cpp's converters and quantizer (`export`): merged
weights, or with `post_training.export: lora_adapter` a LoRA adapter served on the base model's GGUF. Once the last
epoch is written, it loads that GGUF into llama.cpp and registers it under the request's
`fine_tuned_model_id` (kept in `data_dir/models.sqlite`, so a restarted server serves it again). Cancel stops the
training within a step and keeps the checkpoints written. A job cut off by a server that stops is failed at the
next start with the reason: training does not resume.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
from collections.abc import Callable, Mapping, MutableMapping
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from lls_api import models
from lls_api.interfaces import PostTrainingApi

from ..config import ModelConfig, PostTrainingConfig, RunConfig
from ..datasets import Datasets
from ..errors import Conflict, Forbidden, InvalidRequest, NotFound
from ..evaluations import Evaluations
from ..inference.llama_engine import LlamaCppModel
from ..jobs.runner import JobRunner, RunningJob
from .export import UnsupportedModel, check_loadable
from .registry import FineTunedModels

log = logging.getLogger("lls.post_training")
KIND = "post_training"
MODEL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")  # as the run config's model ids
ATTENTION_MODULES = {"q_proj": "q_proj", "k_proj": "k_proj", "v_proj": "v_proj", "o_proj": "o_proj"}
ATTENTION_MODULES["output_proj"] = "o_proj"  # Meta's name for it
MLP_MODULES = ["gate_proj", "up_proj", "down_proj"]
IGNORED = ("hyperparam_search_config", "logger_config", "validation_dataset", "finetuned_model")
DEFAULT_BETA = 0.1
TrainingRequest = models.PostTrainingSFTRequest | models.PostTrainingRLHFRequest


def lora_settings(config: models.LoraFinetuningConfig, *, dora: bool) -> dict[str, Any]:
    """The adapters' settings, for `training.LoraSettings`; a 400 if they name no module."""
    targets = [ATTENTION_MODULES[module] for module in config.lora_attn_modules]
    targets += MLP_MODULES if config.apply_lora_to_mlp else []
    targets += ["lm_head"] if config.apply_lora_to_output else []
    if not targets:
        raise InvalidRequest("the LoRA config names no module to adapt: give lora_attn_modules or apply_lora_to_mlp")
    return {"rank": config.rank, "alpha": config.alpha, "target_modules": sorted(set(targets)), "use_dora": dora}


def column_kinds(columns: Mapping[str, Any], wanted: Mapping[str, str], what: str) -> None:
    kinds = {name: getattr(kind, "value", kind) for name, kind in columns.items()}
    if any(kinds.get(name) != kind for name, kind in wanted.items()):
        needed = ", ".join(f"`{name}` ({kind})" for name, kind in wanted.items())
        raise InvalidRequest(f"{what} reads the columns {needed}; this dataset has: {kinds or 'none'}")


def training_dialogs(rows: list[dict[str, Any]], columns: Mapping[str, Any]) -> list[list[dict[str, Any]]]:
    """Each row's `dialog`; a 400 names a dataset without one, or a row without an assistant answer to learn."""
    column_kinds(columns, {"dialog": "dialog"}, "supervised fine-tuning")
    for number, row in enumerate(rows, start=1):
        if not any(message.get("role") == "assistant" for message in row["dialog"]):
            raise InvalidRequest(f"row {number}, column 'dialog': no assistant message, so nothing to learn")
    return [row["dialog"] for row in rows]


def preference_pairs(rows: list[dict[str, Any]], columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each row's prompt with its chosen and rejected answers; a 400 names what is missing."""
    column_kinds(columns, {"prompt": "dialog", "chosen": "text", "rejected": "text"}, "preference optimization")
    for number, row in enumerate(rows, start=1):
        for name in ("chosen", "rejected"):
            if not row[name].strip():
                raise InvalidRequest(f"row {number}, column '{name}': the answer is empty")
    return [{"prompt": row["prompt"], "chosen": row["chosen"], "rejected": row["rejected"]} for row in rows]


class PostTraining(PostTrainingApi):
    def __init__(
        self,
        runner: JobRunner,
        datasets: Datasets,
        served: MutableMapping[str, LlamaCppModel],
        registry: FineTunedModels,
        settings: PostTrainingConfig,
        data_dir: Path,
    ):
        self.runner = runner
        self.datasets = datasets
        self.served = served
        self.registry = registry
        self.settings = settings
        self.data_dir = data_dir
        self.loaded: list[LlamaCppModel] = []  # the fine-tuned models this API loaded, and closes
        runner.register(FineTuningJobs(self))

    def serve(self, config: ModelConfig) -> None:
        """Load a fine-tuned model and serve it beside the others (blocks)."""
        model = LlamaCppModel(config)
        self.loaded.append(model)
        self.served[config.id] = model

    def close(self) -> None:
        for model in self.loaded:
            model.close()
        self.registry.close()

    async def supervised_fine_tune(self, *, body: models.PostTrainingSFTRequest) -> models.PostTrainingJob:
        algorithm = body.algorithm.value
        lora = None
        if algorithm == "qlora":
            raise InvalidRequest(
                "qlora trains adapters on a 4-bit base, and this server has no 4-bit quantizer for training on this "
                "machine (bitsandbytes' kernels need a GPU): use lora or dora, the same adapters on the float weights"
            )
        if algorithm != "full":
            if body.algorithm_config is None:
                raise InvalidRequest(f"algorithm {algorithm!r} needs algorithm_config (rank, alpha and the modules)")
            config = models.LoraFinetuningConfig.model_validate(body.algorithm_config.model_dump())
            lora = lora_settings(config, dora=algorithm == "dora")
        return await self._submit(body, "sft", lora, training_dialogs)

    async def preference_optimize(self, *, body: models.PostTrainingRLHFRequest) -> models.PostTrainingJob:
        lora = None if body.lora is None else lora_settings(body.lora, dora=False)
        alignment = body.algorithm_config
        beta = alignment.beta if alignment is not None and alignment.beta is not None else DEFAULT_BETA
        ignored = [] if alignment is None else sorted(alignment.model_fields_set - {"beta"})
        return await self._submit(body, "dpo", lora, preference_pairs, beta=beta, ignored=ignored)

    async def _submit(
        self,
        body: TrainingRequest,
        method: str,
        lora: dict[str, Any] | None,
        examples: Callable[[list[dict[str, Any]], Mapping[str, Any]], list[Any]],
        *,
        beta: float | None = None,
        ignored: list[str] | None = None,
    ) -> models.PostTrainingJob:
        """Check a training request whole (a 4xx now, not a failed job later), then queue its job."""
        if not self.settings.enabled:
            raise Forbidden("post-training is disabled on this server (post_training.enabled in the run config)")
        if body.model not in self.served:
            raise NotFound(f"model {body.model!r} is not registered (registered: {', '.join(self.served)})")
        if self.served[body.model].config.lora_adapter is not None:
            raise InvalidRequest(
                f"model {body.model!r} is served as a LoRA adapter on {self.served[body.model].config.path.name}, "
                "and cannot be trained further: fine-tune its base model"
            )
        try:
            architecture = self.served[body.model].metadata.get("general.architecture", "unknown")
            await asyncio.to_thread(check_loadable, architecture)
        except UnsupportedModel as exc:
            raise InvalidRequest(f"model {body.model!r}: {exc}") from exc
        model_id = body.fine_tuned_model_id or f"{body.model}:{body.job_uuid}"
        if not MODEL_ID.match(model_id):
            raise InvalidRequest(f"{model_id!r} cannot be a model id: give fine_tuned_model_id")
        if model_id in self.served:
            raise Conflict(f"model {model_id!r} is registered already: give another fine_tuned_model_id")
        await self.runner.check_free(body.job_uuid)  # before reading what may be a large dataset
        definition, rows = await self.datasets.given(body.dataset, body.dataset_uuid)
        training, optimizer = body.training_config, body.optimizer_config
        request = {
            "method": method,
            "model": body.model,
            "fine_tuned_model_id": model_id,
            "examples": examples(rows, definition.columns),
            "lora": lora,
            "beta": beta,
            "settings": {
                "epochs": training.n_epochs,
                "max_steps": training.n_iters or None,
                "batch_size": training.batch_size,
                "shuffle": training.shuffle,
                "lr": optimizer.lr,
                "lr_min": min(optimizer.lr_min, optimizer.lr),
                "weight_decay": optimizer.weight_decay,
                "optimizer": optimizer.optimizer_type.value,
                "warmup_steps": optimizer.num_warmup_steps or 0,
                "gradient_checkpointing": training.enable_activation_checkpointing,
            },
            "ignored": [name for name in IGNORED if getattr(body, name, None) is not None]
            + [name for name in ("memory_efficient_fsdp_wrap", "fsdp_cpu_offload") if getattr(training, name)]
            + [f"algorithm_config.{name}" for name in ignored or []],
        }
        await self.runner.submit(body.job_uuid, KIND, request, 0)
        return models.PostTrainingJob(job_uuid=body.job_uuid)

    async def list_post_training_jobs(self) -> list[models.PostTrainingJob]:
        jobs = await asyncio.to_thread(self.runner.store.of_kind, KIND)
        return [models.PostTrainingJob(job_uuid=job_uuid) for job_uuid, _ in jobs]

    async def get_post_training_job_status(self, *, job_uuid: str) -> models.PostTrainingJobStatusResponse:
        job = await self.runner.get(job_uuid, KIND)
        return models.PostTrainingJobStatusResponse(
            job_uuid=job_uuid,
            status=job.status,
            scheduled_at=job.scheduled_at,
            started_at=job.started_at,
            completed_at=job.completed_at,
            checkpoints=await self._checkpoints(job_uuid),
            steps_done=job.steps_done,
            steps_total=job.steps_total,
            error=job.error,
        )

    async def get_post_training_job_logs(self, *, job_uuid: str) -> models.PostTrainingJobLogStream:
        lines = await self.runner.logs(job_uuid, KIND)
        return models.PostTrainingJobLogStream(job_uuid=job_uuid, log_lines=lines)

    async def get_post_training_job_artifacts(self, *, job_uuid: str) -> models.PostTrainingJobArtifactsResponse:
        await self.runner.get(job_uuid, KIND)
        return models.PostTrainingJobArtifactsResponse(job_uuid=job_uuid, checkpoints=await self._checkpoints(job_uuid))

    async def cancel_post_training_job(self, *, job_uuid: str) -> None:
        await self.runner.cancel(job_uuid, KIND)

    async def _checkpoints(self, job_uuid: str) -> list[models.Checkpoint]:
        items = await asyncio.to_thread(lambda: list(self.runner.store.items(job_uuid)))
        return [models.Checkpoint.model_validate(item) for _, item in items]


class FineTuningJobs:
    """The job kind: train (fine-tune or align) in a worker thread, write a checkpoint each epoch, then serve the
    last one."""

    name = KIND
    resumable = False

    def __init__(self, api: PostTraining):
        self.api = api

    async def run(self, job: RunningJob) -> None:
        request = job.request
        await job.log("training with " + ", ".join(f"{name} {value}" for name, value in request["settings"].items()))
        for name in request["ignored"]:
            await job.log(f"{name} does not apply on one machine: ignored")
        stop = threading.Event()
        training = asyncio.ensure_future(asyncio.to_thread(self._train, job, stop))
        try:
            config = await asyncio.shield(training)
        except asyncio.CancelledError:
            stop.set()  # the training stops within a step; its checkpoints so far stay
            await asyncio.wait([training])
            raise
        await asyncio.to_thread(self.api.registry.add, config)
        await asyncio.to_thread(self.api.serve, config)
        await job.log(f"serving the fine-tuned model as {config.id!r}")

    def _train(self, job: RunningJob, stop: threading.Event) -> ModelConfig:
        # Imported here: torch, transformers, peft and trl take seconds to import, and only training needs them.
        import torch

        from .export import adapter_unexportable, export_gguf, export_lora_adapter, load_for_training
        from .training import (
            Cancelled,
            LoraSettings,
            TrainSettings,
            plain_weights,
            preference_optimize,
            supervised_fine_tune,
        )

        request, store, api = job.request, job.store, self.api
        base = api.served[request["model"]].config
        torch.set_num_threads(api.settings.threads or max(1, (os.cpu_count() or 2) - 1))
        store.log(job.job_uuid, f"loading {base.path.name} into PyTorch")
        model, tokenizer = load_for_training(base.path)
        if stop.is_set():  # cancelled while loading
            raise Cancelled
        directory = api.data_dir / "post_training" / job.job_uuid
        directory.mkdir(parents=True, exist_ok=True)
        model_id = request["fine_tuned_model_id"]
        written: list[tuple[Path, bool]] = []  # each checkpoint's file, and whether it is a LoRA adapter

        def progress(step: int, total: int, loss: float, learning_rate: float) -> None:
            store.progress(job.job_uuid, step, total)
            store.log(job.job_uuid, f"step {step} of {total}: learning rate {learning_rate:.3g}, loss {loss:.4f}")

        def checkpoint(epoch: int, trained: Any) -> None:
            as_adapter = api.settings.export == "lora_adapter"
            if as_adapter and (reason := adapter_unexportable(trained)) is not None:
                as_adapter = False
                if epoch == 1:
                    store.log(job.job_uuid, f"exporting merged weights, not a LoRA adapter: {reason}")
            if as_adapter:
                path = export_lora_adapter(trained, directory / f"epoch-{epoch}.lora.gguf")
            else:
                merged = plain_weights(trained, in_place=False)
                quantization = api.settings.quantization
                path = export_gguf(merged, tokenizer, directory / f"epoch-{epoch}.gguf", quantization=quantization)
            written.append((path, as_adapter))
            entry = models.Checkpoint(
                identifier=f"{model_id}/epoch-{epoch}",
                base_model=base.id,
                post_training_job_uuid=job.job_uuid,
                epoch=epoch,
                path=path.as_uri(),
                created_at=datetime.now(UTC),
            )
            store.add_item(job.job_uuid, epoch, entry.model_dump(mode="json", exclude_none=True))
            store.log(job.job_uuid, f"epoch {epoch}: checkpoint written, {path.stat().st_size / 1e6:.0f} MB")

        lora = LoraSettings(**request["lora"]) if request["lora"] else None
        train = (
            supervised_fine_tune if request["method"] == "sft" else partial(preference_optimize, beta=request["beta"])
        )
        try:
            train(
                model,
                tokenizer,
                request["examples"],
                TrainSettings(**request["settings"]),
                lora,
                progress=progress,
                should_stop=stop.is_set,
                checkpoint=checkpoint,
            )
        except Cancelled:
            store.log(job.job_uuid, "training stopped")
            raise
        path, is_adapter = written[-1]
        return base.model_copy(
            update={
                "id": model_id,
                "path": base.path if is_adapter else path,
                "lora_adapter": path if is_adapter else None,
                "base_model": base.id,
                "post_training_job_uuid": job.job_uuid,
            }
        )


def create_post_training(
    config: RunConfig, served: Mapping[str, LlamaCppModel], apis: Mapping[str, object]
) -> PostTraining:
    """Post-training on the job runner that evaluations use, serving the models it made before."""
    evaluations, datasets = apis["Evaluations"], apis["Datasets"]
    assert isinstance(evaluations, Evaluations) and isinstance(datasets, Datasets) and isinstance(served, dict)
    registry = FineTunedModels(config.data_dir / "models.sqlite")
    api = PostTraining(evaluations.runner, datasets, served, registry, config.post_training, config.data_dir)
    try:
        for model in registry.all():
            if model.id in served:
                log.warning("fine-tuned model %r is not served: the run config registers that id", model.id)
                continue
            api.serve(model)
    except BaseException:
        api.close()
        raise
    return api
