from enum import StrEnum


class TrainEvalDatasetColumnType(StrEnum):
    DIALOG = "dialog"
    JSON = "json"
    MEDIA = "media"
    NUMBER = "number"
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
