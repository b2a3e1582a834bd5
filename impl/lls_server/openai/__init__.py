"""The OpenAI-compatible API (`/v1`), on the Inference API's models and the memory banks' embedding models."""

from collections.abc import Mapping

from ..config import RunConfig
from ..inference import LlamaCppInference
from ..inference.llama_engine import LlamaCppModel
from ..memory import MemoryBanks
from .api import OpenAICompatible

__all__ = ["OpenAICompatible", "create_openai"]


def create_openai(
    config: RunConfig, served: Mapping[str, LlamaCppModel], apis: Mapping[str, object]
) -> OpenAICompatible:
    inference, memory = apis["Inference"], apis["MemoryBanks"]
    assert isinstance(inference, LlamaCppInference) and isinstance(memory, MemoryBanks)
    return OpenAICompatible(inference, served, memory.embedders)
