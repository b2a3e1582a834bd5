from enum import StrEnum


class SamplingStrategy(StrEnum):
    GREEDY = "greedy"
    TOP_K = "top_k"
    TOP_P = "top_p"

    def __str__(self) -> str:
        return str(self.value)
