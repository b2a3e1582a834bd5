"""Start an evaluation of a checkpoint's text generation, then follow the job."""

import os

from lls_client import Client
from lls_client.api.evaluations import evaluate_text_generation, get_evaluation_job_status
from lls_client.models import EvaluateTextGenerationRequest, EvaluationJob, EvaluationJobStatusResponse

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321")) as client:
    request = EvaluateTextGenerationRequest.from_dict(
        {
            "job_uuid": "eval-example",
            "dataset": {"columns": {"prompt": "text", "reference": "text"}, "content_url": "file:///tmp/eval.jsonl"},
            "checkpoint": {
                "identifier": "SmolLM2-135M-Instruct",
                "base_model": "SmolLM2-135M-Instruct",
                "created_at": "2024-07-23T00:00:00Z",
            },
            "sampling_params": {"max_tokens": 64},
            "metrics": ["perplexity", "rouge"],
        }
    )
    job = evaluate_text_generation.sync(client=client, body=request)
    if not isinstance(job, EvaluationJob):
        raise SystemExit(f"evaluate_text_generation failed: {job}")

    status = get_evaluation_job_status.sync(client=client, job_uuid=job.job_uuid)
    if not isinstance(status, EvaluationJobStatusResponse):
        raise SystemExit(f"get_evaluation_job_status failed: {status}")
    print(job.job_uuid, status.status)
