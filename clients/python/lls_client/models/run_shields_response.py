from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.shield_response import ShieldResponse


T = TypeVar("T", bound="RunShieldsResponse")


@_attrs_define
class RunShieldsResponse:
    """
    Attributes:
        responses (list[ShieldResponse]): One verdict per shield, in the order asked.
    """

    responses: list[ShieldResponse]

    def to_dict(self) -> dict[str, Any]:
        responses = []
        for responses_item_data in self.responses:
            responses_item = responses_item_data.to_dict()
            responses.append(responses_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "responses": responses,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.shield_response import ShieldResponse

        d = dict(src_dict)
        responses = []
        _responses = d.pop("responses")
        for responses_item_data in _responses:
            responses_item = ShieldResponse.from_dict(responses_item_data)

            responses.append(responses_item)

        run_shields_response = cls(
            responses=responses,
        )

        return run_shields_response
