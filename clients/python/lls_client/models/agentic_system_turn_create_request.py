from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agentic_system_instance_config import AgenticSystemInstanceConfig
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="AgenticSystemTurnCreateRequest")


@_attrs_define
class AgenticSystemTurnCreateRequest:
    """
    Attributes:
        messages (list[ToolResponseMessage | UserMessage]):
        session_id (str):
        system_id (str):
        override_config (AgenticSystemInstanceConfig | Unset): What an agentic system is: its instructions (the system
            prompt of every turn), the tools it may call, the shields on its input and output, how it samples. A turn's
            `override_config` replaces these fields, those it gives, for that turn.
        stream (bool | Unset): Answer with a `text/event-stream` of turn events instead of the finished turn. Default:
            False.
    """

    messages: list[ToolResponseMessage | UserMessage]
    session_id: str
    system_id: str
    override_config: AgenticSystemInstanceConfig | Unset = UNSET
    stream: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.user_message import UserMessage

        messages = []
        for messages_item_data in self.messages:
            messages_item: dict[str, Any]
            if isinstance(messages_item_data, UserMessage):
                messages_item = messages_item_data.to_dict()
            else:
                messages_item = messages_item_data.to_dict()

            messages.append(messages_item)

        session_id = self.session_id

        system_id = self.system_id

        override_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.override_config, Unset):
            override_config = self.override_config.to_dict()

        stream = self.stream

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "messages": messages,
                "session_id": session_id,
                "system_id": system_id,
            }
        )
        if override_config is not UNSET:
            field_dict["override_config"] = override_config
        if stream is not UNSET:
            field_dict["stream"] = stream

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.agentic_system_instance_config import AgenticSystemInstanceConfig
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        d = dict(src_dict)
        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:

            def _parse_messages_item(data: object) -> ToolResponseMessage | UserMessage:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_turn_input_message_type_0 = UserMessage.from_dict(data)

                    return componentsschemas_turn_input_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_turn_input_message_type_1 = ToolResponseMessage.from_dict(data)

                return componentsschemas_turn_input_message_type_1

            messages_item = _parse_messages_item(messages_item_data)

            messages.append(messages_item)

        session_id = d.pop("session_id")

        system_id = d.pop("system_id")

        _override_config = d.pop("override_config", UNSET)
        override_config: AgenticSystemInstanceConfig | Unset
        if isinstance(_override_config, Unset):
            override_config = UNSET
        else:
            override_config = AgenticSystemInstanceConfig.from_dict(_override_config)

        stream = d.pop("stream", UNSET)

        agentic_system_turn_create_request = cls(
            messages=messages,
            session_id=session_id,
            system_id=system_id,
            override_config=override_config,
            stream=stream,
        )

        return agentic_system_turn_create_request
