"""List the models the server serves, then describe one of them."""

import os

from lls_client import Client
from lls_client.api.models import get_model, list_models
from lls_client.models import PretrainedModel

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321")) as client:
    registered = list_models.sync(client=client)
    if not isinstance(registered, list):
        raise SystemExit(f"list_models failed: {registered}")
    for model in registered:
        print(model.identifier, model.provider)

    model = get_model.sync(client=client, model_id="SmolLM2-135M-Instruct")
    if not isinstance(model, PretrainedModel):
        raise SystemExit(f"get_model failed: {model}")
    print(f"{model.architecture}, {model.parameter_count} parameters, {model.context_length} tokens of context")
