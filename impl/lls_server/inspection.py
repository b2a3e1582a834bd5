"""The Inspect API: is the server up, and which version is it."""

from lls_api import API_VERSION, models
from lls_api.interfaces import InspectApi

from . import __version__


class Inspection(InspectApi):
    async def health(self) -> models.HealthResponse:
        return models.HealthResponse(status="ok")

    async def version(self) -> models.VersionResponse:
        return models.VersionResponse(version=__version__, api_version=API_VERSION)
