from enum import StrEnum


class ModelServingState(StrEnum):
    SERVING = "serving"
    STALLED = "stalled"
    STOPPED = "stopped"

    def __str__(self) -> str:
        return str(self.value)
