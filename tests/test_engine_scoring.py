"""Scoring in the llama.cpp engine, on the default model: the log-probability of each continuation token after a
prompt, read through the scheduler beside generations. The scores agree with a greedy generation's reported
logprobs and with llama-cpp-python's high-level `Llama` evaluating the same tokens once; a likely continuation
outscores an unlikely one; concurrent generations change nothing; bad input is refused; a cancelled scoring
request frees its sequence.

llama.cpp's numbers are not bit-exact across batch shapes and cache layouts (see `test_prompt_cache`), so scores
are compared within its LOGPROB_TOLERANCE, and generated continuations come from prompts whose greedy tokens are
confident.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import llama_cpp
import numpy as np
import pytest

from lls_api import models
from lls_server.config import ModelConfig
from lls_server.errors import InvalidRequest
from lls_server.inference.api import Collected, collect
from lls_server.inference.llama_engine import Finished, Generation, LlamaCppModel, Sampling, score_tokens
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID

from .test_prompt_cache import LETTERS, LOGPROB_TOLERANCE, NUMBERS

DEADLINE = 30
TEXT = "The lighthouse keeper wrote in his log every night, and on Monday the sea was calm and grey."
T = TypeVar("T")


def load(**settings: Any) -> LlamaCppModel:
    config = ModelConfig(id=DEFAULT_MODEL_ID, path=DEFAULT_MODEL, context_length=512, **settings)
    return LlamaCppModel(config)


@pytest.fixture(scope="module")
def engine() -> Iterator[LlamaCppModel]:
    model = load(parallel=2)
    yield model
    model.close()


@pytest.fixture
def small_batches() -> Iterator[LlamaCppModel]:
    """Reads 16 tokens a step: a continuation of more takes several steps, beside up to two other requests."""
    model = load(parallel=3, batch_size=16)
    yield model
    model.close()


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(coroutine, DEADLINE)

    return asyncio.run(bounded())


def tokens(model: LlamaCppModel, text: str, *, add_bos: bool = True) -> list[int]:
    return model.tokenize(text, special=False, add_bos=add_bos)


def scores(model: LlamaCppModel, prompt: list[int], continuation: list[int]) -> list[float]:
    return run(score_tokens(model, prompt, continuation))


def assert_close(actual: list[float], expected: list[float]) -> None:
    assert len(actual) == len(expected)
    assert actual == pytest.approx(expected, abs=LOGPROB_TOLERANCE)


@pytest.mark.parametrize("text", [NUMBERS, LETTERS], ids=["numbers", "letters"])
def test_scores_agree_with_a_greedy_generation(engine: LlamaCppModel, text: str) -> None:
    prompt = tokens(engine, text)

    async def generate() -> Collected:
        return await collect(engine.generate(prompt, 8, Sampling(logprobs=1)))

    generated = run(generate())
    assert generated.logprobs is not None and generated.finished.completion_tokens == 8
    chosen = [next(iter(token.logprobs_by_token.items())) for token in generated.logprobs]
    continuation = tokens(engine, generated.text, add_bos=False)
    assert [engine.token_text(token) for token in continuation] == [text for text, _ in chosen]
    assert_close(scores(engine, prompt, continuation), [logprob for _, logprob in chosen])


def reference_scores(tokens: list[int], start: int) -> list[float]:
    """The log-probability of each of tokens[start:] by llama-cpp-python's high-level API, from one evaluation.

    With flash attention, as the engine's context has it by default, the numbers matched the engine's to 1e-15 on
    a CPU; without it, they differed by up to 0.31 nats.
    """
    llm = llama_cpp.Llama(model_path=str(DEFAULT_MODEL), logits_all=True, n_ctx=512, flash_attn=True, verbose=False)
    try:
        llm.eval(tokens)
        logits = np.asarray(llm.scores[: len(tokens)], dtype=np.float64)
    finally:
        llm.close()
    peaks = logits.max(axis=1, keepdims=True)
    logprobs = logits - peaks - np.log(np.exp(logits - peaks).sum(axis=1, keepdims=True))
    return [float(logprobs[i - 1, tokens[i]]) for i in range(start, len(tokens))]


@pytest.mark.parametrize("model", ["engine", "small_batches"])
def test_scores_agree_with_llama_cpp_pythons_high_level_api(model: str, request: pytest.FixtureRequest) -> None:
    scorer: LlamaCppModel = request.getfixturevalue(model)
    prompt = tokens(scorer, "The capital of France is")
    continuation = tokens(scorer, " Paris. " + TEXT, add_bos=False)
    assert len(continuation) > 16  # more than one step's chunk of the small batches
    assert_close(scores(scorer, prompt, continuation), reference_scores(prompt + continuation, len(prompt)))


def test_a_likely_continuation_outscores_an_unlikely_one(engine: LlamaCppModel) -> None:
    prompt = tokens(engine, "The capital of France is")
    paris, banana = (tokens(engine, word, add_bos=False) for word in (" Paris", " banana"))
    assert sum(scores(engine, prompt, paris)) > sum(scores(engine, prompt, banana)) + 3


def test_a_score_finishes_like_a_request_and_reuses_only_its_prompt_from_the_cache(engine: LlamaCppModel) -> None:
    prompt, continuation = tokens(engine, TEXT), tokens(engine, " The next day it rained.", add_bos=False)

    async def finished() -> tuple[Finished, list[float]]:
        scoring = engine.score(prompt, continuation)
        events = [event async for event in scoring.events()]
        assert len(events) == 1 and isinstance(events[0], Finished)  # its `Scores` went to `scoring.scores`
        return events[0], scoring.scores

    first_finished, first = run(finished())
    assert len(first) == len(continuation) and all(score < 0 for score in first)
    assert first_finished.stop_reason == models.StopReason.end_of_turn
    assert (first_finished.prompt_tokens, first_finished.completion_tokens) == (len(prompt) + len(continuation), 0)
    # The cache holds all but the last continuation token now; the scored ones' logits are computed again all the same.
    again_finished, again = run(finished())
    assert again_finished.cached_prompt_tokens == len(prompt) - 1
    assert_close(again, first)


def test_a_score_beside_generations_is_the_same_as_alone(small_batches: LlamaCppModel) -> None:
    prompt = tokens(small_batches, "The capital of France is")
    continuation = tokens(small_batches, " Paris. " + TEXT, add_bos=False)
    alone = scores(small_batches, prompt, continuation)

    async def beside_generations() -> tuple[list[float], Collected, Collected]:
        return await asyncio.gather(
            score_tokens(small_batches, prompt, continuation),
            collect(small_batches.generate(tokens(small_batches, NUMBERS), 24, Sampling())),
            collect(small_batches.generate(tokens(small_batches, LETTERS), 24, Sampling())),
        )

    together, numbers, letters = run(beside_generations())
    assert_close(together, alone)
    assert numbers.finished.completion_tokens == letters.finished.completion_tokens == 24


def test_bad_input_is_refused(engine: LlamaCppModel) -> None:
    prompt = tokens(engine, "The capital of France is")
    with pytest.raises(InvalidRequest, match=f"they are {len(prompt)} and 0 tokens"):
        engine.score(prompt, [])
    with pytest.raises(InvalidRequest, match=f"they are 0 and {len(prompt)} tokens"):
        engine.score([], prompt)
    with pytest.raises(InvalidRequest, match=r"\(6 tokens\).*\(507 tokens\).*513 tokens.*context of 512 tokens"):
        engine.score(prompt[:1] * 6, prompt[:1] * 507)
    assert len(scores(engine, prompt[:1] * 6, prompt[:1] * 506)) == 506  # the whole context is fine


def test_a_cancelled_score_frees_its_sequence(small_batches: LlamaCppModel) -> None:
    parallel = small_batches.config.parallel
    prompt = tokens(small_batches, "The capital of France is")
    continuation = (tokens(small_batches, " " + TEXT, add_bos=False) * 20)[: 500 - len(prompt)]  # 30 steps or so

    async def cancel_mid_way() -> Generation:
        scoring = asyncio.create_task(score_tokens(small_batches, prompt, continuation))
        while not (active := list(small_batches._active)):  # admitted: it reads a chunk a step from now on
            await asyncio.sleep(0.001)
        scoring.cancel()
        with pytest.raises(asyncio.CancelledError):
            await scoring
        while small_batches._active:
            await asyncio.sleep(0.001)
        return active[0].generation

    scoring = run(cancel_mid_way())
    assert scoring.cancelled and scoring.scores == []  # cancelled before it finished
    assert len(small_batches._free_seq_ids) == parallel

    async def all_at_once() -> list[Collected]:
        prompts = [tokens(small_batches, text) for text in (NUMBERS, LETTERS, TEXT)[:parallel]]
        return await asyncio.gather(*(collect(small_batches.generate(p, 8, Sampling())) for p in prompts))

    assert [answer.finished.completion_tokens for answer in run(all_at_once())] == [8] * parallel
