"""The training step of a fine-tuning job: supervised fine-tuning and preference optimization (DPO) with TRL.

Both take a model already loaded by transformers (from its GGUF file, in float32) and its tokenizer, train it in
place, and return it as plain weights: with LoRA or DoRA the adapter is merged into the base weights (peft's
``merge_and_unload``), so that the result exports to GGUF like any other model. Everything here blocks; a job runs
it in a worker thread and hears of it through ``progress`` (after every optimizer step), asks ``should_stop``
after every step (a cancelled run raises :class:`Cancelled` within one step), and gets a ``checkpoint`` at the end
of each epoch.

Supervised fine-tuning trains on the assistant's turns only. TRL's ``SFTConfig(assistant_only_loss=True)`` needs
a chat template with ``{% generation %}`` markers and can only patch in the templates of a list of model families
(SmolLM2's plain ChatML template is not among them: ``get_training_chat_template`` raises), so the dialogs are
tokenized here instead: each assistant turn's characters are found by rendering the dialog's prefixes with the
model's own template, and every token outside them is labelled -100. The trainer gets the tokens and labels ready
(``skip_prepare_dataset``).

Preference optimization is TRL's ``DPOTrainer`` (sigmoid loss, ``beta``). With LoRA the reference model is the
same model with its adapter disabled; full fine-tuning keeps a frozen copy of the starting model as reference.

The optimizers: ``adamw`` is torch's AdamW (decoupled weight decay), ``adam`` torch's Adam with ``weight_decay``
as an L2 penalty (the same as AdamW when it is 0), ``sgd`` torch's SGD. As usual, biases and norms are not
decayed. The learning rate warms up linearly over ``warmup_steps`` and then follows a cosine down to ``lr_min``.
Training runs on CUDA when torch sees a device (in bf16 mixed precision where supported), otherwise on the CPU.
"""

from __future__ import annotations

import copy
import math
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import torch
from datasets import Dataset  # type: ignore[import-untyped]
from datasets.utils import (  # type: ignore[import-untyped]
    are_progress_bars_disabled,
    disable_progress_bars,
    enable_progress_bars,
)
from peft import LoraConfig, PeftModel
from transformers import (
    PreTrainedModel,
    PreTrainedTokenizerBase,
    Trainer,
    TrainerCallback,
    TrainerControl,
    TrainerState,
    TrainingArguments,
    set_seed,
)
from transformers.trainer_callback import PrinterCallback
from transformers.utils.quantization_config import QuantizationMethod
from trl.trainer.dpo_config import DPOConfig
from trl.trainer.dpo_trainer import DPOTrainer
from trl.trainer.sft_config import SFTConfig
from trl.trainer.sft_trainer import SFTTrainer

Message = Mapping[str, str]
Progress = Callable[[int, int, float, float], None]
"""Called after each optimizer step with (step, total_steps, loss, learning_rate); steps count from 1."""
ShouldStop = Callable[[], bool]
Checkpoint = Callable[[int, "PreTrainedModel | PeftModel"], None]
"""Called at each epoch's end with the epoch number (from 1) and the model being trained: the plain model in full
fine-tuning, the PeftModel with its adapter otherwise. Training goes on with it: copy it before changing it
(``plain_weights(model, in_place=False)`` is a merged copy)."""

Optimizer = Literal["adam", "adamw", "sgd"]
IGNORE_INDEX = -100  # the label of a token outside the loss


@dataclass(frozen=True)
class LoraSettings:
    """A low-rank adapter on ``target_modules`` (names of linear layers, such as ``q_proj``); DoRA if ``use_dora``."""

    rank: int
    alpha: int
    target_modules: list[str]
    use_dora: bool = False

    def __post_init__(self) -> None:
        if self.rank < 1 or self.alpha < 1:
            raise ValueError(f"LoRA rank and alpha must be at least 1, not {self.rank} and {self.alpha}")
        if not self.target_modules:
            raise ValueError("LoRA needs at least one target module")

    def peft_config(self) -> LoraConfig:
        return LoraConfig(
            r=self.rank,
            lora_alpha=self.alpha,
            target_modules=list(self.target_modules),
            lora_dropout=0.0,
            bias="none",
            use_dora=self.use_dora,
            task_type="CAUSAL_LM",
        )


@dataclass(frozen=True)
class TrainSettings:
    """How to train. ``max_steps`` (a job's ``n_iters``) caps the optimizer steps of all the epochs; None or 0: no cap.

    ``max_length`` cuts each training sequence (prompt and answer, in tokens) to that length, keeping its start.
    """

    epochs: int
    max_steps: int | None
    batch_size: int
    shuffle: bool
    lr: float
    lr_min: float
    weight_decay: float
    optimizer: Optimizer
    warmup_steps: int = 0
    gradient_checkpointing: bool = False
    seed: int = 0
    max_length: int = 2048

    def __post_init__(self) -> None:
        if self.epochs < 1 or self.batch_size < 1:
            raise ValueError(f"epochs and batch_size must be at least 1, not {self.epochs} and {self.batch_size}")
        if self.max_steps is not None and self.max_steps < 0:
            raise ValueError(f"max_steps must not be negative, not {self.max_steps}")
        if not (self.lr > 0 and 0 <= self.lr_min <= self.lr):
            raise ValueError(f"need 0 < lr and 0 <= lr_min <= lr, not lr={self.lr}, lr_min={self.lr_min}")
        if self.weight_decay < 0 or self.warmup_steps < 0:
            raise ValueError("weight_decay and warmup_steps must not be negative")
        if self.optimizer not in ("adam", "adamw", "sgd"):
            raise ValueError(f"unknown optimizer {self.optimizer!r}")
        if self.max_length < 2:
            raise ValueError(f"max_length must be at least 2, not {self.max_length}")


class Cancelled(Exception):
    """``should_stop`` asked training to stop; the model is left half-trained and should be dropped."""


def supervised_fine_tune(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    dialogs: Sequence[Sequence[Message]],
    settings: TrainSettings,
    lora: LoraSettings | None,
    *,
    progress: Progress,
    should_stop: ShouldStop,
    checkpoint: Checkpoint | None = None,
) -> PreTrainedModel:
    """Fine-tune ``model`` on ``dialogs`` (lists of ``{"role", "content"}``), the loss on the assistant's turns only.

    ``lora`` None: full fine-tuning. The model is trained in place (pass a copy to keep the original) and returned
    with any adapter merged, in eval mode, its parameters frozen (``requires_grad`` off). Raises
    :class:`Cancelled` when ``should_stop`` says so, ValueError for a dialog the model's chat template cannot be
    trained on or a set with nothing to learn.
    """
    rows = []
    for dialog in dialogs:
        row = tokenize_dialog(tokenizer, dialog, settings.max_length)
        if row is not None:
            rows.append(row)
    if not rows:
        raise ValueError("no dialog has an assistant answer left to train on")
    if should_stop():
        raise Cancelled
    make_trainable(model, full=lora is None)
    use_cache = model.config.use_cache  # the trainers turn the KV cache off
    with tempfile.TemporaryDirectory(prefix="lls-sft-") as output_dir:
        args = SFTConfig(
            **_training_arguments(settings, output_dir),
            max_length=settings.max_length,
            dataset_kwargs={"skip_prepare_dataset": True},
            packing=False,
            padding_free=False,
        )
        set_seed(settings.seed)
        trainer = SFTTrainer(
            model=model,
            args=args,
            train_dataset=Dataset.from_list(rows),
            processing_class=tokenizer,
            peft_config=lora.peft_config() if lora else None,
        )
        return _train(trainer, settings, progress, should_stop, checkpoint, use_cache=use_cache)


def preference_optimize(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    pairs: Sequence[Mapping[str, Any]],
    settings: TrainSettings,
    lora: LoraSettings | None,
    *,
    beta: float,
    progress: Progress,
    should_stop: ShouldStop,
    checkpoint: Checkpoint | None = None,
) -> PreTrainedModel:
    """Direct preference optimization on ``pairs`` ``{"prompt": [messages], "chosen": str, "rejected": str}``.

    ``beta`` weighs the divergence from the reference model. Trained in place and returned merged, in eval mode and
    frozen, like :func:`supervised_fine_tune`.
    """
    if beta <= 0:
        raise ValueError(f"beta must be positive, not {beta}")
    if not pairs:
        raise ValueError("no preference pairs to train on")
    rows = [
        {
            "prompt": [{"role": m["role"], "content": m["content"]} for m in pair["prompt"]],
            "chosen": [{"role": "assistant", "content": pair["chosen"]}],
            "rejected": [{"role": "assistant", "content": pair["rejected"]}],
        }
        for pair in pairs
    ]
    if should_stop():
        raise Cancelled
    make_trainable(model, full=lora is None)
    use_cache = model.config.use_cache
    # Without an adapter to switch off, the reference is a frozen copy of the model as it starts.
    reference = None
    if lora is None:
        reference = copy.deepcopy(model)
        reference.train(False)
        reference.requires_grad_(False)
    with tempfile.TemporaryDirectory(prefix="lls-dpo-") as output_dir:
        args = DPOConfig(
            **_training_arguments(settings, output_dir),
            beta=beta,
            max_length=settings.max_length,
            precompute_ref_log_probs=False,
        )
        set_seed(settings.seed)
        with _quiet_datasets():  # DPOTrainer tokenizes with Dataset.map, which draws progress bars
            trainer = DPOTrainer(
                model=model,
                ref_model=reference,
                args=args,
                train_dataset=Dataset.from_list(rows),
                processing_class=tokenizer,
                peft_config=lora.peft_config() if lora else None,
            )
        return _train(trainer, settings, progress, should_stop, checkpoint, use_cache=use_cache)


def sequence_logprob(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, prompt_messages: Sequence[Message], answer: str
) -> float:
    """The sum of the log-probabilities (natural log) of ``answer``'s tokens after the chat-templated prompt."""
    prompt_ids = _token_ids(tokenizer, _render(tokenizer, prompt_messages, add_generation_prompt=True))
    answer_ids = _token_ids(tokenizer, answer)
    if not answer_ids:
        return 0.0
    device = model.device
    input_ids = torch.tensor([prompt_ids + answer_ids], device=device)
    was_training = model.training
    model.train(False)
    try:
        with torch.inference_mode():
            logits = model(input_ids=input_ids).logits[0, len(prompt_ids) - 1 : -1].float()
    finally:
        model.train(was_training)
    log_probs = torch.log_softmax(logits, dim=-1)
    targets = torch.tensor(answer_ids, device=device).unsqueeze(1)
    return float(log_probs.gather(1, targets).sum())


def tokenize_dialog(
    tokenizer: PreTrainedTokenizerBase, dialog: Sequence[Message], max_length: int
) -> dict[str, list[int]] | None:
    """A dialog's tokens and labels, the labels -100 but on the assistant's answers (and their end-of-turn token).

    The answers are located in the rendered text: the template renders the dialog up to an answer with its
    generation prompt, and up to and including that answer, and the answer is what lies between (trailing
    whitespace left out). That needs a template that renders a dialog's beginning as a prefix of the whole one;
    ValueError if it does not. None when cutting to ``max_length`` tokens leaves no answer token.
    """
    messages = [{"role": m["role"], "content": m["content"]} for m in dialog]
    if not any(m["role"] == "assistant" for m in messages):
        raise ValueError("a dialog to train on needs at least one assistant message")
    if messages[0]["role"] == "assistant":
        raise ValueError("a dialog to train on must not begin with an assistant message")
    if not tokenizer.is_fast:
        raise ValueError("training needs a fast tokenizer (one that maps tokens to characters)")
    text = _render(tokenizer, messages, add_generation_prompt=False)
    spans = []
    for i, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        before = _render(tokenizer, messages[:i], add_generation_prompt=True)
        through = _render(tokenizer, messages[: i + 1], add_generation_prompt=False)
        if not (through.startswith(before) and text.startswith(through)):
            raise ValueError(
                "the model's chat template does not render a dialog's first turns as the beginning of the whole "
                "dialog, so its assistant answers cannot be located for training"
            )
        spans.append((len(before), len(through.rstrip())))
    encoding = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    input_ids: list[int] = list(encoding["input_ids"])[:max_length]
    offsets: list[tuple[int, int]] = list(encoding["offset_mapping"])[:max_length]
    labels = [
        token if end > start and any(lo <= start < hi for lo, hi in spans) else IGNORE_INDEX
        for token, (start, end) in zip(input_ids, offsets, strict=True)
    ]
    if all(label == IGNORE_INDEX for label in labels):
        return None
    return {"input_ids": input_ids, "labels": labels}


def make_trainable(model: PreTrainedModel, *, full: bool) -> None:
    """Ready ``model`` for training: all its parameters trainable if ``full``, no GGUF quantizer mark.

    transformers unpacks a GGUF file's weights into plain tensors (always for architectures its GGUF kernels do not
    cover, and where no kernel is installed) but still marks the model quantized, and its Trainer refuses to train
    a model so marked; the mark is dropped. ValueError if some weight is still packed (load the model with
    ``quantization_config=GgufConfig(dequantize=True)``).
    """
    if full:
        model.requires_grad_(True)  # a model this module returned is frozen
    quantizer = getattr(model, "hf_quantizer", None)
    if quantizer is None:
        return
    method = quantizer.quantization_config.quant_method
    tensors = [*model.parameters(), *model.buffers()]
    if method != QuantizationMethod.GGUF or not all(tensor.is_floating_point() for tensor in tensors):
        raise ValueError(
            f"the model's weights are quantized ({method}): load it dequantized to train it "
            "(from GGUF: quantization_config=GgufConfig(dequantize=True))"
        )
    quantizer.remove_quantization_config(model)


def _render(tokenizer: PreTrainedTokenizerBase, messages: Sequence[Message], *, add_generation_prompt: bool) -> str:
    text = tokenizer.apply_chat_template(
        [dict(m) for m in messages], tokenize=False, add_generation_prompt=add_generation_prompt
    )
    if not isinstance(text, str):
        raise TypeError(f"the chat template rendered {type(text).__name__}, not text")
    return text


def _token_ids(tokenizer: PreTrainedTokenizerBase, text: str) -> list[int]:
    return list(tokenizer(text, add_special_tokens=False)["input_ids"])


@contextmanager
def _quiet_datasets() -> Iterator[None]:
    """The datasets library's progress bars off for a while (a process-wide switch, restored after)."""
    if are_progress_bars_disabled():
        yield
        return
    disable_progress_bars()
    try:
        yield
    finally:
        enable_progress_bars()


def _training_arguments(settings: TrainSettings, output_dir: str) -> dict[str, Any]:
    """TrainingArguments common to both trainers; the step count is set once the trainer knows its dataset."""
    cuda = torch.cuda.is_available()
    return {
        "output_dir": output_dir,
        "num_train_epochs": settings.epochs,
        "per_device_train_batch_size": settings.batch_size,
        "gradient_accumulation_steps": 1,
        "train_sampling_strategy": "random" if settings.shuffle else "sequential",
        "learning_rate": settings.lr,
        "weight_decay": settings.weight_decay,
        # "adam" is the same AdamW-shaped optimizer swapped for torch's Adam in _train.
        "optim": "sgd" if settings.optimizer == "sgd" else "adamw_torch",
        "lr_scheduler_type": "cosine_with_min_lr",
        "lr_scheduler_kwargs": {"min_lr": settings.lr_min},
        "warmup_steps": settings.warmup_steps,
        # The new name of gradient_checkpointing (deprecated in transformers 5, with a FutureWarning).
        "activation_checkpointing": settings.gradient_checkpointing,
        "seed": settings.seed,
        "data_seed": settings.seed,
        "use_cpu": not cuda,
        "bf16": cuda and torch.cuda.is_bf16_supported(),
        "fp16": False,
        "logging_strategy": "steps",
        "logging_steps": 1,
        "save_strategy": "no",
        "eval_strategy": "no",
        "report_to": [],
        "disable_tqdm": True,
        "dataloader_num_workers": 0,
    }


def _train(
    trainer: Trainer,
    settings: TrainSettings,
    progress: Progress,
    should_stop: ShouldStop,
    checkpoint: Checkpoint | None,
    *,
    use_cache: bool,
) -> PreTrainedModel:
    """Run ``trainer`` with the step limit and hooks of ``settings``; the trained model, plain, frozen, in eval mode."""
    train_dataset = trainer.train_dataset
    assert isinstance(train_dataset, Dataset)
    if len(train_dataset) == 0:
        raise ValueError("no example is left to train on")
    steps = settings.epochs * math.ceil(len(train_dataset) / settings.batch_size)
    if settings.max_steps:
        steps = min(steps, settings.max_steps)
    args: TrainingArguments = trainer.args
    args.max_steps = steps
    if settings.optimizer == "adam":
        trainer.optimizer_cls_and_kwargs = (
            torch.optim.Adam,
            {"lr": args.learning_rate, "betas": (args.adam_beta1, args.adam_beta2), "eps": args.adam_epsilon},
        )
    hooks = _Hooks(progress, should_stop, checkpoint)
    trainer.remove_callback(PrinterCallback)  # it prints every step's logs to stdout; progress has them
    trainer.add_callback(hooks)
    trained = trainer.accelerator.unwrap_model(trainer.model)
    trainer.train()
    if hooks.cancelled:
        raise Cancelled
    result = plain_weights(trained, in_place=True)
    result.__dict__.pop("forward", None)  # DPOTrainer's fused LM head (see plain_weights)
    if settings.gradient_checkpointing:
        result.activation_checkpointing_disable()  # type: ignore[no-untyped-call]
    result.config.use_cache = use_cache
    result.train(False)
    result.requires_grad_(False)
    return result


def plain_weights(model: Any, *, in_place: bool) -> PreTrainedModel:
    """``model`` as plain weights: a PEFT model's adapter merged (into a copy unless ``in_place``).

    DPOTrainer patches the model's ``forward`` with a fused LM head (the original ``forward`` unless asked for
    it); the patch is dropped from a merged result so that it is an ordinary model again.
    """
    if not isinstance(model, PeftModel):
        assert isinstance(model, PreTrainedModel)
        return model
    merged = (model if in_place else copy.deepcopy(model)).merge_and_unload()
    assert isinstance(merged, PreTrainedModel)
    merged.__dict__.pop("forward", None)
    return merged


class _Hooks(TrainerCallback):
    """Reports each step's loss, stops when asked to, and hands out a checkpoint at each epoch's end."""

    def __init__(self, progress: Progress, should_stop: ShouldStop, checkpoint: Checkpoint | None) -> None:
        self.progress = progress
        self.should_stop = should_stop
        self.checkpoint = checkpoint
        self.cancelled = False
        self.epochs = 0

    def on_log(
        self,
        args: TrainingArguments,
        state: TrainerState,
        control: TrainerControl,
        logs: dict[str, float] | None = None,
        **kwargs: Any,
    ) -> TrainerControl:
        if logs is not None and "loss" in logs:  # a step's log, not the summary at the end
            self.progress(state.global_step, state.max_steps, float(logs["loss"]), float(logs["learning_rate"]))
            if self.should_stop():
                self.cancelled = True
                control.should_training_stop = True
        return control

    def on_epoch_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any
    ) -> TrainerControl:
        self.epochs += 1
        if self.checkpoint is not None and not self.cancelled:
            self.checkpoint(self.epochs, kwargs["model"])
        return control
