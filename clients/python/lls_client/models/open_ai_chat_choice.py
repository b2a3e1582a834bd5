from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.open_ai_finish_reason import OpenAIFinishReason
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_assistant_message import OpenAIAssistantMessage
    from ..models.open_ai_choice_logprobs import OpenAIChoiceLogprobs


T = TypeVar("T", bound="OpenAIChatChoice")


@_attrs_define
class OpenAIChatChoice:
    """
    Attributes:
        index (int):
        message (OpenAIAssistantMessage):
        finish_reason (OpenAIFinishReason): `stop`: the model ended its answer or met a stop text; `length`:
            `max_tokens` or the context ran out; `tool_calls`: the answer is a tool call.
        logprobs (OpenAIChoiceLogprobs | Unset):
    """

    index: int
    message: OpenAIAssistantMessage
    finish_reason: OpenAIFinishReason
    logprobs: OpenAIChoiceLogprobs | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        message = self.message.to_dict()

        finish_reason = self.finish_reason.value

        logprobs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.logprobs, Unset):
            logprobs = self.logprobs.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "index": index,
                "message": message,
                "finish_reason": finish_reason,
            }
        )
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_assistant_message import OpenAIAssistantMessage
        from ..models.open_ai_choice_logprobs import OpenAIChoiceLogprobs

        d = dict(src_dict)
        index = d.pop("index")

        message = OpenAIAssistantMessage.from_dict(d.pop("message"))

        finish_reason = OpenAIFinishReason(d.pop("finish_reason"))

        _logprobs = d.pop("logprobs", UNSET)
        logprobs: OpenAIChoiceLogprobs | Unset
        if isinstance(_logprobs, Unset):
            logprobs = UNSET
        else:
            logprobs = OpenAIChoiceLogprobs.from_dict(_logprobs)

        open_ai_chat_choice = cls(
            index=index,
            message=message,
            finish_reason=finish_reason,
            logprobs=logprobs,
        )

        return open_ai_chat_choice
