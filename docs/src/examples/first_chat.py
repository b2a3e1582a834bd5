"""A first chat: send a dialog to the default model and print its answer."""

import os

from lls_client import Client
from lls_client.api.inference import chat_completion
from lls_client.models import ChatCompletionRequest, SamplingParams, UserMessage

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=120) as client:
    request = ChatCompletionRequest(
        model="SmolLM2-135M-Instruct",
        messages=[UserMessage(role="user", content="Name three colours of the rainbow.")],
        sampling_params=SamplingParams(max_tokens=48),
    )
    # `call` returns the answer, or raises lls_client.errors.ApiError with the server's problem document.
    answer = chat_completion.call(client=client, body=request)
    print(answer.completion_message.content)
