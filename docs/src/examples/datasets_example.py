"""Register a dataset of question and answer texts, read it back, then delete it."""

import os

from lls_client import Client
from lls_client.api.datasets import create_dataset, delete_dataset, get_dataset
from lls_client.models import CreateDatasetRequest

# Two rows of JSON Lines in a data: URL; a file:// URL (in `datasets.allowed_dirs`) or an http(s):// one also
# works, and CSV or Parquet rows too.
ROWS = '{"question": "What do llamas eat?", "answer": "Grass and hay."}\n{"question": "2 + 2?", "answer": "4"}\n'

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321")) as client:
    request = CreateDatasetRequest.from_dict(
        {
            "uuid": "qa-example",
            "dataset": {
                "columns": {"question": "text", "answer": "text"},
                "content_url": "data:application/jsonl," + ROWS.replace("\n", "%0A"),
            },
        }
    )
    create_dataset.call(client=client, body=request)  # `call` raises lls_client.errors.ApiError if refused

    dataset = get_dataset.call(client=client, dataset_uuid="qa-example")
    print(dataset.row_count, "rows of", dataset.media_type, dataset.columns.to_dict())
    print("sha256", dataset.content_sha256)

    delete_dataset.call(client=client, dataset_uuid="qa-example")
    print("deleted qa-example")
