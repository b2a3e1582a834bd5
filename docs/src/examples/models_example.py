"""List the models the server serves, then describe one of them."""

import os

from lls_client import Client
from lls_client.api.models import get_model, list_models

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321")) as client:
    for model in list_models.call(client=client):
        print(model.identifier, model.provider)

    model = get_model.call(client=client, model_id="SmolLM2-135M-Instruct")
    print(f"{model.architecture}, {model.parameter_count} parameters, {model.context_length} tokens of context")
