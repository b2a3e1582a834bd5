"""Evaluate a model's question answering on a small dataset, follow the job, then read its metrics and rows."""

import json
import os
import time

from lls_client import Client
from lls_client.api.evaluations import (
    evaluate_question_answering,
    get_evaluation_job_artifacts,
    get_evaluation_job_rows,
    get_evaluation_job_status,
)
from lls_client.models import EvaluateQuestionAnsweringRequest

# Each row asks `input_query` and accepts any of `expected_answer`'s answers.
ROWS = [
    {"input_query": "What is the capital of France?", "expected_answer": ["Paris"]},
    {"input_query": "What is 2 + 2?", "expected_answer": ["4", "four"]},
]

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=60) as client:
    request = EvaluateQuestionAnsweringRequest.from_dict(
        {
            "job_uuid": f"qa-example-{time.time_ns()}",
            "checkpoint": {"identifier": "SmolLM2-135M-Instruct"},
            "dataset": {
                "columns": {"input_query": "text", "expected_answer": "json"},
                "content_url": "data:application/jsonl," + "".join(json.dumps(row) + "\n" for row in ROWS),
            },
            "sampling_params": {"strategy": "greedy", "max_tokens": 16},
            "metrics": ["em", "f1"],
        }
    )
    job = evaluate_question_answering.call(client=client, body=request)

    while True:  # the job runs beside the server's other requests
        status = get_evaluation_job_status.call(client=client, job_uuid=job.job_uuid)
        if status.status not in ("scheduled", "running"):
            break
        time.sleep(0.5)
    print(status.status, f"{status.rows_done} of {status.rows_total} rows")

    artifacts = get_evaluation_job_artifacts.call(client=client, job_uuid=job.job_uuid)
    print(", ".join(f"{name} {value:.1f}" for name, value in sorted(artifacts.metrics.to_dict().items())))

    rows = get_evaluation_job_rows.call(client=client, job_uuid=job.job_uuid)  # JSON Lines, a row a line
    for line in rows.payload:
        row = json.loads(line)
        print(row["row"], repr(row["prediction"]), row["scores"])
