"""The Models API: the models the run config registers, as their provider describes them."""

from collections.abc import Mapping
from typing import Protocol

from lls_api import models
from lls_api.interfaces import ModelsApi

from .errors import NotFound


class ModelDescriber(Protocol):
    """A served model that can say what it is."""

    def describe(self) -> models.PretrainedModel: ...


class ModelRegistry(ModelsApi):
    def __init__(self, providers: Mapping[str, ModelDescriber]):
        """`providers` maps each registered model id to the provider that serves it, in config order."""
        self._providers = providers

    async def list_models(self) -> list[models.PretrainedModel]:
        return [provider.describe() for provider in self._providers.values()]

    async def get_model(self, *, model_id: str) -> models.PretrainedModel:
        provider = self._providers.get(model_id)
        if provider is None:
            known = ", ".join(self._providers) or "none"
            raise NotFound(f"model {model_id!r} is not registered (registered: {known})")
        return provider.describe()
