from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PromptCacheStats")


@_attrs_define
class PromptCacheStats:
    """A model's prompt cache, counted since the server started.

    Attributes:
        enabled (bool): Whether the model keeps finished requests' tokens in its cache (`prompt_cache` in the run
            config), so that a prompt that starts like an earlier one (a conversation's next turn, a shared system prompt)
            reads only what follows.
        tokens_read (int): Prompt tokens the model has read since the server started.
        tokens_reused (int): Prompt tokens the model took from its cache instead of reading them, since the server
            started.
    """

    enabled: bool
    tokens_read: int
    tokens_reused: int

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        tokens_read = self.tokens_read

        tokens_reused = self.tokens_reused

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "enabled": enabled,
                "tokens_read": tokens_read,
                "tokens_reused": tokens_reused,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        enabled = d.pop("enabled")

        tokens_read = d.pop("tokens_read")

        tokens_reused = d.pop("tokens_reused")

        prompt_cache_stats = cls(
            enabled=enabled,
            tokens_read=tokens_read,
            tokens_reused=tokens_reused,
        )

        return prompt_cache_stats
