from enum import StrEnum


class StepType(StrEnum):
    INFERENCE = "inference"
    MEMORY_RETRIEVAL = "memory_retrieval"
    SHIELD_CALL = "shield_call"
    TOOL_EXECUTION = "tool_execution"

    def __str__(self) -> str:
        return str(self.value)
