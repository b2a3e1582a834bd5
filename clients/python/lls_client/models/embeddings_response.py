from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="EmbeddingsResponse")


@_attrs_define
class EmbeddingsResponse:
    """
    Attributes:
        embeddings (list[list[float]]): One normalised vector per input text, in order.
        dimension (int): The length of every vector.
    """

    embeddings: list[list[float]]
    dimension: int

    def to_dict(self) -> dict[str, Any]:
        embeddings = []
        for embeddings_item_data in self.embeddings:
            embeddings_item = embeddings_item_data

            embeddings.append(embeddings_item)

        dimension = self.dimension

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "embeddings": embeddings,
                "dimension": dimension,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        embeddings = []
        _embeddings = d.pop("embeddings")
        for embeddings_item_data in _embeddings:
            embeddings_item = cast(list[float], embeddings_item_data)

            embeddings.append(embeddings_item)

        dimension = d.pop("dimension")

        embeddings_response = cls(
            embeddings=embeddings,
            dimension=dimension,
        )

        return embeddings_response
