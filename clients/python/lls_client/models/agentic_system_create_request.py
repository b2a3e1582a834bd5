from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.agentic_system_instance_config import AgenticSystemInstanceConfig


T = TypeVar("T", bound="AgenticSystemCreateRequest")


@_attrs_define
class AgenticSystemCreateRequest:
    """
    Attributes:
        instance_config (AgenticSystemInstanceConfig): What an agentic system is: its instructions (the system prompt of
            every turn), the tools it may call, the shields on its input and output, how it samples. A turn's
            `override_config` replaces these fields, those it gives, for that turn.
        model (str): The id of a model registered with this server (see `/models/list`).
    """

    instance_config: AgenticSystemInstanceConfig
    model: str

    def to_dict(self) -> dict[str, Any]:
        instance_config = self.instance_config.to_dict()

        model = self.model

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "instance_config": instance_config,
                "model": model,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.agentic_system_instance_config import AgenticSystemInstanceConfig

        d = dict(src_dict)
        instance_config = AgenticSystemInstanceConfig.from_dict(d.pop("instance_config"))

        model = d.pop("model")

        agentic_system_create_request = cls(
            instance_config=instance_config,
            model=model,
        )

        return agentic_system_create_request
