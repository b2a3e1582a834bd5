from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.open_ai_chat_choice import OpenAIChatChoice
    from ..models.open_ai_usage import OpenAIUsage


T = TypeVar("T", bound="OpenAIChatCompletion")


@_attrs_define
class OpenAIChatCompletion:
    """
    Attributes:
        id (str):
        object_ (Literal['chat.completion']):
        created (int): Unix seconds.
        model (str):
        choices (list[OpenAIChatChoice]):
        usage (OpenAIUsage):
    """

    id: str
    object_: Literal["chat.completion"]
    created: int
    model: str
    choices: list[OpenAIChatChoice]
    usage: OpenAIUsage

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        created = self.created

        model = self.model

        choices = []
        for choices_item_data in self.choices:
            choices_item = choices_item_data.to_dict()
            choices.append(choices_item)

        usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "created": created,
                "model": model,
                "choices": choices,
                "usage": usage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_chat_choice import OpenAIChatChoice
        from ..models.open_ai_usage import OpenAIUsage

        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["chat.completion"], d.pop("object"))
        if object_ != "chat.completion":
            raise ValueError(f"object must match const 'chat.completion', got '{object_}'")

        created = d.pop("created")

        model = d.pop("model")

        choices = []
        _choices = d.pop("choices")
        for choices_item_data in _choices:
            choices_item = OpenAIChatChoice.from_dict(choices_item_data)

            choices.append(choices_item)

        usage = OpenAIUsage.from_dict(d.pop("usage"))

        open_ai_chat_completion = cls(
            id=id,
            object_=object_,
            created=created,
            model=model,
            choices=choices,
            usage=usage,
        )

        return open_ai_chat_completion
