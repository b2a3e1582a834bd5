"""The Inspect API: is the server up, are its models serving, and which version is it."""

from collections.abc import Mapping

from lls_api import API_VERSION, models
from lls_api.interfaces import InspectApi

from . import __version__
from .inference.llama_engine import LlamaCppModel


class Inspection(InspectApi):
    def __init__(self, served: Mapping[str, LlamaCppModel]):
        self._models = served

    async def health(self) -> models.HealthResponse:
        states = []
        for model_id, model in self._models.items():
            state, detail = model.health.state()
            states.append(models.ModelHealth(model=model_id, status=models.ModelServingState(state), detail=detail))
        serving = all(state.status == models.ModelServingState.serving for state in states)
        return models.HealthResponse(
            status=models.HealthStatus.ok if serving else models.HealthStatus.degraded, models=states
        )

    async def version(self) -> models.VersionResponse:
        return models.VersionResponse(version=__version__, api_version=API_VERSION)
