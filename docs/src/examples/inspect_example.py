"""Check that the server is up, and which version of the API it speaks."""

import os

from lls_client import Client
from lls_client.api.inspect import health, version
from lls_client.models import HealthResponse, VersionResponse

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321")) as client:
    status = health.sync(client=client)
    if not isinstance(status, HealthResponse):
        raise SystemExit(f"health failed: {status}")
    print("health:", status.status)

    about = version.sync(client=client)
    if not isinstance(about, VersionResponse):
        raise SystemExit(f"version failed: {about}")
    print(f"server {about.version}, API {about.api_version}")
