from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.builtin_shield import BuiltinShield
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.completion_message import CompletionMessage
    from ..models.rest_shield_request_parameters import RestShieldRequestParameters
    from ..models.system_message import SystemMessage
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="RestShieldRequest")


@_attrs_define
class RestShieldRequest:
    """What the server sends a REST shield (`third_party_shield`, or a custom one): the shield's type, the messages to
    check, the request's `parameters` if any, and the fields of the `execution_config`'s `body`, as strings. JSON, with
    the `execution_config`'s method (POST by default in the run config). The shield answers a `RestShieldVerdict` with a
    2xx status. An addition to the draft.

        Attributes:
            shield_type (BuiltinShield | str): A built-in shield's name, or a custom shield's.
            messages (list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]):
            parameters (RestShieldRequestParameters | Unset):
    """

    shield_type: BuiltinShield | str
    messages: list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]
    parameters: RestShieldRequestParameters | Unset = UNSET
    additional_properties: dict[str, str] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        shield_type: str
        if isinstance(self.shield_type, BuiltinShield):
            shield_type = self.shield_type.value
        else:
            shield_type = self.shield_type

        messages = []
        for messages_item_data in self.messages:
            messages_item: dict[str, Any]
            if (
                isinstance(messages_item_data, UserMessage)
                or isinstance(messages_item_data, SystemMessage)
                or isinstance(messages_item_data, ToolResponseMessage)
            ):
                messages_item = messages_item_data.to_dict()
            else:
                messages_item = messages_item_data.to_dict()

            messages.append(messages_item)

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "shield_type": shield_type,
                "messages": messages,
            }
        )
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.completion_message import CompletionMessage
        from ..models.rest_shield_request_parameters import RestShieldRequestParameters
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        d = dict(src_dict)

        def _parse_shield_type(data: object) -> BuiltinShield | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_shield_type_type_0 = BuiltinShield(data)

                return componentsschemas_shield_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuiltinShield | str, data)

        shield_type = _parse_shield_type(d.pop("shield_type"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:

            def _parse_messages_item(
                data: object,
            ) -> CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_0 = UserMessage.from_dict(data)

                    return componentsschemas_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_1 = SystemMessage.from_dict(data)

                    return componentsschemas_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_2 = ToolResponseMessage.from_dict(data)

                    return componentsschemas_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_type_3 = CompletionMessage.from_dict(data)

                return componentsschemas_message_type_3

            messages_item = _parse_messages_item(messages_item_data)

            messages.append(messages_item)

        _parameters = d.pop("parameters", UNSET)
        parameters: RestShieldRequestParameters | Unset
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = RestShieldRequestParameters.from_dict(_parameters)

        rest_shield_request = cls(
            shield_type=shield_type,
            messages=messages,
            parameters=parameters,
        )

        rest_shield_request.additional_properties = d
        return rest_shield_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
