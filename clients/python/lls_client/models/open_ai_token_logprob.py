from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_top_logprob import OpenAITopLogprob


T = TypeVar("T", bound="OpenAITokenLogprob")


@_attrs_define
class OpenAITokenLogprob:
    """
    Attributes:
        token (str):
        logprob (float):
        top_logprobs (list[OpenAITopLogprob]):
        bytes_ (list[int] | Unset):
    """

    token: str
    logprob: float
    top_logprobs: list[OpenAITopLogprob]
    bytes_: list[int] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        logprob = self.logprob

        top_logprobs = []
        for top_logprobs_item_data in self.top_logprobs:
            top_logprobs_item = top_logprobs_item_data.to_dict()
            top_logprobs.append(top_logprobs_item)

        bytes_: list[int] | Unset = UNSET
        if not isinstance(self.bytes_, Unset):
            bytes_ = self.bytes_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "token": token,
                "logprob": logprob,
                "top_logprobs": top_logprobs,
            }
        )
        if bytes_ is not UNSET:
            field_dict["bytes"] = bytes_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_top_logprob import OpenAITopLogprob

        d = dict(src_dict)
        token = d.pop("token")

        logprob = d.pop("logprob")

        top_logprobs = []
        _top_logprobs = d.pop("top_logprobs")
        for top_logprobs_item_data in _top_logprobs:
            top_logprobs_item = OpenAITopLogprob.from_dict(top_logprobs_item_data)

            top_logprobs.append(top_logprobs_item)

        bytes_ = cast(list[int], d.pop("bytes", UNSET))

        open_ai_token_logprob = cls(
            token=token,
            logprob=logprob,
            top_logprobs=top_logprobs,
            bytes_=bytes_,
        )

        return open_ai_token_logprob
