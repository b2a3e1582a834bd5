from enum import StrEnum


class ToolCallParseStatus(StrEnum):
    FAILURE = "failure"
    IN_PROGRESS = "in_progress"
    STARTED = "started"
    SUCCESS = "success"

    def __str__(self) -> str:
        return str(self.value)
