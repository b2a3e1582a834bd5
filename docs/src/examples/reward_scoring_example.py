"""Score two candidate answers to a prompt with a reward model."""

import os

from lls_client import Client
from lls_client.api.reward_scoring import reward_score
from lls_client.models import RewardScoringRequest

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=120) as client:
    request = RewardScoringRequest.from_dict(
        {
            "model": "SmolLM2-135M-Instruct",
            "dialog_generations": [
                {
                    "dialog": [{"role": "user", "content": "What is 2 + 2?"}],
                    "sampled_generations": [
                        {"role": "assistant", "content": "4", "stop_reason": "end_of_turn", "tool_calls": []},
                        {"role": "assistant", "content": "5", "stop_reason": "end_of_turn", "tool_calls": []},
                    ],
                }
            ],
        }
    )
    scored = reward_score.call(client=client, body=request)
    for generations in scored.scored_generations:
        for candidate in generations.scored_generations:
            print(candidate.score, candidate.message.content)
