from enum import StrEnum


class DoraFinetuningConfigLoraAttnModulesItem(StrEnum):
    K_PROJ = "k_proj"
    OUTPUT_PROJ = "output_proj"
    O_PROJ = "o_proj"
    Q_PROJ = "q_proj"
    V_PROJ = "v_proj"

    def __str__(self) -> str:
        return str(self.value)
