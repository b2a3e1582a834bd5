from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.open_ai_finish_reason import OpenAIFinishReason
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_chat_delta import OpenAIChatDelta
    from ..models.open_ai_choice_logprobs import OpenAIChoiceLogprobs


T = TypeVar("T", bound="OpenAIChatChunkChoice")


@_attrs_define
class OpenAIChatChunkChoice:
    """
    Attributes:
        index (int):
        delta (OpenAIChatDelta):
        finish_reason (OpenAIFinishReason | Unset): `stop`: the model ended its answer or met a stop text; `length`:
            `max_tokens` or the context ran out; `tool_calls`: the answer is a tool call.
        logprobs (OpenAIChoiceLogprobs | Unset):
    """

    index: int
    delta: OpenAIChatDelta
    finish_reason: OpenAIFinishReason | Unset = UNSET
    logprobs: OpenAIChoiceLogprobs | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        delta = self.delta.to_dict()

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
                "delta": delta,
            }
        )
        if finish_reason is not UNSET:
            field_dict["finish_reason"] = finish_reason
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_chat_delta import OpenAIChatDelta
        from ..models.open_ai_choice_logprobs import OpenAIChoiceLogprobs

        d = dict(src_dict)
        index = d.pop("index")

        delta = OpenAIChatDelta.from_dict(d.pop("delta"))

        _finish_reason = d.pop("finish_reason", UNSET)
        finish_reason: OpenAIFinishReason | Unset
        if isinstance(_finish_reason, Unset):
            finish_reason = UNSET
        else:
            finish_reason = OpenAIFinishReason(_finish_reason)

        _logprobs = d.pop("logprobs", UNSET)
        logprobs: OpenAIChoiceLogprobs | Unset
        if isinstance(_logprobs, Unset):
            logprobs = UNSET
        else:
            logprobs = OpenAIChoiceLogprobs.from_dict(_logprobs)

        open_ai_chat_chunk_choice = cls(
            index=index,
            delta=delta,
            finish_reason=finish_reason,
            logprobs=logprobs,
        )

        return open_ai_chat_chunk_choice
