from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.token_log_probs_logprobs_by_token import TokenLogProbsLogprobsByToken


T = TypeVar("T", bound="TokenLogProbs")


@_attrs_define
class TokenLogProbs:
    """
    Attributes:
        logprobs_by_token (TokenLogProbsLogprobsByToken):
    """

    logprobs_by_token: TokenLogProbsLogprobsByToken

    def to_dict(self) -> dict[str, Any]:
        logprobs_by_token = self.logprobs_by_token.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "logprobs_by_token": logprobs_by_token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.token_log_probs_logprobs_by_token import TokenLogProbsLogprobsByToken

        d = dict(src_dict)
        logprobs_by_token = TokenLogProbsLogprobsByToken.from_dict(d.pop("logprobs_by_token"))

        token_log_probs = cls(
            logprobs_by_token=logprobs_by_token,
        )

        return token_log_probs
