"""Stream a chat answer token by token, then embed two texts."""

import os

from lls_client import Client, streaming
from lls_client.api.inference import embeddings
from lls_client.models import (
    ChatCompletionRequest,
    EmbeddingsRequest,
    SamplingParams,
    SystemMessage,
    UserMessage,
)

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=120) as client:
    request = ChatCompletionRequest(
        model="SmolLM2-135M-Instruct",
        messages=[
            SystemMessage(role="system", content="You answer in one sentence."),
            UserMessage(role="user", content="What is a llama?"),
        ],
        sampling_params=SamplingParams(max_tokens=48),
    )
    # Events come as the model writes: `start`, `progress` with a text delta each, then `complete`.
    for chunk in streaming.chat_completion(client=client, body=request):
        event = chunk.event
        if isinstance(event.delta, str):
            print(event.delta, end="", flush=True)
        if event.stop_reason:
            print(f"\n[stopped: {event.stop_reason}]")

    vectors = embeddings.call(
        client=client,
        body=EmbeddingsRequest(model="SmolLM2-135M-Instruct", contents=["a llama", "an alpaca"]),
    )
    print(f"{len(vectors.embeddings)} vectors of {vectors.dimension} numbers")
