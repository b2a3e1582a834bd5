"""llama.cpp behind one seam: the only module that imports llama_cpp.

A `LlamaCppModel` loads one GGUF model as the run config describes it and says what it is.
"""

from __future__ import annotations

import ctypes
import logging

import llama_cpp
from lls_api import models

from .config import ModelConfig

log = logging.getLogger("lls.llama_cpp")

PROVIDER = "llama_cpp"


class ModelLoadError(Exception):
    """A registered model's weights cannot be loaded."""


class LlamaCppModel:
    def __init__(self, config: ModelConfig):
        if not config.path.is_file():
            raise ModelLoadError(f"model {config.id!r}: no GGUF file at {config.path}")
        self.config = config
        try:
            self.llama = llama_cpp.Llama(
                model_path=str(config.path),
                n_ctx=config.context_length,
                n_batch=config.batch_size,
                n_threads=config.decode_threads,
                n_threads_batch=config.decode_threads,
                chat_format=None,
                verbose=False,
            )
        except ValueError as exc:  # llama-cpp-python's way of saying the file did not load
            raise ModelLoadError(f"model {config.id!r}: cannot load {config.path}: {exc}") from exc
        log.info("loaded %s from %s (%s threads)", config.id, config.path, config.decode_threads)
        self.description = self._describe()

    def describe(self) -> models.PretrainedModel:
        return self.description

    def _describe(self) -> models.PretrainedModel:
        metadata = self.llama.metadata
        description = ctypes.create_string_buffer(256)
        llama_cpp.llama_model_desc(self.llama.model, description, len(description))
        # e.g. "llama 256M Q4_1": the last word names the weights' quantization
        quantization = description.value.decode(errors="replace").rsplit(" ", 1)[-1]
        return models.PretrainedModel(
            identifier=self.config.id,
            provider=PROVIDER,
            architecture=metadata.get("general.architecture"),
            parameter_count=llama_cpp.llama_model_n_params(self.llama.model),
            context_length=self.llama.n_ctx(),
            quantization=quantization,
            has_chat_template=bool(self.config.chat_template or "tokenizer.chat_template" in metadata),
            embedding_dimension=self.llama.n_embd(),
        )
