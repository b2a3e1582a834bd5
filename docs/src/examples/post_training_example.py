"""List the fine-tuning jobs, then follow the first one's status."""

import os

from lls_client import Client
from lls_client.api.post_training import get_post_training_job_status, list_post_training_jobs
from lls_client.models import PostTrainingJobStatusResponse

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321")) as client:
    jobs = list_post_training_jobs.sync(client=client)
    if not isinstance(jobs, list):
        raise SystemExit(f"list_post_training_jobs failed: {jobs}")
    print(f"{len(jobs)} jobs")
    for job in jobs[:1]:
        status = get_post_training_job_status.sync(client=client, job_uuid=job.job_uuid)
        if not isinstance(status, PostTrainingJobStatusResponse):
            raise SystemExit(f"get_post_training_job_status failed: {status}")
        print(job.job_uuid, status.status)
