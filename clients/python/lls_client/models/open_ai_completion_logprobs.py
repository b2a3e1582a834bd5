from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.open_ai_completion_logprobs_top_logprobs_item import OpenAICompletionLogprobsTopLogprobsItem


T = TypeVar("T", bound="OpenAICompletionLogprobs")


@_attrs_define
class OpenAICompletionLogprobs:
    """
    Attributes:
        tokens (list[str]):
        token_logprobs (list[float]):
        top_logprobs (list[OpenAICompletionLogprobsTopLogprobsItem]):
        text_offset (list[int]):
    """

    tokens: list[str]
    token_logprobs: list[float]
    top_logprobs: list[OpenAICompletionLogprobsTopLogprobsItem]
    text_offset: list[int]

    def to_dict(self) -> dict[str, Any]:
        tokens = self.tokens

        token_logprobs = self.token_logprobs

        top_logprobs = []
        for top_logprobs_item_data in self.top_logprobs:
            top_logprobs_item = top_logprobs_item_data.to_dict()
            top_logprobs.append(top_logprobs_item)

        text_offset = self.text_offset

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tokens": tokens,
                "token_logprobs": token_logprobs,
                "top_logprobs": top_logprobs,
                "text_offset": text_offset,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_completion_logprobs_top_logprobs_item import OpenAICompletionLogprobsTopLogprobsItem

        d = dict(src_dict)
        tokens = cast(list[str], d.pop("tokens"))

        token_logprobs = cast(list[float], d.pop("token_logprobs"))

        top_logprobs = []
        _top_logprobs = d.pop("top_logprobs")
        for top_logprobs_item_data in _top_logprobs:
            top_logprobs_item = OpenAICompletionLogprobsTopLogprobsItem.from_dict(top_logprobs_item_data)

            top_logprobs.append(top_logprobs_item)

        text_offset = cast(list[int], d.pop("text_offset"))

        open_ai_completion_logprobs = cls(
            tokens=tokens,
            token_logprobs=token_logprobs,
            top_logprobs=top_logprobs,
            text_offset=text_offset,
        )

        return open_ai_completion_logprobs
