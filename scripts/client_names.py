"""How openapi-python-client names things, for code and docs that must point into the generated client."""

import re


def snake(name: str) -> str:
    """`ChatCompletionRequest` -> `chat_completion_request`, `MemoryBanks` -> `memory_banks`: module names."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()
