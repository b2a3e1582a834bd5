from enum import StrEnum


class TextGenerationMetric(StrEnum):
    BLEU = "bleu"
    PERPLEXITY = "perplexity"
    ROUGE = "rouge"

    def __str__(self) -> str:
        return str(self.value)
