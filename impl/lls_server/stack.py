"""Builds, from a run config, the API implementations and the app that serves them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from starlette.applications import Starlette

from lls_api.interfaces import API_INTERFACES

from .agents.api import Agents, create_agents
from .app import create_app
from .config import RunConfig
from .datasets import Datasets, create_datasets
from .docs import docs_routes
from .evaluations import Evaluations, create_evaluations
from .inference import LlamaCppInference
from .inference.llama_engine import LlamaCppModel
from .inspection import Inspection
from .memory import MemoryBanks, create_memory_banks
from .model_registry import ModelRegistry
from .observability import StackCollector
from .openai import OpenAICompatible, create_openai
from .post_training.api import PostTraining, create_post_training
from .rewards import RewardScoring, SyntheticDataGeneration, create_reward_scoring, create_synthetic_data_generation
from .safety import Safety, create_safety

log = logging.getLogger("lls.stack")

# A builder gets the run config, the loaded models and the APIs built before it (an API builds on those above it).
Builder = Callable[[RunConfig, Mapping[str, LlamaCppModel], Mapping[str, object]], object]


@dataclass(frozen=True)
class Implementation:
    """The class that implements an API tag (the status table reads it), and how to build it (the server uses it)."""

    cls: type
    build: Builder


def _served_models(cls: Callable[[Mapping[str, LlamaCppModel]], object]) -> Builder:
    return lambda config, loaded, apis: cls(loaded)


# The one registry: a tag not listed answers 501 for every operation.
IMPLEMENTATIONS: dict[str, Implementation] = {
    "Inspect": Implementation(Inspection, _served_models(Inspection)),
    "Models": Implementation(ModelRegistry, _served_models(ModelRegistry)),
    "Inference": Implementation(LlamaCppInference, _served_models(LlamaCppInference)),
    "MemoryBanks": Implementation(MemoryBanks, lambda config, loaded, apis: create_memory_banks(config, loaded)),
    "Safety": Implementation(Safety, lambda config, loaded, apis: create_safety(config, loaded)),
    "AgenticSystem": Implementation(Agents, create_agents),
    "Datasets": Implementation(Datasets, lambda config, loaded, apis: create_datasets(config, loaded)),
    "RewardScoring": Implementation(RewardScoring, create_reward_scoring),
    "Evaluations": Implementation(Evaluations, lambda config, loaded, apis: create_evaluations(config, apis)),
    "PostTraining": Implementation(PostTraining, create_post_training),
    "SyntheticDataGeneration": Implementation(SyntheticDataGeneration, create_synthetic_data_generation),
    "OpenAI": Implementation(OpenAICompatible, create_openai),
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


@runtime_checkable
class Closeable(Protocol):
    def close(self) -> None: ...


@runtime_checkable
class Running(Protocol):
    """An implementation with work of its own beside requests (jobs): started in the server's event loop once
    everything is open, stopped before anything is closed."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class Stack:
    """What a run config opens: its models, then the API implementations built on them (`apis`, by tag).

    The stack owns the models. An implementation with a `close` method owns what it opened itself (the
    memory banks: Chroma, SQLite) and is closed before the models it may embed with.
    """

    def __init__(self, config: RunConfig):
        self.config = config
        self.models: dict[str, LlamaCppModel] = {}
        self.apis: dict[str, object] = {}
        self._opened: list[tuple[str, Closeable]] = []  # in the order they were opened
        self.closed = True

    def open(self) -> None:
        """Load every registered model, then build every API; what was opened is closed again if one fails."""
        loaded: dict[str, LlamaCppModel] = {}
        apis: dict[str, object] = {}
        try:
            for model in self.config.models:
                loaded[model.id] = LlamaCppModel(model)
                self._opened.append((f"model {model.id!r}", loaded[model.id]))
            for tag, implementation in IMPLEMENTATIONS.items():
                api = implementation.build(self.config, loaded, apis)
                if not isinstance(api, implementation.cls):  # the status table would describe another class
                    raise TypeError(f"{tag}: built a {type(api).__name__}, registered as {implementation.cls.__name__}")
                if isinstance(api, Closeable):
                    self._opened.append((f"the {tag} API", api))
                apis[tag] = api
        except BaseException:
            self.close()
            raise
        self.models = loaded
        self.apis.clear()  # in place: the app reads this very mapping
        self.apis.update(apis)
        self.closed = False

    def close(self) -> None:
        """Close what was opened, last first. One that fails to close is logged; the rest are closed all the same."""
        while self._opened:
            name, resource = self._opened.pop()
            try:
                resource.close()
            except Exception:
                log.exception("closing %s failed", name)
        self.closed = True


def create_server_app(config: RunConfig) -> Starlette:
    """Load every registered model and serve the APIs this server implements; the rest answer 501.

    Everything is opened here, so that what cannot start fails before the server listens (see cli.py), and
    closed when the app's lifespan ends. A lifespan started again (a test client may run one per test)
    opens it all anew.
    """
    stack = Stack(config)
    stack.open()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if stack.closed:
            await asyncio.to_thread(stack.open)
        running = [api for api in stack.apis.values() if isinstance(api, Running)]
        try:
            for api in running:
                await api.start()
            yield
        finally:
            for api in reversed(running):
                await api.stop()
            await asyncio.to_thread(stack.close)

    app = create_app(
        stack.apis,
        lifespan=lifespan,
        extra_routes=docs_routes(),
        max_request_bytes=config.server.max_request_bytes,
        collectors=[StackCollector(stack)],
    )
    app.state.stack = stack
    return app
