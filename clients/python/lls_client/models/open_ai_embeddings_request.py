from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.open_ai_embeddings_request_encoding_format import OpenAIEmbeddingsRequestEncodingFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenAIEmbeddingsRequest")


@_attrs_define
class OpenAIEmbeddingsRequest:
    """
    Attributes:
        model (str):
        input_ (list[str] | str): One text, or a list of texts.
        encoding_format (OpenAIEmbeddingsRequestEncodingFormat | Unset): `float` (the default) or `base64`.
        dimensions (int | Unset): Must be the model's own dimension, when given.
        user (str | Unset): Accepted, and ignored.
    """

    model: str
    input_: list[str] | str
    encoding_format: OpenAIEmbeddingsRequestEncodingFormat | Unset = UNSET
    dimensions: int | Unset = UNSET
    user: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        input_: list[str] | str
        if isinstance(self.input_, list):
            input_ = self.input_

        else:
            input_ = self.input_

        encoding_format: str | Unset = UNSET
        if not isinstance(self.encoding_format, Unset):
            encoding_format = self.encoding_format.value

        dimensions = self.dimensions

        user = self.user

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "input": input_,
            }
        )
        if encoding_format is not UNSET:
            field_dict["encoding_format"] = encoding_format
        if dimensions is not UNSET:
            field_dict["dimensions"] = dimensions
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = d.pop("model")

        def _parse_input_(data: object) -> list[str] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_open_ai_embedding_input_type_1 = cast(list[str], data)

                return componentsschemas_open_ai_embedding_input_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str, data)

        input_ = _parse_input_(d.pop("input"))

        _encoding_format = d.pop("encoding_format", UNSET)
        encoding_format: OpenAIEmbeddingsRequestEncodingFormat | Unset
        if isinstance(_encoding_format, Unset):
            encoding_format = UNSET
        else:
            encoding_format = OpenAIEmbeddingsRequestEncodingFormat(_encoding_format)

        dimensions = d.pop("dimensions", UNSET)

        user = d.pop("user", UNSET)

        open_ai_embeddings_request = cls(
            model=model,
            input_=input_,
            encoding_format=encoding_format,
            dimensions=dimensions,
            user=user,
        )

        return open_ai_embeddings_request
