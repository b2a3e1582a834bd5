from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="OpenAIEmbedding")


@_attrs_define
class OpenAIEmbedding:
    """
    Attributes:
        object_ (Literal['embedding']):
        index (int):
        embedding (list[float] | str): The vector, or its little-endian float32 bytes in base64.
    """

    object_: Literal["embedding"]
    index: int
    embedding: list[float] | str

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        index = self.index

        embedding: list[float] | str
        if isinstance(self.embedding, list):
            embedding = self.embedding

        else:
            embedding = self.embedding

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "object": object_,
                "index": index,
                "embedding": embedding,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        object_ = cast(Literal["embedding"], d.pop("object"))
        if object_ != "embedding":
            raise ValueError(f"object must match const 'embedding', got '{object_}'")

        index = d.pop("index")

        def _parse_embedding(data: object) -> list[float] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                embedding_type_0 = cast(list[float], data)

                return embedding_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | str, data)

        embedding = _parse_embedding(d.pop("embedding"))

        open_ai_embedding = cls(
            object_=object_,
            index=index,
            embedding=embedding,
        )

        return open_ai_embedding
