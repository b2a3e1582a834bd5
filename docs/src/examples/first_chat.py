"""A first chat: send a dialog to the default model and print its answer."""

import os

from lls_client import Client
from lls_client.api.inference import chat_completion
from lls_client.models import ChatCompletionRequest, ChatCompletionResponse, SamplingParams, UserMessage

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=120) as client:
    request = ChatCompletionRequest(
        model="SmolLM2-135M-Instruct",
        messages=[UserMessage(role="user", content="Name three colours of the rainbow.")],
        sampling_params=SamplingParams(max_tokens=48),
    )
    answer = chat_completion.sync(client=client, body=request)
    if not isinstance(answer, ChatCompletionResponse):
        raise SystemExit(f"chat_completion failed: {answer}")
    print(answer.completion_message.content)
