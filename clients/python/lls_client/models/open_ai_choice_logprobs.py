from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.open_ai_token_logprob import OpenAITokenLogprob


T = TypeVar("T", bound="OpenAIChoiceLogprobs")


@_attrs_define
class OpenAIChoiceLogprobs:
    """
    Attributes:
        content (list[OpenAITokenLogprob]):
    """

    content: list[OpenAITokenLogprob]

    def to_dict(self) -> dict[str, Any]:
        content = []
        for content_item_data in self.content:
            content_item = content_item_data.to_dict()
            content.append(content_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content": content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_token_logprob import OpenAITokenLogprob

        d = dict(src_dict)
        content = []
        _content = d.pop("content")
        for content_item_data in _content:
            content_item = OpenAITokenLogprob.from_dict(content_item_data)

            content.append(content_item)

        open_ai_choice_logprobs = cls(
            content=content,
        )

        return open_ai_choice_logprobs
