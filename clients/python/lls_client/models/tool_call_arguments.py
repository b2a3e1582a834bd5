from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.tool_call_arguments_additional_property_type_6 import ToolCallArgumentsAdditionalPropertyType6


T = TypeVar("T", bound="ToolCallArguments")


@_attrs_define
class ToolCallArguments:
    additional_properties: dict[
        str,
        bool
        | float
        | int
        | list[bool | float | int | None | str]
        | None
        | str
        | ToolCallArgumentsAdditionalPropertyType6,
    ] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.tool_call_arguments_additional_property_type_6 import ToolCallArgumentsAdditionalPropertyType6

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, list):
                field_dict[prop_name] = []
                for additional_property_type_5_item_data in prop:
                    additional_property_type_5_item: bool | float | int | None | str
                    additional_property_type_5_item = additional_property_type_5_item_data
                    field_dict[prop_name].append(additional_property_type_5_item)

            elif isinstance(prop, ToolCallArgumentsAdditionalPropertyType6):
                field_dict[prop_name] = prop.to_dict()
            else:
                field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tool_call_arguments_additional_property_type_6 import ToolCallArgumentsAdditionalPropertyType6

        d = dict(src_dict)
        tool_call_arguments = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(
                data: object,
            ) -> (
                bool
                | float
                | int
                | list[bool | float | int | None | str]
                | None
                | str
                | ToolCallArgumentsAdditionalPropertyType6
            ):
                if data is None:
                    return data
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    additional_property_type_5 = []
                    _additional_property_type_5 = data
                    for additional_property_type_5_item_data in _additional_property_type_5:

                        def _parse_additional_property_type_5_item(data: object) -> bool | float | int | None | str:
                            if data is None:
                                return data
                            return cast(bool | float | int | None | str, data)

                        additional_property_type_5_item = _parse_additional_property_type_5_item(
                            additional_property_type_5_item_data
                        )

                        additional_property_type_5.append(additional_property_type_5_item)

                    return additional_property_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    additional_property_type_6 = ToolCallArgumentsAdditionalPropertyType6.from_dict(data)

                    return additional_property_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(
                    bool
                    | float
                    | int
                    | list[bool | float | int | None | str]
                    | None
                    | str
                    | ToolCallArgumentsAdditionalPropertyType6,
                    data,
                )

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        tool_call_arguments.additional_properties = additional_properties
        return tool_call_arguments

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(
        self, key: str
    ) -> (
        bool
        | float
        | int
        | list[bool | float | int | None | str]
        | None
        | str
        | ToolCallArgumentsAdditionalPropertyType6
    ):
        return self.additional_properties[key]

    def __setitem__(
        self,
        key: str,
        value: bool
        | float
        | list[bool | float | int | None | str]
        | None
        | str
        | ToolCallArgumentsAdditionalPropertyType6,
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
