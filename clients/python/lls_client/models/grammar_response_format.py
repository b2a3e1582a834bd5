from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="GrammarResponseFormat")


@_attrs_define
class GrammarResponseFormat:
    """Constrain the answer to a grammar.

    Attributes:
        type_ (Literal['grammar']):
        bnf (str): A GBNF grammar (llama.cpp's grammar format) the answer must match.
    """

    type_: Literal["grammar"]
    bnf: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        bnf = self.bnf

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "bnf": bnf,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["grammar"], d.pop("type"))
        if type_ != "grammar":
            raise ValueError(f"type must match const 'grammar', got '{type_}'")

        bnf = d.pop("bnf")

        grammar_response_format = cls(
            type_=type_,
            bnf=bnf,
        )

        return grammar_response_format
