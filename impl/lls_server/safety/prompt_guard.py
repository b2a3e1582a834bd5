"""Prompt-injection and jailbreak shields: a text classifier such as Meta's Prompt Guard on ONNX Runtime.

`PromptGuardClassifier` runs a Hugging Face sequence-classification model exported to ONNX, from a
directory holding `model.onnx` (inputs `input_ids`, `attention_mask`, optionally `token_type_ids`;
output `logits`), `tokenizer.json` and `config.json`, whose `id2label` names the classes. Classes
are read by name, whatever their order: a label containing "jailbreak" is a jailbreak class, one
containing "injection" an injection class, any other benign (Prompt Guard: BENIGN, INJECTION,
JAILBREAK; other models: SAFE / INJECTION, LEGIT / INJECTION). Following Meta's reference code for
Prompt Guard, the jailbreak score is P(jailbreak) and the injection score P(injection) + P(jailbreak):
an attempt to override the model's instructions is itself an instruction aimed at the model. A
model with no jailbreak class serves only the injection shield.

Texts longer than the model's context are scored in overlapping windows of its length, and a text
scores as its worst window, so an instruction hidden deep in a long tool response still counts.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import tokenizers

from lls_api import models

from ..errors import StartupError
from ..inference.chat_format import Message, text_of
from ..onnx_models import cpu_session
from .shield import Verdict

log = logging.getLogger("lls.prompt_guard")

# Prompt Guard and the BERT family were trained on at most 512 tokens (RoBERTa's 514 positions include 2 offsets).
MAX_WINDOW_TOKENS = 512
# Windows of one text run together; more would only pad more on 2 cores.
BATCH_WINDOWS = 8


class PromptGuardModelError(StartupError):
    """A classifier's files are missing, cannot be loaded, or do not name injection or jailbreak classes."""


@dataclass(frozen=True)
class Scores:
    """A text's probability of holding an injection (injection or jailbreak classes) and of being a jailbreak."""

    injection: float
    jailbreak: float


class PromptGuardClassifier:
    """A prompt-injection / jailbreak sequence classifier on ONNX Runtime, with its own tokenizer."""

    def __init__(self, model_dir: Path, *, threads: int | None = None):
        self.name = model_dir.name
        files = {name: model_dir / name for name in ("model.onnx", "tokenizer.json", "config.json")}
        for file in files.values():
            if not file.is_file():
                raise PromptGuardModelError(f"prompt guard classifier: no {file.name} in {model_dir}")
        try:
            config = json.loads(files["config.json"].read_text(encoding="utf-8"))
            labels = {int(index): str(label) for index, label in config["id2label"].items()}
            positions = int(config.get("max_position_embeddings", MAX_WINDOW_TOKENS))
            self._pad_id = int(config.get("pad_token_id") or 0)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise PromptGuardModelError(f"prompt guard classifier: bad config.json in {model_dir}: {exc!r}") from exc
        if sorted(labels) != list(range(len(labels))):
            raise PromptGuardModelError(f"prompt guard classifier: id2label in {model_dir} is not numbered 0..n-1")
        self.labels = [labels[i] for i in range(len(labels))]
        self._jailbreak = [i for i, label in enumerate(self.labels) if "jailbreak" in label.lower()]
        self._injection = [i for i, label in enumerate(self.labels) if "injection" in label.lower()] + self._jailbreak
        if not self._injection:
            raise PromptGuardModelError(
                f"prompt guard classifier in {model_dir}: no injection or jailbreak class among its labels "
                f"{self.labels} (name them in config.json's id2label)"
            )
        self.window = min(positions, MAX_WINDOW_TOKENS)
        try:
            self._session = cpu_session(files["model.onnx"], threads)
            self._tokenizer = tokenizers.Tokenizer.from_file(str(files["tokenizer.json"]))
        except Exception as exc:  # onnxruntime and tokenizers raise their own untyped errors
            raise PromptGuardModelError(f"prompt guard classifier: cannot load {model_dir}: {exc}") from exc
        # Overlapping windows, so that a phrase cut by one window's end is whole at the next one's start.
        stride = self.window // 8
        if self.window - self._tokenizer.num_special_tokens_to_add(is_pair=False) <= stride:
            # tokenizers would not refuse it: it would silently return windows longer than the model's.
            raise PromptGuardModelError(
                f"prompt guard classifier in {model_dir}: max_position_embeddings {positions} leaves no room for text"
            )
        self._tokenizer.enable_truncation(max_length=self.window, stride=stride)
        # Windows are padded here, to the longest of a batch, whatever padding tokenizer.json asks for.
        self._tokenizer.no_padding()
        self._inputs = {i.name for i in self._session.get_inputs()}
        outputs = {o.name for o in self._session.get_outputs()}
        if not {"input_ids", "attention_mask"} <= self._inputs or "logits" not in outputs:
            raise PromptGuardModelError(
                f"prompt guard classifier in {model_dir}: model.onnx takes {sorted(self._inputs)} and gives "
                f"{sorted(outputs)}, not a sequence classifier's input_ids and attention_mask to logits"
            )
        # One run now, so that a model whose outputs do not match its labels fails at start-up, not on a request.
        try:
            classes = self._logits([self._tokenizer.encode("probe")]).shape[1]
        except Exception as exc:  # onnxruntime's errors are untyped
            raise PromptGuardModelError(
                f"prompt guard classifier: model.onnx in {model_dir} does not run: {exc}"
            ) from exc
        if classes != len(self.labels):
            raise PromptGuardModelError(
                f"prompt guard classifier in {model_dir}: model.onnx gives {classes} logits "
                f"for the {len(self.labels)} labels of config.json"
            )
        log.info("loaded prompt guard classifier %s from %s (labels %s)", self.name, model_dir, self.labels)

    @property
    def detects_jailbreak(self) -> bool:
        return bool(self._jailbreak)

    def scores(self, texts: Sequence[str]) -> list[Scores]:
        """Each text's scores: the highest of its windows'."""
        if not texts:
            return []
        windows: list[tokenizers.Encoding] = []
        owners: list[int] = []
        for index, encoding in enumerate(self._tokenizer.encode_batch(list(texts))):
            windows += [encoding, *encoding.overflowing]
            owners += [index] * (1 + len(encoding.overflowing))
        probabilities = np.concatenate(
            [softmax(self._logits(windows[i : i + BATCH_WINDOWS])) for i in range(0, len(windows), BATCH_WINDOWS)]
        )
        injection, jailbreak = np.zeros(len(texts)), np.zeros(len(texts))
        np.maximum.at(injection, owners, probabilities[:, self._injection].sum(axis=1))
        np.maximum.at(jailbreak, owners, probabilities[:, self._jailbreak].sum(axis=1))
        return [Scores(float(i), float(j)) for i, j in zip(injection, jailbreak, strict=True)]

    def _logits(self, windows: Sequence[tokenizers.Encoding]) -> npt.NDArray[np.float64]:
        width = max(len(window.ids) for window in windows)
        ids = np.full((len(windows), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(windows), width), dtype=np.int64)
        for row, window in enumerate(windows):
            ids[row, : len(window.ids)] = window.ids
            mask[row, : len(window.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        (logits,) = self._session.run(["logits"], feeds)
        return np.asarray(logits, dtype=np.float64)


def softmax(logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities: npt.NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
    return probabilities


class InjectionShield:
    """Flags instructions aimed at the model in text from outside it: user messages and tool responses.

    System messages are the deployer's own and the assistant's are the model's, so neither is checked."""

    shield_type = "injection_shield"

    def __init__(self, classifier: PromptGuardClassifier, threshold: float):
        self._classifier = classifier
        self._threshold = threshold

    @property
    def description(self) -> str:
        return (
            f"Prompt injection in user messages and tool responses: classifier {self._classifier.name}, "
            f"a violation above score {self._threshold}"
        )

    async def check(self, messages: Sequence[Message]) -> Verdict:
        checked = [m for m in messages if isinstance(m, models.UserMessage | models.ToolResponseMessage)]
        scores = await asyncio.to_thread(self._classifier.scores, [text_of(m.content) for m in checked])
        return _verdict("injection", "a prompt injection", checked, [s.injection for s in scores], self._threshold)


class JailbreakShield:
    """Flags user messages that try to override the model's instructions or its safety training."""

    shield_type = "jailbreak_shield"

    def __init__(self, classifier: PromptGuardClassifier, threshold: float):
        if not classifier.detects_jailbreak:
            raise PromptGuardModelError(
                f"jailbreak_shield: classifier {classifier.name} has no jailbreak class (labels {classifier.labels}); "
                "it can serve the injection_shield only"
            )
        self._classifier = classifier
        self._threshold = threshold

    @property
    def description(self) -> str:
        return (
            f"Jailbreak attempts in user messages: classifier {self._classifier.name}, "
            f"a violation above score {self._threshold}"
        )

    async def check(self, messages: Sequence[Message]) -> Verdict:
        checked = [m for m in messages if isinstance(m, models.UserMessage)]
        scores = await asyncio.to_thread(self._classifier.scores, [text_of(m.content) for m in checked])
        return _verdict("jailbreak", "a jailbreak attempt", checked, [s.jailbreak for s in scores], self._threshold)


def _verdict(
    violation_type: str, what: str, messages: Sequence[Message], scores: Sequence[float], threshold: float
) -> Verdict:
    """A violation for the worst-scoring message when its score is above the threshold."""
    if not scores:
        return Verdict()
    worst = max(range(len(scores)), key=scores.__getitem__)
    if scores[worst] <= threshold:
        return Verdict()
    message = messages[worst]
    source = f"tool response from {message.tool_name}" if isinstance(message, models.ToolResponseMessage) else "message"
    return Verdict(
        violation_type,
        f"The {source} looks like {what} (score {scores[worst]:.2f}, threshold {threshold}).",
    )
