"""The shields a run config sets up, by shield type: built-in ones this server runs, and the REST shields it names."""

from __future__ import annotations

from collections.abc import Mapping

from lls_api.models import BuiltinShield

from ..config import RestEndpointConfig, RunConfig
from ..inference.llama_engine import LlamaCppModel
from .code_scanner import CodeScanner
from .llama_guard import LlamaGuardShield
from .prompt_guard import InjectionShield, JailbreakShield, PromptGuardClassifier
from .rest_shield import RestShield
from .shield import Shield

# Where the run config sets up each built-in shield, for the 400 that names one a request asks for in vain.
SETUP: dict[str, str] = {
    BuiltinShield.llama_guard: "safety.llama_guard (a registered Llama Guard 3 model)",
    BuiltinShield.code_scanner_guard: "safety.code_scanner.enabled",
    BuiltinShield.third_party_shield: "safety.third_party, or give the shield an execution_config",
    BuiltinShield.injection_shield: "safety.prompt_guard (a prompt-injection classifier)",
    BuiltinShield.jailbreak_shield: "safety.prompt_guard (a jailbreak classifier)",
}
# The built-in shields that run in this server: an execution_config is for the others.
IN_SERVER: set[str] = {
    BuiltinShield.llama_guard,
    BuiltinShield.code_scanner_guard,
    BuiltinShield.injection_shield,
    BuiltinShield.jailbreak_shield,
}


def build_shields(config: RunConfig, served_models: Mapping[str, LlamaCppModel]) -> dict[str, Shield]:
    """The shields `config.safety` sets up; `served_models`, the registered models, are what a guard model runs on."""
    safety = config.safety
    shields: dict[str, Shield] = {}
    if safety.llama_guard:  # the config checked that its model is registered
        guard = safety.llama_guard
        shields[BuiltinShield.llama_guard.value] = LlamaGuardShield(
            served_models[guard.model], guard.excluded_categories
        )
    if safety.code_scanner.enabled:
        shields[BuiltinShield.code_scanner_guard.value] = CodeScanner(safety.code_scanner)
    if safety.prompt_guard:
        classifier = PromptGuardClassifier(safety.prompt_guard.model_dir)
        shields[BuiltinShield.injection_shield.value] = InjectionShield(
            classifier, safety.prompt_guard.injection_threshold
        )
        if classifier.detects_jailbreak:  # a classifier of injections alone leaves jailbreak_shield unset
            shields[BuiltinShield.jailbreak_shield.value] = JailbreakShield(
                classifier, safety.prompt_guard.jailbreak_threshold
            )
    if safety.third_party:
        description = "A third-party REST shield of the run config: the messages are sent to its endpoint, which judges"
        name = BuiltinShield.third_party_shield.value
        shields[name] = configured_rest_shield(config, name, safety.third_party, description, "safety.third_party")
    for number, custom in enumerate(safety.custom):
        shields[custom.shield_type] = configured_rest_shield(
            config,
            custom.shield_type,
            custom.execution_config,
            custom.description,
            f"safety.custom[{number}].execution_config",
        )
    return shields


def configured_rest_shield(
    config: RunConfig, shield_type: str, endpoint: RestEndpointConfig, description: str, setting: str
) -> RestShield:
    """The REST shield at `endpoint`, which the run config sets at `setting`."""
    if endpoint.timeout_seconds is None:
        timeout, timeout_setting = config.safety.rest_timeout_seconds, "safety.rest_timeout_seconds"
    else:
        timeout, timeout_setting = endpoint.timeout_seconds, f"{setting}.timeout_seconds"
    return RestShield(
        shield_type,
        endpoint.execution_config(),
        description,
        config.outgoing.address_policy(),
        timeout,
        timeout_setting,
    )
