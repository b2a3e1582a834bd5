"""Generate synthetic answers to a prompt, keep the best ones, and save them as a dataset in the same call."""

import os

from lls_client import Client
from lls_client.api.datasets import delete_dataset, get_dataset
from lls_client.api.synthetic_data_generation import synthetic_data_generate
from lls_client.models import SyntheticDataGenerationRequest

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=120) as client:
    request = SyntheticDataGenerationRequest.from_dict(
        {
            "model": "SmolLM2-135M-Instruct",
            "dialogs": [{"role": "user", "content": "Write a haiku about llamas."}],
            "filtering_function": "top_k",
            "num_candidates": 4,
            "top_k": 2,
            "sampling_params": {"max_tokens": 32},
            "save_as_dataset_uuid": "haiku-example",
        }
    )
    generated = synthetic_data_generate.call(client=client, body=request)
    stats = generated.statistics
    print(f"{stats.num_kept} of {stats.num_candidates} kept, scores {stats.score_min:g} to {stats.score_max:g}")
    for sample in generated.synthetic_data:
        for candidate in sample.scored_generations:
            print(candidate.score, repr(candidate.message.content))

    # The kept candidates are a dataset now: a `dialog` (prompt and answer) and a `score` per row.
    dataset = get_dataset.call(client=client, dataset_uuid="haiku-example")
    print(generated.dataset_uuid, "has", dataset.row_count, "rows of", dataset.columns.to_dict())

    delete_dataset.call(client=client, dataset_uuid="haiku-example")
    print("deleted haiku-example")
