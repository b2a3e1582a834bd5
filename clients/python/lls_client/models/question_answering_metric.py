from enum import StrEnum


class QuestionAnsweringMetric(StrEnum):
    EM = "em"
    F1 = "f1"

    def __str__(self) -> str:
        return str(self.value)
