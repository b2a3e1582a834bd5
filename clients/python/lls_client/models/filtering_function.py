from enum import StrEnum


class FilteringFunction(StrEnum):
    NONE = "none"
    RANDOM = "random"
    SIGMOID = "sigmoid"
    TOP_K = "top_k"
    TOP_K_TOP_P = "top_k_top_p"
    TOP_P = "top_p"

    def __str__(self) -> str:
        return str(self.value)
