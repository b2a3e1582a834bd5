from enum import StrEnum


class BuiltinShield(StrEnum):
    CODE_SCANNER_GUARD = "code_scanner_guard"
    INJECTION_SHIELD = "injection_shield"
    JAILBREAK_SHIELD = "jailbreak_shield"
    LLAMA_GUARD = "llama_guard"
    THIRD_PARTY_SHIELD = "third_party_shield"

    def __str__(self) -> str:
        return str(self.value)
