"""Builds, from a run config, the API implementations and the app that serves them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from starlette.applications import Starlette

from lls_api.interfaces import API_INTERFACES

from .app import create_app
from .config import RunConfig
from .docs import docs_routes
from .inference import LlamaCppInference
from .inference.llama_engine import LlamaCppModel
from .inspection import Inspection
from .memory import MemoryBanks, create_memory_banks
from .model_registry import ModelRegistry

Builder = Callable[[RunConfig, Mapping[str, LlamaCppModel]], object]


@dataclass(frozen=True)
class Implementation:
    """The class that implements an API tag (the status table reads it), and how to build it (the server uses it)."""

    cls: type
    build: Builder


def _served_models(cls: Callable[[Mapping[str, LlamaCppModel]], object]) -> Builder:
    return lambda config, loaded: cls(loaded)


# The one registry: a tag not listed answers 501 for every operation.
IMPLEMENTATIONS: dict[str, Implementation] = {
    "Inspect": Implementation(Inspection, _served_models(Inspection)),
    "Models": Implementation(ModelRegistry, _served_models(ModelRegistry)),
    "Inference": Implementation(LlamaCppInference, _served_models(LlamaCppInference)),
    "MemoryBanks": Implementation(MemoryBanks, create_memory_banks),
}


def implemented_operations() -> set[str]:
    """The operationIds that some implementation overrides; the others answer 501."""
    done = set()
    for tag, implementation in IMPLEMENTATIONS.items():
        interface = API_INTERFACES[tag]
        for name, method in vars(interface).items():
            if callable(method) and not name.startswith("_") and getattr(implementation.cls, name) is not method:
                done.add(name)
    return done


def create_server_app(config: RunConfig) -> Starlette:
    """Load every registered model, then serve the APIs this server implements; the rest answer 501."""
    loaded = {model.id: LlamaCppModel(model) for model in config.models}
    apis: dict[str, object] = {}
    for tag, implementation in IMPLEMENTATIONS.items():
        api = implementation.build(config, loaded)
        if not isinstance(api, implementation.cls):  # the status table would describe another class
            raise TypeError(f"{tag}: built a {type(api).__name__}, registered as {implementation.cls.__name__}")
        apis[tag] = api
    # Models live as long as the process: an ASGI test client may run the lifespan once per request.
    return create_app(apis, extra_routes=docs_routes(), max_request_bytes=config.server.max_request_bytes)
