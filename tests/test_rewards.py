"""Reward scoring: the judge's prompt and grammar, and the API end to end on a real server with the default model."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from lls_api import models
from lls_server.config import ModelConfig
from lls_server.errors import BadGateway
from lls_server.inference import LlamaCppInference
from lls_server.inference.api import collect
from lls_server.inference.llama_engine import LlamaCppModel, Sampling
from lls_server.rewards.judge import RUBRIC, SCORE_GRAMMAR, SCORE_MAX_TOKENS, judge_messages, parse_score, transcript
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, LiveServer, write_config


# ---------------------------------------------------------------- the judge's prompt and grammar
def user(text: str) -> models.UserMessage:
    return models.UserMessage(role="user", content=text)


def answer(text: str, *calls: models.ToolCall) -> models.CompletionMessage:
    return models.CompletionMessage(role="assistant", content=text, stop_reason="end_of_turn", tool_calls=list(calls))


def test_the_prompt_is_the_rubric_then_the_transcript_and_the_answer() -> None:
    call = models.ToolCall(call_id="c1", tool_name="get_weather", arguments={"city": "Paris"})
    dialog = [models.SystemMessage(role="system", content="Be brief."), user("Weather in Paris?"), answer("", call)]
    dialog.append(models.ToolResponseMessage(role="ipython", call_id="c1", tool_name="get_weather", content="sunny"))
    assert transcript(dialog) == (
        'System: Be brief.\nUser: Weather in Paris?\nAssistant: [calls get_weather({"city": "Paris"})]\n'
        "Tool (get_weather): sunny"
    )
    system, task = judge_messages(dialog, answer("It is sunny."))
    assert system.content == RUBRIC and "from 1" in RUBRIC and "to 10" in RUBRIC
    assert isinstance(task.content, str)
    assert task.content.startswith("Conversation:\nSystem: Be brief.\n")
    assert task.content.endswith("Candidate answer:\nIt is sunny.\n\nScore (1 to 10):")


def test_parse_score_takes_1_to_10_only() -> None:
    assert [parse_score(text) for text in ("1", "7", "10", " 10\n")] == [1.0, 7.0, 10.0, 10.0]
    for text in ("0", "11", "7.5", "", "seven"):
        with pytest.raises(BadGateway):
            parse_score(text)


def test_the_grammar_admits_only_scores_even_when_sampling_wildly() -> None:
    model = LlamaCppModel(ModelConfig(id=DEFAULT_MODEL_ID, path=DEFAULT_MODEL, context_length=512, parallel=4))
    try:
        model.check_grammar(SCORE_GRAMMAR)
        inference = LlamaCppInference({DEFAULT_MODEL_ID: model})
        request = models.ChatCompletionRequest(
            model=DEFAULT_MODEL_ID, messages=judge_messages([user("What is 2 + 2?")], answer("4"))
        )
        prompt = inference.plan_chat(request).prompt

        async def sample(seed: int) -> str:
            sampling = Sampling(temperature=2.0, grammar=SCORE_GRAMMAR, seed=seed)
            return (await collect(model.generate(prompt, SCORE_MAX_TOKENS, sampling))).text

        async def all_seeds() -> list[str]:
            return list(await asyncio.gather(*(sample(seed) for seed in range(12))))

        answers = asyncio.run(all_seeds())
        assert all(1 <= parse_score(text) <= 10 for text in answers), answers
    finally:
        model.close()


# ---------------------------------------------------------------- end to end
@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    model = {"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 2048, "sampling": {"max_tokens": 16}}
    live = LiveServer(write_config(tmp_path_factory.mktemp("rewards"), models=[model]))
    yield live
    live.stop()


def said(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": text, "stop_reason": "end_of_turn", "tool_calls": []}


DIALOG_GENERATIONS = [
    {"dialog": [{"role": "user", "content": "What is 2 + 2?"}], "sampled_generations": [said("4"), said("5")]},
    {
        "dialog": [{"role": "user", "content": "Name a colour."}],
        "sampled_generations": [said("Blue."), said("The capital of France is Paris.")],
    },
]


def test_reward_scores_are_floats_in_range_and_repeat(server: LiveServer) -> None:
    body = {"model": DEFAULT_MODEL_ID, "dialog_generations": DIALOG_GENERATIONS}
    # The first request reads the prompts cold, the next ones from the prompt cache, which llama.cpp does not
    # compute bit for bit alike (see the README): a near tie may go the other way. Requests alike are scored alike.
    server.post("/reward_scoring/score", body)
    first = server.post("/reward_scoring/score", body)["scored_generations"]
    assert [item["dialog"] for item in first] == [item["dialog"] for item in DIALOG_GENERATIONS]
    for item, asked in zip(first, DIALOG_GENERATIONS, strict=True):
        assert [scored["message"] for scored in item["scored_generations"]] == asked["sampled_generations"]
        assert all(isinstance(s["score"], float) and 1 <= s["score"] <= 10 for s in item["scored_generations"])
    assert server.post("/reward_scoring/score", body)["scored_generations"] == first  # greedy: the same


def test_an_unknown_model_is_a_404(server: LiveServer) -> None:
    body = {"model": "no-such-model", "dialog_generations": DIALOG_GENERATIONS}
    assert "'no-such-model' is not registered" in server.post("/reward_scoring/score", body, status=404)["detail"]
