from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenAIPromptTokensDetails")


@_attrs_define
class OpenAIPromptTokensDetails:
    """
    Attributes:
        cached_tokens (int | Unset): Prompt tokens read from the prompt cache.
    """

    cached_tokens: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cached_tokens = self.cached_tokens

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cached_tokens is not UNSET:
            field_dict["cached_tokens"] = cached_tokens

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        cached_tokens = d.pop("cached_tokens", UNSET)

        open_ai_prompt_tokens_details = cls(
            cached_tokens=cached_tokens,
        )

        return open_ai_prompt_tokens_details
