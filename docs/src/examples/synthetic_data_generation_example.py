"""Generate synthetic answers to a prompt and keep the best ones."""

import os

from lls_client import Client
from lls_client.api.synthetic_data_generation import synthetic_data_generate
from lls_client.models import SyntheticDataGenerationRequest, SyntheticDataGenerationResponse

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=120) as client:
    request = SyntheticDataGenerationRequest.from_dict(
        {
            "model": "SmolLM2-135M-Instruct",
            "dialogs": [{"role": "user", "content": "Write a haiku about llamas."}],
            "filtering_function": "top_k",
        }
    )
    generated = synthetic_data_generate.sync(client=client, body=request)
    if not isinstance(generated, SyntheticDataGenerationResponse):
        raise SystemExit(f"synthetic_data_generate failed: {generated}")
    for sample in generated.synthetic_data:
        for candidate in sample.scored_generations:
            print(candidate.score, candidate.message.content)
