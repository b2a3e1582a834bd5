"""How the default model answers everyday questions under candidate default sampling params.

The run config's per-model `sampling` defaults (configs/default.yaml) were chosen with this: for each
candidate, every question is asked `--tries` times through a real server; an answer counts as right when
it holds the expected word, and as a runaway when it ends at `max_tokens` instead of ending its turn.

    .venv/bin/python bench/sampling_defaults.py [--tries 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from lls_server.testing import DEFAULT_MODEL_ID, LiveServer, write_config

QUESTIONS = {
    "What is the capital of France?": "paris",
    "Who wrote Romeo and Juliet?": "shakespeare",
    "What is 2 + 2?": "4",
    "How do you say 'thank you' in Spanish?": "gracias",
    "What color is the sky on a clear day?": "blue",
    "How many days are there in a week?": "seven|7",
}
MAX_TOKENS = 256  # the cap a candidate is measured under: long enough for any of these answers
CANDIDATES: dict[str, dict[str, object]] = {
    "greedy": {"strategy": "greedy"},
    "greedy, repetition_penalty 1.1": {"strategy": "greedy", "repetition_penalty": 1.1},
    "top_p 0.9, temperature 0.7": {"strategy": "top_p", "top_p": 0.9, "temperature": 0.7},
    "top_p 0.9, temperature 0.7, repetition_penalty 1.1": {
        "strategy": "top_p",
        "top_p": 0.9,
        "temperature": 0.7,
        "repetition_penalty": 1.1,
    },
    "top_p 0.95, temperature 0.3, repetition_penalty 1.1": {
        "strategy": "top_p",
        "top_p": 0.95,
        "temperature": 0.3,
        "repetition_penalty": 1.1,
    },
    "top_k 40, temperature 0.7, repetition_penalty 1.1": {
        "strategy": "top_k",
        "top_k": 40,
        "temperature": 0.7,
        "repetition_penalty": 1.1,
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=5)
    tries = parser.parse_args().tries
    with tempfile.TemporaryDirectory() as directory:
        server = LiveServer(write_config(Path(directory)))
        try:
            with httpx.Client(base_url=server.base_url, timeout=300) as client:
                print("| candidate | right | runaways | tokens (median) | seconds (median) |\n|---|---|---|---|---|")
                for name, params in CANDIDATES.items():
                    right, runaways, tokens, seconds = 0, 0, [], []
                    for question, expected in QUESTIONS.items():
                        for _ in range(tries if params["strategy"] != "greedy" else 1):
                            started = time.perf_counter()
                            answer = client.post(
                                "/inference/chat_completion",
                                json={
                                    "model": DEFAULT_MODEL_ID,
                                    "messages": [{"role": "user", "content": question}],
                                    "sampling_params": {**params, "max_tokens": MAX_TOKENS},
                                },
                            ).json()
                            seconds.append(time.perf_counter() - started)
                            message = answer["completion_message"]
                            text = message["content"].lower()
                            right += any(word in text for word in expected.split("|"))
                            runaways += message["stop_reason"] == "out_of_tokens"
                            tokens.append(answer["usage"]["completion_tokens"])
                    asked = len(seconds)
                    print(
                        f"| {name} | {right}/{asked} | {runaways}/{asked} | {statistics.median(tokens):.0f} "
                        f"| {statistics.median(seconds):.2f} |"
                    )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
