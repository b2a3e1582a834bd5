from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenAITopLogprob")


@_attrs_define
class OpenAITopLogprob:
    """
    Attributes:
        token (str):
        logprob (float):
        bytes_ (list[int] | Unset):
    """

    token: str
    logprob: float
    bytes_: list[int] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        logprob = self.logprob

        bytes_: list[int] | Unset = UNSET
        if not isinstance(self.bytes_, Unset):
            bytes_ = self.bytes_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "token": token,
                "logprob": logprob,
            }
        )
        if bytes_ is not UNSET:
            field_dict["bytes"] = bytes_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        token = d.pop("token")

        logprob = d.pop("logprob")

        bytes_ = cast(list[int], d.pop("bytes", UNSET))

        open_ai_top_logprob = cls(
            token=token,
            logprob=logprob,
            bytes_=bytes_,
        )

        return open_ai_top_logprob
