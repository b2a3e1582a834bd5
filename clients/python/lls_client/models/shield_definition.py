from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.builtin_shield import BuiltinShield
from ..models.on_violation_action import OnViolationAction
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rest_api_execution_config import RestAPIExecutionConfig
    from ..models.shield_definition_parameters import ShieldDefinitionParameters


T = TypeVar("T", bound="ShieldDefinition")


@_attrs_define
class ShieldDefinition:
    """A shield to run, and what its finding does.

    Attributes:
        on_violation_action (OnViolationAction): What to do when a shield finds a violation: 0 ignore, 1 warn, 2 raise
            an error. This server's reading of the draft: whatever the action, the verdict records what was found
            (`violation_type`). 0 ignore: nothing more; `is_violation` is false and there is no `violation_return_message`.
            1 warn: the verdict carries the warning (`violation_return_message`), but `is_violation` is false: an agent's
            turn goes on, with the warning in its `shield_call` step. 2 raise: `is_violation` is true and the verdict
            carries the message: an agent's turn ends with it. `/safety/run_shields` reports each verdict so, and never
            fails for a violation.
        shield_type (BuiltinShield | str): A built-in shield's name, or a custom shield's.
        description (str | Unset):
        execution_config (RestAPIExecutionConfig | Unset):
        parameters (ShieldDefinitionParameters | Unset): Passed as given to a REST shield, in its `RestShieldRequest`;
            the shields this server runs itself take none.
    """

    on_violation_action: OnViolationAction
    shield_type: BuiltinShield | str
    description: str | Unset = UNSET
    execution_config: RestAPIExecutionConfig | Unset = UNSET
    parameters: ShieldDefinitionParameters | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        on_violation_action = self.on_violation_action.value

        shield_type: str
        if isinstance(self.shield_type, BuiltinShield):
            shield_type = self.shield_type.value
        else:
            shield_type = self.shield_type

        description = self.description

        execution_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.execution_config, Unset):
            execution_config = self.execution_config.to_dict()

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "on_violation_action": on_violation_action,
                "shield_type": shield_type,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if execution_config is not UNSET:
            field_dict["execution_config"] = execution_config
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rest_api_execution_config import RestAPIExecutionConfig
        from ..models.shield_definition_parameters import ShieldDefinitionParameters

        d = dict(src_dict)
        on_violation_action = OnViolationAction(d.pop("on_violation_action"))

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

        description = d.pop("description", UNSET)

        _execution_config = d.pop("execution_config", UNSET)
        execution_config: RestAPIExecutionConfig | Unset
        if isinstance(_execution_config, Unset):
            execution_config = UNSET
        else:
            execution_config = RestAPIExecutionConfig.from_dict(_execution_config)

        _parameters = d.pop("parameters", UNSET)
        parameters: ShieldDefinitionParameters | Unset
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = ShieldDefinitionParameters.from_dict(_parameters)

        shield_definition = cls(
            on_violation_action=on_violation_action,
            shield_type=shield_type,
            description=description,
            execution_config=execution_config,
            parameters=parameters,
        )

        return shield_definition
