from enum import StrEnum


class ChatCompletionResponseEventType(StrEnum):
    COMPLETE = "complete"
    PROGRESS = "progress"
    START = "start"

    def __str__(self) -> str:
        return str(self.value)
