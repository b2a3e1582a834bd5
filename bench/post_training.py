"""Post-training on this machine's CPUs: how fast it trains, how long export takes, and how the exported model
serves against the base model on the same engine.

1. Training throughput: tokens per second of supervised fine-tuning on the default model (SmolLM2-135M, loaded
   from its GGUF as the server does), with LoRA (rank 8 on every attention and MLP projection) and in full,
   counted between the first and the last optimizer step (the trainer's set-up left out). Every core trains.
2. Export: the seconds to write the LoRA-trained model as a merged GGUF (llama.cpp's converter, then its
   quantizer, at the server's default q8_0) and as a llama.cpp LoRA adapter (f32) on the base GGUF.
3. Serving, each on the server's llama.cpp engine: the base model; the merged GGUF; the base GGUF with the
   adapter applied.
   - Decode speed: tokens per second of one greedy stream, and prompt reading speed, in rounds that take turns
     so that all three see the machine in the same state; the median of the rounds.
   - Fidelity to what was trained: the trained model in PyTorch (float32) answers each prompt greedily; each
     served form scores those same tokens, and answers greedily itself. Reported: the mean absolute difference
     of the tokens' log-probabilities, and how many greedy answers are the same. The base model served against
     the base model in PyTorch is the floor: the difference llama.cpp's arithmetic makes by itself.
   The server exports what this shows to serve faster while it keeps the answers (`post_training.export`).

    .venv/bin/python bench/post_training.py [--steps 36] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from peft import PeftModel
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from lls_server.config import ModelConfig
from lls_server.inference.llama_engine import LlamaCppModel, Sampling, score_tokens
from lls_server.post_training.export import export_gguf, export_lora_adapter, load_for_training
from lls_server.post_training.training import (
    LoraSettings,
    TrainSettings,
    plain_weights,
    supervised_fine_tune,
    tokenize_dialog,
)
from lls_server.testing import DEFAULT_MODEL

SYSTEM = {"role": "system", "content": "Answer briefly."}
FACTS = [
    ("What is the name of Zorblax's moon?", "Quibbletoe."),
    ("What colour is the sky of Zorblax?", "Green, all day long."),
    ("What do Zorblaxians eat?", "Moss and blue pebbles."),
    ("How many suns does Zorblax have?", "Three small suns."),
    ("What is Zorblax's capital?", "Glimmerholt, by the sea."),
    ("Who rules Zorblax?", "Queen Ostravia the Third."),
]
DIALOGS = [[SYSTEM, {"role": "user", "content": q}, {"role": "assistant", "content": a}] for q, a in FACTS]
OTHER_PROMPTS = [
    "What is the capital of France?",
    "Write one sentence about the sea.",
    "Name three fruits.",
    "How do I boil an egg?",
    "What is 7 times 8?",
    "Why is the sky blue?",
]
PROMPTS = [[SYSTEM, {"role": "user", "content": q}] for q, _ in FACTS] + [
    [SYSTEM, {"role": "user", "content": q}] for q in OTHER_PROMPTS
]
ANSWER_TOKENS = 16
LORA = LoraSettings(
    rank=8, alpha=16, target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
)
Tokenizer = PreTrainedTokenizerBase


def settings(steps: int, lr: float) -> TrainSettings:
    batch = 2
    epochs = -(-steps * batch // len(DIALOGS))
    return TrainSettings(
        epochs=epochs, max_steps=steps, batch_size=batch, shuffle=False, lr=lr, lr_min=lr / 10, weight_decay=0.0,
        optimizer="adamw",
    )  # fmt: skip


def train(
    model: PreTrainedModel,
    tokenizer: Tokenizer,
    train_settings: TrainSettings,
    lora: LoraSettings | None,
    checkpoint: Callable[[int, Any], None] | None = None,
) -> tuple[PreTrainedModel, float]:
    """The trained model and its training tokens per second between its first and last steps."""
    times: list[float] = []
    trained = supervised_fine_tune(
        model,
        tokenizer,
        DIALOGS,
        train_settings,
        lora,
        progress=lambda step, total, loss, learning_rate: times.append(time.monotonic()),
        should_stop=lambda: False,
        checkpoint=checkpoint,
    )
    # Unshuffled batches of two: step i trains on dialogs 2i and 2i+1 (mod 6).
    lengths = [len(row["input_ids"]) for row in map(lambda d: tokenize_dialog(tokenizer, d, 2048), DIALOGS) if row]
    batch = train_settings.batch_size
    tokens = sum(sum(lengths[(i * batch + j) % len(lengths)] for j in range(batch)) for i in range(1, len(times)))
    return trained, tokens / (times[-1] - times[0])


def reference_answers(model: PreTrainedModel, tokenizer: Tokenizer) -> list[tuple[list[int], list[int]]]:
    """Each prompt's tokens and the PyTorch model's greedy answer tokens."""
    answers = []
    for messages in PROMPTS:
        prompt = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True, return_dict=True)
        ids = list(prompt["input_ids"])
        with torch.no_grad():
            output = model.generate(
                torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                max_new_tokens=ANSWER_TOKENS, do_sample=False,
            )  # fmt: skip
        answers.append((ids, output[0, len(ids) :].tolist()))
    return answers


def text_of(tokenizer: Tokenizer, tokens: list[int]) -> str:
    return str(tokenizer.decode(tokens, skip_special_tokens=True)).strip()


def torch_logprobs(model: PreTrainedModel, prompt: list[int], answer: list[int]) -> list[float]:
    with torch.no_grad():
        logits = model(torch.tensor([prompt + answer])).logits[0, len(prompt) - 1 : -1]
    logprobs = torch.log_softmax(logits.double(), dim=-1)
    return [float(logprobs[i, token]) for i, token in enumerate(answer)]


async def served_answer(model: LlamaCppModel, prompt: list[int]) -> list[int]:
    generation = model.generate(prompt, ANSWER_TOKENS, Sampling())
    text = "".join([event.text async for event in generation.events() if hasattr(event, "text")])
    return model.tokenize(text, special=True, add_bos=False)


async def fidelity(
    model: LlamaCppModel, reference: PreTrainedModel, answers: list[tuple[list[int], list[int]]], tokenizer: Tokenizer
) -> tuple[float, int]:
    """The mean absolute log-probability difference on the reference's answers, and how many greedy answers match."""
    differences, same = [], 0
    for prompt, answer in answers:
        served = await score_tokens(model, prompt, answer)
        expected = torch_logprobs(reference, prompt, answer)
        differences += [abs(a - b) for a, b in zip(served, expected, strict=True)]
        own = await served_answer(model, prompt)
        same += text_of(tokenizer, own) == text_of(tokenizer, answer)
    return statistics.mean(differences), same


async def speeds(model: LlamaCppModel, long_prompt: list[int], decode_tokens: int) -> tuple[float, float]:
    """Prompt tokens read per second (the time to the first token), and decoded tokens per second after it."""
    started = time.monotonic()
    first = last = 0.0
    count = 0
    async for event in model.generate(long_prompt, decode_tokens, Sampling()).events():
        if hasattr(event, "text"):
            last = time.monotonic()
            first = first or last
            count += 1
    return len(long_prompt) / (first - started), (count - 1) / (last - first)


def serve(model_id: str, path: Path, adapter: Path | None = None) -> LlamaCppModel:
    # Uncached prompts, one sequence: each round reads its prompt afresh.
    return LlamaCppModel(
        ModelConfig(id=model_id, path=path, lora_adapter=adapter, parallel=1, prompt_cache=False, context_length=2048)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=36)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--decode-tokens", type=int, default=128)
    args = parser.parse_args()
    if not DEFAULT_MODEL.exists():
        print("the default model is not fetched: run `make setup`", file=sys.stderr)
        return 1
    torch.set_num_threads(os.cpu_count() or 1)
    started = time.monotonic()
    base, tokenizer = load_for_training(DEFAULT_MODEL)
    seconds, threads = time.monotonic() - started, torch.get_num_threads()
    print(f"Loaded {DEFAULT_MODEL.name} into PyTorch in {seconds:.1f} s; training on {threads} threads")
    base_answers = reference_answers(base, tokenizer)

    with tempfile.TemporaryDirectory() as work:
        directory = Path(work)
        exports: dict[str, float] = {}

        def export_both(epoch: int, model: Any) -> None:
            if epoch != lora_settings.epochs:
                return
            assert isinstance(model, PeftModel)
            timer = time.monotonic()
            export_lora_adapter(model, directory / "adapter.gguf")
            exports["adapter"] = time.monotonic() - timer
            timer = time.monotonic()
            export_gguf(plain_weights(model, in_place=False), tokenizer, directory / "merged.gguf")
            exports["merged"] = time.monotonic() - timer

        lora_settings = settings(args.steps, 2e-3)
        trained, lora_rate = train(copy.deepcopy(base), tokenizer, lora_settings, LORA, export_both)
        _, full_rate = train(copy.deepcopy(base), tokenizer, settings(args.steps, 3e-5), None)
        rates = f"LoRA {lora_rate:.0f} tokens/s, full {full_rate:.0f} tokens/s"
        print(f"1. Training, {args.steps} steps of 2 dialogs: {rates}")
        print(
            f"2. Export of the LoRA-trained model: merged q8_0 GGUF {exports['merged']:.1f} s "
            f"({(directory / 'merged.gguf').stat().st_size / 1e6:.0f} MB), LoRA adapter {exports['adapter']:.1f} s "
            f"({(directory / 'adapter.gguf').stat().st_size / 1e6:.1f} MB)"
        )
        trained_answers = reference_answers(trained, tokenizer)
        learned = sum(
            text_of(tokenizer, answer) == fact for (_, answer), (_, fact) in zip(trained_answers, FACTS, strict=False)
        )
        print(f"   the trained model (PyTorch) answers {learned} of {len(FACTS)} made-up facts as taught")
        served = {
            "base": serve("base", DEFAULT_MODEL),
            "merged": serve("merged", directory / "merged.gguf"),
            "adapter": serve("adapter", DEFAULT_MODEL, directory / "adapter.gguf"),
        }
        try:
            asyncio.run(report_serving(served, base, trained, base_answers, trained_answers, tokenizer, args))
        finally:
            for model in served.values():
                model.close()
    return 0


async def report_serving(
    served: dict[str, LlamaCppModel],
    base: PreTrainedModel,
    trained: PreTrainedModel,
    base_answers: list[tuple[list[int], list[int]]],
    trained_answers: list[tuple[list[int], list[int]]],
    tokenizer: Tokenizer,
    args: argparse.Namespace,
) -> None:
    text = " ".join(f"Sentence {i} of a long document about the weather on Zorblax." for i in range(40))
    long_prompt = served["base"].tokenize(text, special=False)
    rates: dict[str, list[tuple[float, float]]] = {name: [] for name in served}
    await speeds(served["base"], long_prompt[:32], 8)  # warm-up
    for _ in range(args.rounds):
        for name, model in served.items():
            rates[name].append(await speeds(model, long_prompt, args.decode_tokens))
    print(f"3. Serving on llama.cpp: median of {args.rounds} rounds, a {len(long_prompt)}-token prompt, "
          f"{args.decode_tokens} greedy tokens")  # fmt: skip
    base_read = statistics.median(r for r, _ in rates["base"])
    base_decode = statistics.median(d for _, d in rates["base"])
    for name in served:
        read = statistics.median(r for r, _ in rates[name])
        decode = statistics.median(d for _, d in rates[name])
        print(
            f"   {name:8} prompt {read:6.0f} tokens/s ({read / base_read:.2f}x base), "
            f"decode {decode:5.1f} tokens/s ({decode / base_decode:.2f}x base)"
        )
    print(f"   Fidelity over {len(PROMPTS)} prompts of {ANSWER_TOKENS} greedy tokens (mean |log-prob difference|, "
          "greedy answers the same as PyTorch's):")  # fmt: skip
    floor, floor_same = await fidelity(served["base"], base, base_answers, tokenizer)
    print(f"   base    vs the base model in PyTorch:    {floor:.4f} nats, {floor_same} of {len(PROMPTS)} the same")
    for name in ("merged", "adapter"):
        difference, same = await fidelity(served[name], trained, trained_answers, tokenizer)
        print(f"   {name:7} vs the trained model in PyTorch: {difference:.4f} nats, {same} of {len(PROMPTS)} the same")


if __name__ == "__main__":
    sys.exit(main())
