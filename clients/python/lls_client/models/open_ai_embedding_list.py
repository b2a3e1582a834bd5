from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.open_ai_embedding import OpenAIEmbedding
    from ..models.open_ai_embedding_usage import OpenAIEmbeddingUsage


T = TypeVar("T", bound="OpenAIEmbeddingList")


@_attrs_define
class OpenAIEmbeddingList:
    """
    Attributes:
        object_ (Literal['list']):
        data (list[OpenAIEmbedding]):
        model (str):
        usage (OpenAIEmbeddingUsage):
    """

    object_: Literal["list"]
    data: list[OpenAIEmbedding]
    model: str
    usage: OpenAIEmbeddingUsage

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        model = self.model

        usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "object": object_,
                "data": data,
                "model": model,
                "usage": usage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_embedding import OpenAIEmbedding
        from ..models.open_ai_embedding_usage import OpenAIEmbeddingUsage

        d = dict(src_dict)
        object_ = cast(Literal["list"], d.pop("object"))
        if object_ != "list":
            raise ValueError(f"object must match const 'list', got '{object_}'")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = OpenAIEmbedding.from_dict(data_item_data)

            data.append(data_item)

        model = d.pop("model")

        usage = OpenAIEmbeddingUsage.from_dict(d.pop("usage"))

        open_ai_embedding_list = cls(
            object_=object_,
            data=data,
            model=model,
            usage=usage,
        )

        return open_ai_embedding_list
