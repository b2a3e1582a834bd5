from enum import StrEnum


class SummarizationMetric(StrEnum):
    BLEU = "bleu"
    ROUGE = "rouge"

    def __str__(self) -> str:
        return str(self.value)
