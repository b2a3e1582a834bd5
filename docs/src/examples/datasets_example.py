"""Register a dataset of question and answer texts, read it back, then delete it."""

import os

from lls_client import Client
from lls_client.api.datasets import create_dataset, delete_dataset, get_dataset
from lls_client.models import CreateDatasetRequest, Error, TrainEvalDataset

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321")) as client:
    request = CreateDatasetRequest.from_dict(
        {
            "uuid": "qa-example",
            "dataset": {
                "columns": {"question": "text", "answer": "text"},
                "content_url": "file:///tmp/qa.jsonl",
            },
        }
    )
    created = create_dataset.sync(client=client, body=request)
    if isinstance(created, Error):
        raise SystemExit(f"create_dataset failed: {created}")

    dataset = get_dataset.sync(client=client, dataset_uuid="qa-example")
    if not isinstance(dataset, TrainEvalDataset):
        raise SystemExit(f"get_dataset failed: {dataset}")
    print(dataset.content_url, dataset.columns.to_dict())

    delete_dataset.sync(client=client, dataset_uuid="qa-example")
