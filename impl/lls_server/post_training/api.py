"""The PostTraining API: fine-tuning jobs on the shared job runner, whose result is served at once.

A job loads the registered model's GGUF into PyTorch (`export.load_for_training`), trains it in a worker thread
(`training`), writes a GGUF at the end of each epoch with llama.cpp's converter and quantizer (`export`), and, once
the last epoch is written, loads that GGUF into llama.cpp and registers it under the request's
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
from collections.abc import Mapping, MutableMapping
from datetime import UTC, datetime
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
from .registry import FineTunedModels

log = logging.getLogger("lls.post_training")
KIND = "post_training"
MODEL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")  # as the run config's model ids
ATTENTION_MODULES = {"q_proj": "q_proj", "k_proj": "k_proj", "v_proj": "v_proj", "o_proj": "o_proj"}
ATTENTION_MODULES["output_proj"] = "o_proj"  # Meta's name for it
MLP_MODULES = ["gate_proj", "up_proj", "down_proj"]
IGNORED = ("hyperparam_search_config", "logger_config", "validation_dataset")


def lora_targets(config: models.LoraFinetuningConfig) -> list[str]:
    targets = [ATTENTION_MODULES[module] for module in config.lora_attn_modules]
    targets += MLP_MODULES if config.apply_lora_to_mlp else []
    targets += ["lm_head"] if config.apply_lora_to_output else []
    if not targets:
        raise InvalidRequest("algorithm_config names no module to adapt: give lora_attn_modules or apply_lora_to_mlp")
    return sorted(set(targets))


def training_dialogs(rows: list[dict[str, Any]], columns: Mapping[str, Any]) -> list[list[dict[str, Any]]]:
    """Each row's `dialog`; a 400 names a dataset without one, or a row without an assistant answer to learn."""
    kinds = {name: getattr(kind, "value", kind) for name, kind in columns.items()}
    if kinds.get("dialog") != "dialog":
        raise InvalidRequest(
            f"supervised fine-tuning reads a `dialog` column of type dialog; this dataset has: {kinds or 'none'}"
        )
    for number, row in enumerate(rows, start=1):
        if not any(message.get("role") == "assistant" for message in row["dialog"]):
            raise InvalidRequest(f"row {number}, column 'dialog': no assistant message, so nothing to learn")
    return [row["dialog"] for row in rows]


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
        if not self.settings.enabled:
            raise Forbidden("post-training is disabled on this server (post_training.enabled in the run config)")
        base = self.served.get(body.model)
        if base is None:
            raise NotFound(f"model {body.model!r} is not registered (registered: {', '.join(self.served)})")
        model_id = body.fine_tuned_model_id or f"{body.model}:{body.job_uuid}"
        if not MODEL_ID.match(model_id):
            raise InvalidRequest(f"{model_id!r} cannot be a model id: give fine_tuned_model_id")
        if model_id in self.served:
            raise Conflict(f"model {model_id!r} is registered already: give another fine_tuned_model_id")
        lora = self._lora(body)
        await self.runner.check_free(body.job_uuid)  # before reading what may be a large dataset
        definition, rows = await self.datasets.given(body.dataset, body.dataset_uuid)
        training = body.training_config
        optimizer = body.optimizer_config
        request = {
            "model": body.model,
            "fine_tuned_model_id": model_id,
            "dialogs": training_dialogs(rows, definition.columns),
            "lora": lora,
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
            "ignored": [name for name in IGNORED if getattr(body, name) is not None]
            + [name for name in ("memory_efficient_fsdp_wrap", "fsdp_cpu_offload") if getattr(training, name)],
        }
        await self.runner.submit(body.job_uuid, KIND, request, 0)
        return models.PostTrainingJob(job_uuid=body.job_uuid)

    @staticmethod
    def _lora(body: models.PostTrainingSFTRequest) -> dict[str, Any] | None:
        algorithm = body.algorithm.value
        if algorithm == "full":
            return None
        if algorithm == "qlora":
            raise InvalidRequest(
                "qlora trains adapters on a 4-bit base, and this server has no 4-bit quantizer for training on this "
                "machine (bitsandbytes' kernels need a GPU): use lora or dora, the same adapters on the float weights"
            )
        if body.algorithm_config is None:
            raise InvalidRequest(f"algorithm {algorithm!r} needs algorithm_config (rank, alpha and the modules)")
        config = body.algorithm_config
        targets = lora_targets(models.LoraFinetuningConfig.model_validate(config.model_dump()))
        return {"rank": config.rank, "alpha": config.alpha, "target_modules": targets, "use_dora": algorithm == "dora"}

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
        await self.runner.get(job_uuid, KIND)
        lines = await asyncio.to_thread(self.runner.store.logs, job_uuid)
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
    """The job kind: train in a worker thread, write a checkpoint each epoch, then serve the last one."""

    name = KIND
    resumable = False

    def __init__(self, api: PostTraining):
        self.api = api

    async def run(self, job: RunningJob) -> None:
        request = job.request
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

        from .export import export_gguf, load_for_training
        from .training import Cancelled, LoraSettings, TrainSettings, supervised_fine_tune

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
        written: list[Path] = []

        def progress(step: int, total: int, loss: float) -> None:
            store.progress(job.job_uuid, step, total)
            store.log(job.job_uuid, f"step {step} of {total}: loss {loss:.4f}")

        def checkpoint(epoch: int, trained: Any) -> None:
            path = export_gguf(
                trained, tokenizer, directory / f"epoch-{epoch}.gguf", quantization=api.settings.quantization
            )
            written.append(path)
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
        try:
            supervised_fine_tune(
                model,
                tokenizer,
                request["dialogs"],
                TrainSettings(**request["settings"]),
                lora,
                progress=progress,
                should_stop=stop.is_set,
                checkpoint=checkpoint,
            )
        except Cancelled:
            store.log(job.job_uuid, "training stopped")
            raise
        return base.model_copy(
            update={
                "id": model_id,
                "path": written[-1],
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
