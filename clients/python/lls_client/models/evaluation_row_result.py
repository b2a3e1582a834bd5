from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.completion_message import CompletionMessage
    from ..models.evaluation_row_result_scores import EvaluationRowResultScores
    from ..models.system_message import SystemMessage
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="EvaluationRowResult")


@_attrs_define
class EvaluationRowResult:
    """One row of an evaluation job, as `/evaluate/job/rows` gives it (a line of JSON Lines). An addition to the draft.

    Attributes:
        row (int): The row's number in the dataset, from 1.
        messages (list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]): What the model was
            asked.
        expected_answers (list[str]):
        scores (EvaluationRowResultScores): The row's score for each metric (`bleu` here is the sentence's BLEU).
        prediction (str | Unset): The model's answer; absent when only perplexity was asked.
        expected_answer_tokens (int | Unset): How many tokens of the first expected answer perplexity read.
    """

    row: int
    messages: list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]
    expected_answers: list[str]
    scores: EvaluationRowResultScores
    prediction: str | Unset = UNSET
    expected_answer_tokens: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        row = self.row

        messages = []
        for messages_item_data in self.messages:
            messages_item: dict[str, Any]
            if (
                isinstance(messages_item_data, UserMessage)
                or isinstance(messages_item_data, SystemMessage)
                or isinstance(messages_item_data, ToolResponseMessage)
            ):
                messages_item = messages_item_data.to_dict()
            else:
                messages_item = messages_item_data.to_dict()

            messages.append(messages_item)

        expected_answers = self.expected_answers

        scores = self.scores.to_dict()

        prediction = self.prediction

        expected_answer_tokens = self.expected_answer_tokens

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "row": row,
                "messages": messages,
                "expected_answers": expected_answers,
                "scores": scores,
            }
        )
        if prediction is not UNSET:
            field_dict["prediction"] = prediction
        if expected_answer_tokens is not UNSET:
            field_dict["expected_answer_tokens"] = expected_answer_tokens

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.completion_message import CompletionMessage
        from ..models.evaluation_row_result_scores import EvaluationRowResultScores
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        d = dict(src_dict)
        row = d.pop("row")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:

            def _parse_messages_item(
                data: object,
            ) -> CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_0 = UserMessage.from_dict(data)

                    return componentsschemas_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_1 = SystemMessage.from_dict(data)

                    return componentsschemas_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_2 = ToolResponseMessage.from_dict(data)

                    return componentsschemas_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_type_3 = CompletionMessage.from_dict(data)

                return componentsschemas_message_type_3

            messages_item = _parse_messages_item(messages_item_data)

            messages.append(messages_item)

        expected_answers = cast(list[str], d.pop("expected_answers"))

        scores = EvaluationRowResultScores.from_dict(d.pop("scores"))

        prediction = d.pop("prediction", UNSET)

        expected_answer_tokens = d.pop("expected_answer_tokens", UNSET)

        evaluation_row_result = cls(
            row=row,
            messages=messages,
            expected_answers=expected_answers,
            scores=scores,
            prediction=prediction,
            expected_answer_tokens=expected_answer_tokens,
        )

        return evaluation_row_result
