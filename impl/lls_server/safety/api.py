"""The Safety API: the shields a request names, run together on its messages, each verdict as its action has it.

`Safety.check` is also how agents run their input and output shields; `shield_response` is the one reading of
`on_violation_action` (the spec's OnViolationAction says what each means).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from lls_api import models
from lls_api.interfaces import SafetyApi

from ..concurrency import all_or_first_error
from ..config import RunConfig, SafetyConfig
from ..errors import ApiError, BadGateway, InvalidRequest, TimedOut
from ..inference.chat_format import Message
from ..inference.llama_engine import LlamaCppModel
from ..url_policy import AddressPolicy
from .registry import IN_SERVER, SETUP, build_shields
from .rest_shield import RestShield
from .shield import Shield, Verdict

IGNORE, RAISE = models.OnViolationAction(0), models.OnViolationAction(2)
SHIELD_ERROR = "shield_error"
# What a shield raises when it could not reach a verdict (a REST shield's endpoint, a guard model): reported in
# the verdict, as the server's fail_closed setting has it. Other errors (a 400, a busy model's 503) fail the request.
SHIELD_FAILURES = (BadGateway, TimedOut)


def shield_response(
    shield_type: str, outcome: Verdict | ApiError, action: models.OnViolationAction, *, fail_closed: bool
) -> models.ShieldResponse:
    """A shield's verdict, or the error it failed with, as `action` has it.

    Whatever the action, `violation_type` records what was found. 0 ignore: nothing more. 1 warn: the message
    too. 2 raise: the message, and `is_violation`, which ends an agent's turn. A shield that failed found
    `shield_error` when the server fails closed, and nothing otherwise; either way `error` says why.
    """
    if isinstance(outcome, ApiError):
        error = outcome.detail
        unsafe = f"{shield_type} could not check the messages, so they are held to be unsafe."
        verdict = Verdict(SHIELD_ERROR, unsafe) if fail_closed else Verdict()
    else:
        error, verdict = None, outcome
    return models.ShieldResponse(
        shield_type=shield_type,
        is_violation=verdict.is_violation and action == RAISE,
        violation_type=verdict.violation_type,
        violation_return_message=verdict.message if verdict.is_violation and action != IGNORE else None,
        error=error,
    )


async def verdict_of(shield: Shield, messages: Sequence[Message]) -> Verdict | ApiError:
    """The shield's verdict, or the error it could not reach one for."""
    try:
        return await shield.check(messages)
    except SHIELD_FAILURES as exc:
        return exc


class Safety(SafetyApi):
    def __init__(self, shields: Mapping[str, Shield], config: SafetyConfig, policy: AddressPolicy):
        """`shields`: those the run config sets up, by type; `policy`: where REST shields that requests name may be."""
        self.shields = shields
        self.config = config
        self.policy = policy

    async def list_shields(self) -> list[models.Shield]:
        return [models.Shield(shield_type=s.shield_type, description=s.description) for s in self.shields.values()]

    async def run_shields(self, *, body: models.RunShieldsRequest) -> models.RunShieldsResponse:
        return models.RunShieldsResponse(responses=await self.check(body.shields, body.messages))

    async def check(
        self, definitions: Sequence[models.ShieldDefinition], messages: Sequence[Message]
    ) -> list[models.ShieldResponse]:
        """Every shield `definitions` name, on the messages at once: one verdict each, in order."""
        shields = self.resolve(definitions)
        outcomes = await all_or_first_error(verdict_of(shield, messages) for shield in shields)
        return [
            shield_response(
                shield.shield_type, found, definition.on_violation_action, fail_closed=self.config.fail_closed
            )
            for shield, found, definition in zip(shields, outcomes, definitions, strict=True)
        ]

    def resolve(self, definitions: Sequence[models.ShieldDefinition]) -> list[Shield]:
        """The shield each definition names; a 400 names every one this server cannot run."""
        shields, problems = [], []
        for definition in definitions:
            try:
                shields.append(self._shield(definition))
            except InvalidRequest as exc:
                problems.append(exc.detail)
        if problems:
            raise InvalidRequest("; ".join(problems))
        return shields

    def _shield(self, definition: models.ShieldDefinition) -> Shield:
        name = definition.shield_type
        name = name.value if isinstance(name, models.BuiltinShield) else name
        if definition.execution_config is not None:
            if name in IN_SERVER:
                raise InvalidRequest(f"shield {name!r} runs in this server: execution_config is for REST shields")
            return RestShield(
                name,
                definition.execution_config,
                "A REST shield at the request's execution_config",
                self.policy,
                self.config.rest_timeout_seconds,
                "safety.rest_timeout_seconds",
                definition.parameters or {},
            )
        shield = self.shields.get(name)
        if shield is None and name in SETUP:
            raise InvalidRequest(f"shield {name!r} is not set up on this server: see {SETUP[name]} in the run config")
        if shield is None:
            offered = ", ".join(self.shields) or "none"
            raise InvalidRequest(
                f"unknown shield type {name!r}: neither built in nor among the run config's (shields here: {offered}), "
                "and the request gives no execution_config for it"
            )
        if not definition.parameters:
            return shield
        if not isinstance(shield, RestShield):
            raise InvalidRequest(f"shield {name!r} takes no parameters: they are for REST shields")
        return dataclasses.replace(shield, parameters=definition.parameters)


def create_safety(config: RunConfig, served_models: Mapping[str, LlamaCppModel]) -> Safety:
    return Safety(build_shields(config, served_models), config.safety, config.outgoing.address_policy())
