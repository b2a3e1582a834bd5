from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="OpenAIModel")


@_attrs_define
class OpenAIModel:
    """
    Attributes:
        id (str):
        object_ (Literal['model']):
        created (int): When the server loaded it (Unix seconds).
        owned_by (str):
    """

    id: str
    object_: Literal["model"]
    created: int
    owned_by: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        created = self.created

        owned_by = self.owned_by

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "object": object_,
                "created": created,
                "owned_by": owned_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = cast(Literal["model"], d.pop("object"))
        if object_ != "model":
            raise ValueError(f"object must match const 'model', got '{object_}'")

        created = d.pop("created")

        owned_by = d.pop("owned_by")

        open_ai_model = cls(
            id=id,
            object_=object_,
            created=created,
            owned_by=owned_by,
        )

        return open_ai_model
