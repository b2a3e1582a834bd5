from enum import StrEnum


class OpenAISystemMessageRole(StrEnum):
    DEVELOPER = "developer"
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
