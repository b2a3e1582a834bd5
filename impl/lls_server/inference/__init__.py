"""The Inference API on llama.cpp: the engine that batches sequences, the prompt formats, and the API on top."""

from .api import LlamaCppInference

__all__ = ["LlamaCppInference"]
