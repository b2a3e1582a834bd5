from enum import StrEnum


class FinetuningAlgorithm(StrEnum):
    DORA = "dora"
    FULL = "full"
    LORA = "lora"
    QLORA = "qlora"

    def __str__(self) -> str:
        return str(self.value)
