from enum import StrEnum


class BuiltinTool(StrEnum):
    BRAVE_SEARCH = "brave_search"
    CODE_INTERPRETER = "code_interpreter"
    PHOTOGEN = "photogen"
    WOLFRAM_ALPHA = "wolfram_alpha"

    def __str__(self) -> str:
        return str(self.value)
