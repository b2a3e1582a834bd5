from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.filtering_function import FilteringFunction
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.completion_message import CompletionMessage
    from ..models.system_message import SystemMessage
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="SyntheticDataGenerationRequest")


@_attrs_define
class SyntheticDataGenerationRequest:
    """Request to generate synthetic data. A small batch of prompts and a filtering function

    Attributes:
        dialogs (list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]):
        filtering_function (FilteringFunction): Which generations to keep.
        model (str | Unset): The id of a model registered with this server (see `/models/list`).
    """

    dialogs: list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]
    filtering_function: FilteringFunction
    model: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        dialogs = []
        for dialogs_item_data in self.dialogs:
            dialogs_item: dict[str, Any]
            if (
                isinstance(dialogs_item_data, UserMessage)
                or isinstance(dialogs_item_data, SystemMessage)
                or isinstance(dialogs_item_data, ToolResponseMessage)
            ):
                dialogs_item = dialogs_item_data.to_dict()
            else:
                dialogs_item = dialogs_item_data.to_dict()

            dialogs.append(dialogs_item)

        filtering_function = self.filtering_function.value

        model = self.model

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dialogs": dialogs,
                "filtering_function": filtering_function,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.completion_message import CompletionMessage
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        d = dict(src_dict)
        dialogs = []
        _dialogs = d.pop("dialogs")
        for dialogs_item_data in _dialogs:

            def _parse_dialogs_item(
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

            dialogs_item = _parse_dialogs_item(dialogs_item_data)

            dialogs.append(dialogs_item)

        filtering_function = FilteringFunction(d.pop("filtering_function"))

        model = d.pop("model", UNSET)

        synthetic_data_generation_request = cls(
            dialogs=dialogs,
            filtering_function=filtering_function,
            model=model,
        )

        return synthetic_data_generation_request
