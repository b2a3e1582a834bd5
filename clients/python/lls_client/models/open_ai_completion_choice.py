from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.open_ai_finish_reason import OpenAIFinishReason
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_completion_logprobs import OpenAICompletionLogprobs


T = TypeVar("T", bound="OpenAICompletionChoice")


@_attrs_define
class OpenAICompletionChoice:
    """
    Attributes:
        index (int):
        text (str):
        finish_reason (OpenAIFinishReason | Unset): `stop`: the model ended its answer or met a stop text; `length`:
            `max_tokens` or the context ran out; `tool_calls`: the answer is a tool call.
        logprobs (OpenAICompletionLogprobs | Unset):
    """

    index: int
    text: str
    finish_reason: OpenAIFinishReason | Unset = UNSET
    logprobs: OpenAICompletionLogprobs | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        text = self.text

        finish_reason: str | Unset = UNSET
        if not isinstance(self.finish_reason, Unset):
            finish_reason = self.finish_reason.value

        logprobs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.logprobs, Unset):
            logprobs = self.logprobs.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "index": index,
                "text": text,
            }
        )
        if finish_reason is not UNSET:
            field_dict["finish_reason"] = finish_reason
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_completion_logprobs import OpenAICompletionLogprobs

        d = dict(src_dict)
        index = d.pop("index")

        text = d.pop("text")

        _finish_reason = d.pop("finish_reason", UNSET)
        finish_reason: OpenAIFinishReason | Unset
        if isinstance(_finish_reason, Unset):
            finish_reason = UNSET
        else:
            finish_reason = OpenAIFinishReason(_finish_reason)

        _logprobs = d.pop("logprobs", UNSET)
        logprobs: OpenAICompletionLogprobs | Unset
        if isinstance(_logprobs, Unset):
            logprobs = UNSET
        else:
            logprobs = OpenAICompletionLogprobs.from_dict(_logprobs)

        open_ai_completion_choice = cls(
            index=index,
            text=text,
            finish_reason=finish_reason,
            logprobs=logprobs,
        )

        return open_ai_completion_choice
