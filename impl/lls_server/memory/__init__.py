"""Memory banks on Chroma: documents read, extracted, chunked, embedded and queried."""

from .banks import MemoryBanks, create_memory_banks

__all__ = ["MemoryBanks", "create_memory_banks"]
