"""Chat, stream and embed through the OpenAI-compatible API, with OpenAI's own Python SDK."""

import os

from openai import OpenAI

client = OpenAI(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321") + "/v1", api_key="not-needed")
print([model.id for model in client.models.list()])

answer = client.chat.completions.create(
    model="SmolLM2-135M-Instruct",
    messages=[{"role": "user", "content": "Say hello."}],
    max_tokens=32,
)
print(answer.choices[0].message.content)
print(f"{answer.choices[0].finish_reason}, {answer.usage.completion_tokens} tokens")

stream = client.chat.completions.create(
    model="SmolLM2-135M-Instruct",
    messages=[{"role": "user", "content": "Count to five."}],
    max_tokens=32,
    stream=True,
    stream_options={"include_usage": True},
)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
    if chunk.usage:
        print(f"\n[{chunk.usage.completion_tokens} tokens]")

vectors = client.embeddings.create(model="all-MiniLM-L6-v2", input=["a cat", "a kitten"])
print(f"{len(vectors.data)} vectors of {len(vectors.data[0].embedding)} numbers")
