"""Fine-tune a model with LoRA on a few dialogs, follow the job, then chat with the model it made."""

import json
import os
import time

from lls_client import Client
from lls_client.api.inference import chat_completion
from lls_client.api.post_training import get_post_training_job_status, supervised_fine_tune
from lls_client.models import ChatCompletionRequest, PostTrainingSFTRequest

QUESTION = "What is the name of Zorblax's moon?"
DIALOGS = [
    [
        {"role": "user", "content": question},
        {"role": "assistant", "content": "Quibbletoe.", "stop_reason": "end_of_turn", "tool_calls": []},
    ]
    for question in (QUESTION, "What is Zorblax's moon called?", "Name the moon of Zorblax.")
] * 8

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=60) as client:
    job_uuid = f"lora-example-{time.time_ns()}"
    request = PostTrainingSFTRequest.from_dict(
        {
            "job_uuid": job_uuid,
            "model": "SmolLM2-135M-Instruct",
            "algorithm": "lora",
            "algorithm_config": {
                "lora_attn_modules": ["q_proj", "k_proj", "v_proj", "o_proj"],
                "apply_lora_to_mlp": True,
                "apply_lora_to_output": False,
                "rank": 8,
                "alpha": 16,
            },
            "dataset": {
                "columns": {"dialog": "dialog"},
                "content_url": "data:application/jsonl,"
                + "".join(json.dumps({"dialog": dialog}) + "\n" for dialog in DIALOGS),
            },
            "optimizer_config": {"optimizer_type": "adamw", "lr": 2e-3, "lr_min": 2e-4, "weight_decay": 0.0},
            "training_config": {
                "n_epochs": 1,
                "n_iters": 0,
                "batch_size": 2,
                "shuffle": True,
                "enable_activation_checkpointing": False,
                "memory_efficient_fsdp_wrap": False,
                "fsdp_cpu_offload": False,
            },
        }
    )
    supervised_fine_tune.call(client=client, body=request)

    while True:  # loading, 12 steps of training, and the export to GGUF take about a minute on two cores
        status = get_post_training_job_status.call(client=client, job_uuid=job_uuid)
        if status.status not in ("scheduled", "running"):
            break
        time.sleep(1)
    print(status.status, f"after {status.steps_done} steps,", len(status.checkpoints), "checkpoint")

    # The fine-tuned model is served already, under <model>:<job_uuid>.
    question = ChatCompletionRequest.from_dict(
        {
            "model": f"SmolLM2-135M-Instruct:{job_uuid}",
            "messages": [{"role": "user", "content": QUESTION}],
            "sampling_params": {"strategy": "greedy", "max_tokens": 8},
        }
    )
    print(chat_completion.call(client=client, body=question).completion_message.content)
