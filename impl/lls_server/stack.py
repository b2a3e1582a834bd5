"""Builds, from a run config, the API implementations and the app that serves them."""

from __future__ import annotations

from starlette.applications import Starlette

from lls_api.interfaces import API_INTERFACES

from .app import create_app
from .config import RunConfig
from .docs import docs_routes
from .inference import LlamaCppInference
from .inspection import Inspection
from .llama_engine import LlamaCppModel
from .memory_banks import MemoryBanks, create_memory_banks
from .model_registry import ModelRegistry

# Which class implements each API tag; a tag not listed answers 501 for every operation.
IMPLEMENTATIONS: dict[str, type] = {
    "Inspect": Inspection,
    "Models": ModelRegistry,
    "Inference": LlamaCppInference,
    "MemoryBanks": MemoryBanks,
}


def implemented_operations() -> set[str]:
    """The operationIds that some implementation overrides; the others answer 501."""
    done = set()
    for tag, implementation in IMPLEMENTATIONS.items():
        interface = API_INTERFACES[tag]
        for name, method in vars(interface).items():
            if callable(method) and not name.startswith("_") and getattr(implementation, name) is not method:
                done.add(name)
    return done


def create_server_app(config: RunConfig) -> Starlette:
    """Load every registered model, then serve the APIs this server implements; the rest answer 501."""
    loaded = {model.id: LlamaCppModel(model) for model in config.models}
    apis: dict[str, object] = {
        "Inspect": Inspection(loaded),
        "Models": ModelRegistry(loaded),
        "Inference": LlamaCppInference(loaded),
        "MemoryBanks": create_memory_banks(config, loaded),
    }
    # Models live as long as the process: an ASGI test client may run the lifespan once per request.
    return create_app(apis, extra_routes=docs_routes(), max_request_bytes=config.server.max_request_bytes)
