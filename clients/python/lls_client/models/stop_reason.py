from enum import StrEnum


class StopReason(StrEnum):
    END_OF_MESSAGE = "end_of_message"
    END_OF_TURN = "end_of_turn"
    OUT_OF_TOKENS = "out_of_tokens"

    def __str__(self) -> str:
        return str(self.value)
