"""Check that the server is up, and which version of the API it speaks."""

import os

from lls_client import Client
from lls_client.api.inspect import health, version

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321")) as client:
    print("health:", health.call(client=client).status)

    about = version.call(client=client)
    print(f"server {about.version}, API {about.api_version}")
