from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="EmbeddingsRequest")


@_attrs_define
class EmbeddingsRequest:
    """
    Attributes:
        model (str): The id of a model registered with this server (see `/models/list`).
        contents (list[str]): The texts to embed.
    """

    model: str
    contents: list[str]

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        contents = self.contents

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "contents": contents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = d.pop("model")

        contents = cast(list[str], d.pop("contents"))

        embeddings_request = cls(
            model=model,
            contents=contents,
        )

        return embeddings_request
