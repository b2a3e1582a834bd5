from enum import StrEnum


class RLHFAlgorithm(StrEnum):
    DPO = "dpo"

    def __str__(self) -> str:
        return str(self.value)
