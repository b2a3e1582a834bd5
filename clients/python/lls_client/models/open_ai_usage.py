from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_prompt_tokens_details import OpenAIPromptTokensDetails


T = TypeVar("T", bound="OpenAIUsage")


@_attrs_define
class OpenAIUsage:
    """
    Attributes:
        prompt_tokens (int):
        completion_tokens (int):
        total_tokens (int):
        prompt_tokens_details (OpenAIPromptTokensDetails | Unset):
    """

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    prompt_tokens_details: OpenAIPromptTokensDetails | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt_tokens = self.prompt_tokens

        completion_tokens = self.completion_tokens

        total_tokens = self.total_tokens

        prompt_tokens_details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.prompt_tokens_details, Unset):
            prompt_tokens_details = self.prompt_tokens_details.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": total_tokens,
            }
        )
        if prompt_tokens_details is not UNSET:
            field_dict["prompt_tokens_details"] = prompt_tokens_details

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_prompt_tokens_details import OpenAIPromptTokensDetails

        d = dict(src_dict)
        prompt_tokens = d.pop("prompt_tokens")

        completion_tokens = d.pop("completion_tokens")

        total_tokens = d.pop("total_tokens")

        _prompt_tokens_details = d.pop("prompt_tokens_details", UNSET)
        prompt_tokens_details: OpenAIPromptTokensDetails | Unset
        if isinstance(_prompt_tokens_details, Unset):
            prompt_tokens_details = UNSET
        else:
            prompt_tokens_details = OpenAIPromptTokensDetails.from_dict(_prompt_tokens_details)

        open_ai_usage = cls(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=total_tokens,
            prompt_tokens_details=prompt_tokens_details,
        )

        return open_ai_usage
