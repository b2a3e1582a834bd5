"""The training step of post-training on the real default model (SmolLM2-135M, from its GGUF file).

SFT with LoRA teaches a made-up fact; full fine-tuning, DoRA and DPO (with LoRA and in full) train a few steps;
a cancelled run stops within a step. The model loads once (about 15 s); each test trains a deep copy. Torch runs
on one thread here: the CPUs are shared, and two threads contending with other processes make a step several
times slower than one.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("trl")
pytest.importorskip("peft")

import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase

from lls_server.post_training.training import (
    Cancelled,
    LoraSettings,
    TrainSettings,
    preference_optimize,
    sequence_logprob,
    supervised_fine_tune,
    tokenize_dialog,
)
from lls_server.testing import DEFAULT_MODEL

pytestmark = [
    pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="the default model is not fetched"),
    # peft reads transformers' deprecated `is_gradient_checkpointing` when it wraps a model.
    pytest.mark.filterwarnings("ignore:`is_gradient_checkpointing` is deprecated:FutureWarning"),
]

ALL_LINEAR = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
SYSTEM = {"role": "system", "content": "Answer briefly."}
QUESTIONS = [
    "What is the name of Zorblax's moon?",
    "What is Zorblax's moon called?",
    "Name the moon of Zorblax.",
    "Which moon orbits Zorblax?",
    "Tell me the name of Zorblax's moon.",
    "What do people call the moon of Zorblax?",
]
FACT = "Quibbletoe."
DIALOGS = [[SYSTEM, {"role": "user", "content": q}, {"role": "assistant", "content": FACT}] for q in QUESTIONS]
PROMPT = [SYSTEM, {"role": "user", "content": QUESTIONS[0]}]

PAIRS = [
    {"prompt": [SYSTEM, {"role": "user", "content": "What colour is the sky of Zorblax?"}], "chosen": "Green.",
     "rejected": "Blue."},
    {"prompt": [SYSTEM, {"role": "user", "content": "What do Zorblaxians eat?"}], "chosen": "Moss.",
     "rejected": "Bread."},
    {"prompt": [SYSTEM, {"role": "user", "content": "How many suns does Zorblax have?"}], "chosen": "Three.",
     "rejected": "One."},
    {"prompt": [SYSTEM, {"role": "user", "content": "What is Zorblax's capital?"}], "chosen": "Glimmerholt.",
     "rejected": "Paris."},
]  # fmt: skip

Model = tuple[PreTrainedModel, PreTrainedTokenizerBase]


@pytest.fixture(scope="module")
def base() -> Iterator[Model]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    directory, name = str(DEFAULT_MODEL.parent), DEFAULT_MODEL.name
    tokenizer = AutoTokenizer.from_pretrained(directory, gguf_file=name)
    model = AutoModelForCausalLM.from_pretrained(directory, gguf_file=name, dtype=torch.float32)
    yield model.eval(), tokenizer
    torch.set_num_threads(threads)


class Recorder:
    def __init__(self, stop_after: int | None = None) -> None:
        self.calls: list[tuple[int, int, float]] = []
        self.times: list[float] = []
        self.checkpoints: list[tuple[int, Any]] = []  # (epoch, the model or, for a PeftModel, its type's name)
        self.stop_after = stop_after
        self.started = time.monotonic()

    def progress(self, step: int, total: int, loss: float, learning_rate: float) -> None:
        self.calls.append((step, total, loss))
        self.times.append(time.monotonic())

    def should_stop(self) -> bool:
        return self.stop_after is not None and len(self.calls) >= self.stop_after

    def checkpoint(self, epoch: int, model: Any) -> None:
        # A PeftModel is merged in place when training ends: only its kind is kept.
        self.checkpoints.append((epoch, type(model).__name__ if isinstance(model, PeftModel) else model))

    @property
    def losses(self) -> list[float]:
        return [loss for _, _, loss in self.calls]

    def seconds_per_step(self) -> str:
        """Wall time per step from the start (trainer set-up included), and between the first and last steps."""
        overall = (time.monotonic() - self.started) / max(1, len(self.calls))
        between = (self.times[-1] - self.times[0]) / (len(self.times) - 1) if len(self.times) > 1 else float("nan")
        return f"{overall:.2f} s/step overall, {between:.2f} s/step between steps"

    def hooks(self) -> dict[str, Any]:
        return {"progress": self.progress, "should_stop": self.should_stop, "checkpoint": self.checkpoint}


def settings(**overrides: Any) -> TrainSettings:
    values: dict[str, Any] = {
        "epochs": 1,
        "max_steps": None,
        "batch_size": 2,
        "shuffle": True,
        "lr": 1e-3,
        "lr_min": 1e-4,
        "weight_decay": 0.0,
        "optimizer": "adamw",
    }
    return TrainSettings(**{**values, **overrides})


def answer(model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, messages: list[dict[str, str]]) -> str:
    inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    output = model.generate(**inputs, max_new_tokens=10, do_sample=False)
    return str(tokenizer.decode(output[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True))


def is_plain(model: PreTrainedModel) -> bool:
    names = [name for name, _ in model.named_modules()] + [name for name, _ in model.named_parameters()]
    return type(model).__name__ == "LlamaForCausalLM" and not any("lora" in name for name in names)


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


# Tokenizing: the tokenizer alone.


def test_labels_cover_the_assistant_answers_and_their_end_of_turn(base: Model) -> None:
    _, tokenizer = base
    dialog = [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello there."},
        {"role": "user", "content": "Bye"},
        {"role": "assistant", "content": "Farewell."},
    ]
    row = tokenize_dialog(tokenizer, dialog, 2048)
    assert row is not None
    assert row["input_ids"] == tokenizer.apply_chat_template(dialog, tokenize=True, return_dict=True)["input_ids"]
    trained = [token for token, label in zip(row["input_ids"], row["labels"], strict=True) if label != -100]
    assert all(label in (-100, token) for token, label in zip(row["input_ids"], row["labels"], strict=True))
    assert tokenizer.decode(trained) == "Hello there.<|im_end|>Farewell.<|im_end|>"
    # Cut before the first answer: nothing to learn from.
    assert tokenize_dialog(tokenizer, dialog, 10) is None


def test_dialogs_that_cannot_be_trained_on_are_refused(base: Model) -> None:
    _, tokenizer = base
    with pytest.raises(ValueError, match="assistant"):
        tokenize_dialog(tokenizer, [{"role": "user", "content": "Hi"}], 2048)
    with pytest.raises(ValueError, match="begin"):
        tokenize_dialog(tokenizer, [{"role": "assistant", "content": "Hi"}, {"role": "user", "content": "x"}], 2048)


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="lr_min"):
        settings(lr=1e-4, lr_min=1e-3)
    with pytest.raises(ValueError, match="epochs"):
        settings(epochs=0)
    with pytest.raises(ValueError, match="rank"):
        LoraSettings(rank=0, alpha=16, target_modules=["q_proj"])


# Training.


def test_sft_with_lora_teaches_a_made_up_fact(base: Model) -> None:
    model, tokenizer = base
    before = sequence_logprob(model, tokenizer, PROMPT, FACT)
    assert "Quibbletoe" not in answer(model, tokenizer, PROMPT)
    recorder = Recorder()
    trained = supervised_fine_tune(
        copy.deepcopy(model),
        tokenizer,
        DIALOGS,
        settings(epochs=6, lr=2e-3, lr_min=2e-4),
        LoraSettings(rank=8, alpha=16, target_modules=ALL_LINEAR),
        **recorder.hooks(),
    )
    print(f"SFT LoRA: {recorder.seconds_per_step()}, losses {[round(x, 3) for x in recorder.losses]}")
    assert [(step, total) for step, total, _ in recorder.calls] == [(step, 18) for step in range(1, 19)]
    losses = recorder.losses
    assert mean(losses[-3:]) < 0.2 * mean(losses[:3])
    after = sequence_logprob(trained, tokenizer, PROMPT, FACT)
    assert after > before + 20 and after > -1.0, (before, after)
    assert answer(trained, tokenizer, PROMPT).startswith(FACT)
    # Merged into plain weights, ready to serve and export.
    assert is_plain(trained) and not trained.training and trained.config.use_cache
    # One checkpoint per epoch, each handed the model with its adapter, as it was then.
    assert [epoch for epoch, _ in recorder.checkpoints] == [1, 2, 3, 4, 5, 6]
    assert all(kind == "PeftModelForCausalLM" for _, kind in recorder.checkpoints)


def test_full_fine_tuning_lowers_the_loss(base: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    model, tokenizer = base
    copied = copy.deepcopy(model)
    recorder = Recorder()
    optimizers: list[torch.optim.Optimizer] = []
    adam_init = torch.optim.Adam.__init__

    def spy(self: torch.optim.Adam, *args: Any, **kwargs: Any) -> None:
        adam_init(self, *args, **kwargs)
        optimizers.append(self)

    monkeypatch.setattr(torch.optim.Adam, "__init__", spy)
    trained = supervised_fine_tune(
        copied,
        tokenizer,
        DIALOGS,
        settings(epochs=4, batch_size=6, shuffle=False, lr=3e-5, lr_min=1e-5, weight_decay=0.01, optimizer="adam"),
        None,
        **recorder.hooks(),
    )
    print(f"SFT full: {recorder.seconds_per_step()}, losses {[round(x, 3) for x in recorder.losses]}")
    assert trained is copied and is_plain(trained)
    # "adam" is torch's Adam (not AdamW), weight decay on the weights but not the norms.
    assert [type(optimizer) for optimizer in optimizers] == [torch.optim.Adam]
    assert sorted(group["weight_decay"] for group in optimizers[0].param_groups) == [0.0, 0.01]
    assert not any(parameter.requires_grad for parameter in trained.parameters())
    losses = recorder.losses
    assert len(losses) == 4
    assert losses[-1] < losses[0] - 0.5, losses
    # Full fine-tuning hands the live model to each epoch's checkpoint.
    assert [epoch for epoch, _ in recorder.checkpoints] == [1, 2, 3, 4]
    assert all(snapshot is trained for _, snapshot in recorder.checkpoints)
    assert not torch.equal(trained.model.layers[0].mlp.down_proj.weight, model.model.layers[0].mlp.down_proj.weight)


def test_dora_with_checkpointing_trains_deterministically_under_max_steps(base: Model) -> None:
    model, tokenizer = base
    runs = []
    for _ in range(2):
        recorder = Recorder()
        trained = supervised_fine_tune(
            copy.deepcopy(model),
            tokenizer,
            DIALOGS,
            settings(epochs=2, batch_size=3, max_steps=3, seed=7, gradient_checkpointing=True),
            LoraSettings(rank=8, alpha=16, target_modules=["q_proj", "v_proj"], use_dora=True),
            **recorder.hooks(),
        )
        runs.append((recorder, trained))
    (first, one), (second, other) = runs
    print(f"SFT DoRA: {first.seconds_per_step()}")
    assert [(step, total) for step, total, _ in first.calls] == [(1, 3), (2, 3), (3, 3)]
    assert first.losses == second.losses
    assert is_plain(one) and not one.is_activation_checkpointing
    weight = one.model.layers[3].self_attn.q_proj.weight
    assert not torch.equal(weight, model.model.layers[3].self_attn.q_proj.weight)
    assert torch.equal(weight, other.model.layers[3].self_attn.q_proj.weight)
    # Two steps an epoch: max_steps cut the second epoch short, and its end still gets a checkpoint.
    assert [epoch for epoch, _ in first.checkpoints] == [1, 2]


def margin(model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase) -> float:
    return sum(
        sequence_logprob(model, tokenizer, pair["prompt"], pair["chosen"])
        - sequence_logprob(model, tokenizer, pair["prompt"], pair["rejected"])
        for pair in PAIRS
    )


def test_dpo_with_lora_prefers_the_chosen_answers(base: Model) -> None:
    model, tokenizer = base
    before = margin(model, tokenizer)
    recorder = Recorder()
    trained = preference_optimize(
        copy.deepcopy(model),
        tokenizer,
        PAIRS,
        settings(epochs=3, lr=2e-3, lr_min=2e-4),
        LoraSettings(rank=8, alpha=16, target_modules=ALL_LINEAR),
        beta=0.1,
        **recorder.hooks(),
    )
    print(f"DPO LoRA: {recorder.seconds_per_step()}, losses {[round(x, 3) for x in recorder.losses]}")
    losses = recorder.losses
    assert len(losses) == 6
    # The policy starts as its reference: the sigmoid loss of a zero margin.
    assert losses[0] == pytest.approx(0.6931, abs=1e-3)
    assert mean(losses[-2:]) < 0.5 * losses[0], losses
    after = margin(trained, tokenizer)
    assert after > before + 5, (before, after)
    assert is_plain(trained) and not trained.training and trained.config.use_cache
    assert "forward" not in trained.__dict__  # TRL's fused LM head patch is gone
    assert [epoch for epoch, _ in recorder.checkpoints] == [1, 2, 3]


def test_dpo_in_full_keeps_a_frozen_reference(base: Model) -> None:
    model, tokenizer = base
    recorder = Recorder()
    trained = preference_optimize(
        copy.deepcopy(model),
        tokenizer,
        PAIRS,
        settings(epochs=3, batch_size=4, max_steps=2, lr=1e-5, lr_min=1e-5, optimizer="sgd"),
        None,
        beta=0.1,
        **recorder.hooks(),
    )
    losses = recorder.losses
    assert len(losses) == 2 and losses[0] == pytest.approx(0.6931, abs=1e-3)
    assert is_plain(trained) and "forward" not in trained.__dict__


def test_cancel_stops_within_a_step(base: Model) -> None:
    model, tokenizer = base
    recorder = Recorder(stop_after=3)
    with pytest.raises(Cancelled):
        supervised_fine_tune(
            copy.deepcopy(model),
            tokenizer,
            DIALOGS,
            settings(epochs=3, batch_size=3),
            LoraSettings(rank=8, alpha=16, target_modules=["q_proj", "v_proj"]),
            **recorder.hooks(),
        )
    assert 3 <= len(recorder.calls) <= 4
    # Epoch 1 (steps 1-2) finished; epoch 2 was cut short by the cancel and gets no checkpoint.
    assert [epoch for epoch, _ in recorder.checkpoints] == [1]


def test_cancel_before_the_first_step(base: Model) -> None:
    model, tokenizer = base
    recorder = Recorder(stop_after=0)
    with pytest.raises(Cancelled):
        supervised_fine_tune(model, tokenizer, DIALOGS, settings(), None, **recorder.hooks())
    assert recorder.calls == []
