"""The llama.cpp engine's prompt cache, on the default model: a prompt that starts like an earlier one reads only
what follows, and answers as an engine without the cache does (greedy): after a whole or partial match, a copy
from another sequence, eviction, with a grammar and with logprobs. A failed sequence forgets its cache, and
`/models/get` and `usage` show what was reused.

llama.cpp's numbers are not bit-exact across cache layouts: the same prompt's logits move by up to 0.55 when its
sequence's cells merely start 13 cells further into the unified cache (measured with no prompt cache, with flash
attention on or off), and decoding a token in a batch of 64 or more runs the tiled flash-attention kernel, which
rounds otherwise than the one-row kernel. A prompt read from the cache sits elsewhere and reads fewer tokens at once
than a cold one, as under concurrent requests; so the prompts here are ones whose greedy continuations keep at
least 1.3 nats between the two likeliest tokens, where such noise cannot flip a choice, and logprobs are compared
within LOGPROB_TOLERANCE.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from lls_api import models
from lls_server.app import create_app
from lls_server.config import ModelConfig
from lls_server.inference import LlamaCppInference
from lls_server.inference.api import Collected, collect
from lls_server.inference.llama_engine import LlamaCppModel, Sampling, shared_prefix
from lls_server.model_registry import ModelRegistry
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID

from .test_engine_faults import fail_once

DEADLINE = 30
STORY = "The lighthouse keeper wrote in his log every night. " * 6
MONDAY = STORY + "On Monday the sea was calm and"
TUESDAY = STORY + "On Tuesday a storm came and"  # shares STORY and "On" with MONDAY
NUMBERS = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"
LETTERS = "abc def ghi. " * 6 + "abc"
LOGPROB_TOLERANCE = 0.6  # nats: the largest layout noise measured, 0.55, and a little
GREEDY = Sampling()


def load(*, prompt_cache: bool) -> LlamaCppModel:
    config = ModelConfig(
        id=DEFAULT_MODEL_ID, path=DEFAULT_MODEL, context_length=512, parallel=2, prompt_cache=prompt_cache
    )
    return LlamaCppModel(config)


@pytest.fixture(scope="module")
def cold() -> Iterator[LlamaCppModel]:
    model = load(prompt_cache=False)
    yield model
    model.close()


@pytest.fixture
def cached() -> Iterator[LlamaCppModel]:
    model = load(prompt_cache=True)
    yield model
    model.close()


def tokens(model: LlamaCppModel, text: str) -> list[int]:
    return model.tokenize(text, special=False)


def answer(model: LlamaCppModel, text: str, sampling: Sampling = GREEDY, max_tokens: int = 8) -> Collected:
    async def generate() -> Collected:
        return await asyncio.wait_for(collect(model.generate(tokens(model, text), max_tokens, sampling)), DEADLINE)

    return asyncio.run(generate())


def check_same(hot: Collected, cold: Collected) -> None:
    assert hot.text == cold.text
    assert (hot.logprobs is None) == (cold.logprobs is None)
    for hot_token, cold_token in zip(hot.logprobs or [], cold.logprobs or [], strict=True):
        hot_probs, cold_probs = hot_token.logprobs_by_token, cold_token.logprobs_by_token
        assert max(hot_probs.values()) == pytest.approx(max(cold_probs.values()), abs=LOGPROB_TOLERANCE)
        for token in hot_probs.keys() & cold_probs.keys():
            assert hot_probs[token] == pytest.approx(cold_probs[token], abs=LOGPROB_TOLERANCE)


def reused(cached: LlamaCppModel, cold: LlamaCppModel, text: str, sampling: Sampling = GREEDY) -> int:
    """Answer `text` with and without the cache: the answers are the same; how many prompt tokens were reused."""
    hot, reference = answer(cached, text, sampling), answer(cold, text, sampling)
    check_same(hot, reference)
    assert reference.finished.cached_prompt_tokens == 0
    return hot.finished.cached_prompt_tokens


def test_a_repeated_prompt_reads_only_its_last_token(cached: LlamaCppModel, cold: LlamaCppModel) -> None:
    n = len(tokens(cached, MONDAY))
    assert reused(cached, cold, MONDAY) == 0
    assert reused(cached, cold, MONDAY) == n - 1
    stats = cached.describe().prompt_cache
    assert stats == models.PromptCacheStats(enabled=True, tokens_read=n + 1, tokens_reused=n - 1)
    stats = cold.describe().prompt_cache
    assert stats is not None and not stats.enabled and stats.tokens_reused == 0


def test_a_prompt_that_parts_from_an_earlier_one_reads_from_where_they_part(
    cached: LlamaCppModel, cold: LlamaCppModel
) -> None:
    shared = shared_prefix(tokens(cached, MONDAY), tokens(cached, TUESDAY))
    assert 0 < shared < len(tokens(cached, TUESDAY)) - 1
    assert reused(cached, cold, MONDAY) == 0
    assert reused(cached, cold, TUESDAY) == shared


def test_the_next_turn_reuses_the_answer_too(cached: LlamaCppModel, cold: LlamaCppModel) -> None:
    first = answer(cached, MONDAY)
    assert reused(cached, cold, MONDAY + first.text + " night. On Tuesday") > len(tokens(cached, MONDAY))


def test_the_least_recently_used_sequence_is_evicted(cached: LlamaCppModel, cold: LlamaCppModel) -> None:
    n = len(tokens(cached, MONDAY))
    for one, other in ((MONDAY, NUMBERS), (MONDAY, LETTERS), (NUMBERS, LETTERS)):
        assert shared_prefix(tokens(cached, one), tokens(cached, other)) == 0
    assert reused(cached, cold, MONDAY) == 0
    assert reused(cached, cold, NUMBERS) == 0
    assert reused(cached, cold, MONDAY) == n - 1  # NUMBERS is now the least recently used
    assert reused(cached, cold, LETTERS) == 0
    assert reused(cached, cold, MONDAY) == n - 1
    assert reused(cached, cold, NUMBERS) == 0


def test_idle_caches_past_the_budget_are_forgotten_least_recently_used_first(cold: LlamaCppModel) -> None:
    """The budget holds one of these prompts' caches, not two: the latest finished one stays."""
    n = len(tokens(cold, MONDAY))
    config = ModelConfig(id=DEFAULT_MODEL_ID, path=DEFAULT_MODEL, context_length=512, parallel=2)
    budgeted = LlamaCppModel(config.model_copy(update={"prompt_cache_tokens": n + 8 + 4}))
    try:
        assert reused(budgeted, cold, MONDAY) == 0
        assert reused(budgeted, cold, NUMBERS) == 0  # MONDAY's cache is past the budget now: forgotten
        assert reused(budgeted, cold, MONDAY) == 0
        assert reused(budgeted, cold, MONDAY) == n - 1  # alone within the budget, it stays
    finally:
        budgeted.close()


def test_a_few_shared_tokens_evict_no_conversation(cached: LlamaCppModel, cold: LlamaCppModel) -> None:
    """A prompt that shares a few tokens with a cached one takes the least recently used sequence, and copies
    those tokens from the other."""
    few = "The lighthouse is far. " + NUMBERS + " 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30"
    shared = shared_prefix(tokens(cached, MONDAY), tokens(cached, few))
    assert 0 < shared < 0.1 * len(tokens(cached, few))
    assert reused(cached, cold, NUMBERS) == 0
    assert reused(cached, cold, MONDAY) == 0  # NUMBERS is now the least recently used
    assert reused(cached, cold, few) == shared
    assert reused(cached, cold, MONDAY) == len(tokens(cached, MONDAY)) - 1
    assert reused(cached, cold, NUMBERS) == 0


def test_a_prefix_that_a_busy_sequence_holds_is_copied(cached: LlamaCppModel, cold: LlamaCppModel) -> None:
    async def beside_a_busy_one() -> Collected:
        busy = cached.generate(tokens(cached, MONDAY), 400, GREEDY)
        events = busy.events()
        await asyncio.wait_for(anext(events), DEADLINE)  # its prompt is in the cache now
        try:
            generation = cached.generate(tokens(cached, TUESDAY), 8, GREEDY)
            answered = await asyncio.wait_for(collect(generation), DEADLINE)
            assert busy in [sequence.generation for sequence in cached._active]  # still decoding: busy all along
            return answered
        finally:
            busy.cancel()

    hot = asyncio.run(beside_a_busy_one())
    check_same(hot, answer(cold, TUESDAY))
    assert hot.finished.cached_prompt_tokens == shared_prefix(tokens(cached, MONDAY), tokens(cached, TUESDAY))


@pytest.mark.parametrize(
    "sampling",
    [Sampling(grammar='root ::= [a-z ]+ "."'), Sampling(logprobs=3), Sampling(repetition_penalty=1.1)],
    ids=["grammar", "logprobs", "repetition_penalty"],
)
def test_constrained_and_reported_answers_are_the_same_from_the_cache(
    cached: LlamaCppModel, cold: LlamaCppModel, sampling: Sampling
) -> None:
    assert reused(cached, cold, MONDAY, sampling) == 0
    assert reused(cached, cold, MONDAY, sampling) == len(tokens(cached, MONDAY)) - 1
    assert reused(cached, cold, TUESDAY, sampling) > 0


@pytest.mark.parametrize("step", ["_decode", "_sample"])
def test_a_failed_sequence_forgets_its_cache(cached: LlamaCppModel, cold: LlamaCppModel, step: str) -> None:
    assert reused(cached, cold, MONDAY) == 0
    setattr(cached, step, fail_once(getattr(cached, step), RuntimeError(f"injected {step} failure")))
    with pytest.raises(RuntimeError, match="injected"):
        answer(cached, MONDAY)
    assert reused(cached, cold, MONDAY) == 0


def test_models_get_and_usage_show_a_second_turn_reusing_the_first(cached: LlamaCppModel) -> None:
    app = create_app(
        {
            "Inference": LlamaCppInference({DEFAULT_MODEL_ID: cached}),
            "Models": ModelRegistry({DEFAULT_MODEL_ID: cached}),
        }
    )
    dialog: list[dict[str, Any]] = [{"role": "user", "content": "Name three colours of the sea."}]

    async def turns() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lls") as client:

            async def chat() -> dict[str, Any]:
                body = {"model": DEFAULT_MODEL_ID, "messages": dialog, "sampling_params": {"max_tokens": 16}}
                response = await client.post("/inference/chat_completion", json=body)
                assert response.status_code == 200, response.text
                return dict(response.json())

            async def cache() -> dict[str, Any]:
                response = await client.get("/models/get", params={"model_id": DEFAULT_MODEL_ID})
                return dict(response.json()["prompt_cache"])

            first = await chat()
            after_first = await cache()
            dialog.extend([first["completion_message"], {"role": "user", "content": "And of the sky?"}])
            second = await chat()
            return first["usage"], after_first, second["usage"], await cache()

    first, after_first, second, after_second = asyncio.run(asyncio.wait_for(turns(), DEADLINE))
    assert first["cached_prompt_tokens"] == 0
    assert after_first == {"enabled": True, "tokens_read": first["prompt_tokens"], "tokens_reused": 0}
    assert second["cached_prompt_tokens"] > first["prompt_tokens"] // 2
    assert after_second == {
        "enabled": True,
        "tokens_read": first["prompt_tokens"] + second["prompt_tokens"] - second["cached_prompt_tokens"],
        "tokens_reused": second["cached_prompt_tokens"],
    }
