"""Stop texts, the sampled token's own log-probability (`Token.chosen`), and OpenAI's frequency and presence
penalties: the pure stop-splitting helper, then the engine on the default model with greedy sampling, then the
Inference API's mapping of `sampling_params`."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import cast

import pytest

from lls_api import models
from lls_server.config import ModelConfig
from lls_server.inference.api import LlamaCppInference
from lls_server.inference.llama_engine import Finished, LlamaCppModel, Sampling, Token, split_at_stop
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID

DEADLINE = 30
MAX_TOKENS = 32
PROMPT = "The capital of France is"  # greedy: " Paris.\n\nThe United States has a population of ..."
LIST_PROMPT = "List of fruits:\n-"  # greedy: a list that soon repeats one line over and over


# ------------------------------------------------------------ split_at_stop
def test_no_stop_delivers_everything() -> None:
    assert split_at_stop("Hello world", ()) == ("Hello world", "", False)
    assert split_at_stop("Hello world", ("zebra",)) == ("Hello world", "", False)


def test_text_that_may_begin_a_stop_is_held_back() -> None:
    assert split_at_stop("Hello wor", ("world peace",)) == ("Hello ", "wor", False)
    assert split_at_stop("line\n", ("\n\n",)) == ("line", "\n", False)
    # only a tail can be held: "wor" earlier in the text is not the start of a stop that could still come
    assert split_at_stop("wor x", ("world",)) == ("wor x", "", False)


def test_a_stop_split_across_pieces_is_found() -> None:
    deliver, held, stopped = split_at_stop("Hello wor", ("world",))
    assert (deliver, held, stopped) == ("Hello ", "wor", False)
    assert split_at_stop(held + "ld, and more", ("world",)) == ("", "", True)
    # "\n" then "\n": the first is held, the second completes the stop
    deliver, held, stopped = split_at_stop("Paris.\n", ("\n\n",))
    assert (deliver, held, stopped) == ("Paris.", "\n", False)
    assert split_at_stop(held + "\nThe", ("\n\n",)) == ("", "", True)


def test_the_earliest_of_several_stops_wins() -> None:
    assert split_at_stop("one two three", ("three", "two")) == ("one ", "", True)
    assert split_at_stop("one two three", ("two", "one two")) == ("", "", True)
    # a held tail is the longest that begins any of the stops
    assert split_at_stop("say ab", ("abc", "b!")) == ("say ", "ab", False)


def test_held_text_is_flushed_when_no_stop_follows() -> None:
    deliver, held, stopped = split_at_stop("answer: wor", ("world",))
    assert (deliver, held, stopped) == ("answer: ", "wor", False)
    assert split_at_stop(held + "m", ("world",)) == ("worm", "", False)
    assert split_at_stop("", ("world",)) == ("", "", False)


# ------------------------------------------------------------ the engine
@pytest.fixture(scope="module")
def engine() -> Iterator[LlamaCppModel]:
    # no prompt cache: a cached prefix can move the logits a little (tests/test_prompt_cache.py), and greedy answers
    # are compared here token by token
    config = ModelConfig(id=DEFAULT_MODEL_ID, path=DEFAULT_MODEL, context_length=256, parallel=2, prompt_cache=False)
    model = LlamaCppModel(config)
    yield model
    model.close()


@dataclass
class Answer:
    tokens: list[Token]
    finished: Finished

    @property
    def text(self) -> str:
        return "".join(token.text for token in self.tokens)

    @property
    def sampled(self) -> list[Token]:
        """The Token events of sampled tokens, without a final flush of text only."""
        return [token for token in self.tokens if token.chosen is not None]


def generate(engine: LlamaCppModel, prompt: str, sampling: Sampling, max_tokens: int = MAX_TOKENS) -> Answer:
    async def run() -> Answer:
        tokens: list[Token] = []
        async for event in engine.generate(engine.tokenize(prompt, special=False), max_tokens, sampling).events():
            if isinstance(event, Finished):
                return Answer(tokens, event)
            tokens.append(event)
        raise AssertionError("the generation ended without Finished")

    return asyncio.run(asyncio.wait_for(run(), DEADLINE))


@pytest.fixture(scope="module")
def baseline(engine: LlamaCppModel) -> Answer:
    answer = generate(engine, PROMPT, Sampling(logprobs=1))
    assert answer.finished.stop_reason == models.StopReason.out_of_tokens
    assert answer.finished.completion_tokens == MAX_TOKENS == len(answer.tokens)
    return answer


def tokens_until(pieces: list[str], stop: str) -> int:
    """How many pieces it takes for their text to hold `stop`."""
    return next(k for k in range(1, len(pieces) + 1) if stop in "".join(pieces[:k]))


def test_chosen_is_the_sampled_token_and_its_log_probability(baseline: Answer) -> None:
    for token in baseline.tokens:
        assert token.chosen is not None and token.logprobs is not None
        text, logprob = token.chosen
        # greedy: the sampled token is the most likely one, reported with the same log-probability
        assert token.logprobs == {text: pytest.approx(logprob)}
        assert logprob <= 0
    assert "".join(token.chosen[0] for token in baseline.tokens if token.chosen) == baseline.text


def test_chosen_is_none_without_logprobs(engine: LlamaCppModel, baseline: Answer) -> None:
    answer = generate(engine, PROMPT, Sampling())
    assert answer.text == baseline.text
    assert all(token.chosen is None and token.logprobs is None for token in answer.tokens)


def test_a_stop_made_of_two_tokens_ends_the_answer(engine: LlamaCppModel, baseline: Answer) -> None:
    pieces = [token.text for token in baseline.tokens]
    assert "\n\n" in baseline.text and "\n\n" not in pieces  # two "\n" tokens, as this model writes it
    answer = generate(engine, PROMPT, Sampling(logprobs=1, stop=("\n\n",)))
    assert answer.text == baseline.text[: baseline.text.index("\n\n")]
    assert answer.finished.stop_reason == models.StopReason.end_of_turn
    expected = tokens_until(pieces, "\n\n")
    assert answer.finished.completion_tokens == expected < MAX_TOKENS
    # one Token per sampled token, the stop's included, each with its logprobs; the held "\n" shows as ""
    assert len(answer.tokens) == len(answer.sampled) == expected
    assert answer.tokens[-1].text == "" and answer.tokens[-1].chosen == baseline.tokens[expected - 1].chosen


def test_a_stop_across_a_token_boundary_in_the_middle_of_the_answer(engine: LlamaCppModel, baseline: Answer) -> None:
    pieces = [token.text for token in baseline.tokens]
    boundary = next(i for i in range(8, len(pieces)) if len(pieces[i - 1]) >= 2 and len(pieces[i]) >= 2)
    stop = pieces[boundary - 1][-2:] + pieces[boundary][:2]  # two characters each side of a token boundary
    answer = generate(engine, PROMPT, Sampling(logprobs=2, stop=(stop,)))
    assert answer.text == baseline.text[: baseline.text.index(stop)]
    assert stop not in answer.text and answer.text
    assert answer.finished.stop_reason == models.StopReason.end_of_turn
    expected = tokens_until(pieces, stop)
    assert answer.finished.completion_tokens == expected < baseline.finished.completion_tokens
    assert len(answer.tokens) == expected
    assert [token.chosen for token in answer.tokens] == [token.chosen for token in baseline.tokens[:expected]]


def test_a_stop_inside_one_token_cuts_that_token(engine: LlamaCppModel, baseline: Answer) -> None:
    pieces = [token.text for token in baseline.tokens]
    index = next(i for i in range(4, len(pieces)) if len(pieces[i]) >= 4 and pieces[i] not in "".join(pieces[:i]))
    stop = pieces[index][1:3]
    answer = generate(engine, PROMPT, Sampling(stop=(stop,)))
    assert answer.text == baseline.text[: baseline.text.index(stop)]
    assert answer.finished.completion_tokens == tokens_until(pieces, stop)


def test_a_stop_that_never_appears_changes_nothing(engine: LlamaCppModel, baseline: Answer) -> None:
    assert "zebra" not in baseline.text
    answer = generate(engine, PROMPT, Sampling(logprobs=1, stop=("zebra", "Paris!")))
    assert answer.text == baseline.text
    assert answer.finished == baseline.finished
    assert [token.chosen for token in answer.tokens] == [token.chosen for token in baseline.tokens]


def test_text_held_at_max_tokens_is_flushed_before_finished(engine: LlamaCppModel, baseline: Answer) -> None:
    stop = baseline.text[-3:] + "\u2603"  # the answer ends with what could begin this stop, which never comes
    answer = generate(engine, PROMPT, Sampling(logprobs=1, stop=(stop,)))
    assert answer.text == baseline.text
    assert answer.finished.stop_reason == models.StopReason.out_of_tokens
    assert answer.finished.completion_tokens == MAX_TOKENS == len(answer.sampled)
    flush = answer.tokens[-1]
    assert flush.chosen is None and flush.text.endswith(baseline.text[-3:])


def test_text_held_at_the_end_of_generation_is_flushed(engine: LlamaCppModel) -> None:
    # with this penalty the list ends by itself, before max_tokens (see the penalty test below)
    ended = generate(engine, LIST_PROMPT, Sampling(frequency_penalty=1.5), max_tokens=48)
    assert ended.finished.stop_reason == models.StopReason.end_of_turn
    assert ended.finished.completion_tokens < 48
    stop = ended.text[-2:] + "\u2603"
    answer = generate(engine, LIST_PROMPT, Sampling(frequency_penalty=1.5, stop=(stop,)), max_tokens=48)
    assert answer.text == ended.text
    assert answer.finished == ended.finished
    assert len(answer.tokens) == len(ended.tokens) + 1  # the flush of held text comes as one more Token


def repeats(answer: Answer) -> Counter[str]:
    return Counter(token.chosen[0] for token in answer.tokens if token.chosen)


@pytest.mark.parametrize("penalty", ["frequency_penalty", "presence_penalty"])
def test_penalties_make_a_repetitive_answer_repeat_less(engine: LlamaCppModel, penalty: str) -> None:
    plain = generate(engine, LIST_PROMPT, Sampling(logprobs=1), max_tokens=48)
    ((most, count),) = repeats(plain).most_common(1)
    assert count >= 6  # the plain answer loops: a penalty has something to lower
    penalised = generate(engine, LIST_PROMPT, Sampling(logprobs=1, **{penalty: 1.5}), max_tokens=48)
    assert penalised.text != plain.text
    assert repeats(penalised)[most] < count
    assert repeats(penalised).most_common(1)[0][1] < count


def test_a_negative_penalty_makes_repeating_more_likely(engine: LlamaCppModel, baseline: Answer) -> None:
    rewarded = generate(engine, PROMPT, Sampling(logprobs=1, presence_penalty=-2.0, frequency_penalty=-2.0))
    assert rewarded.text != baseline.text
    assert repeats(rewarded).most_common(1)[0][1] > repeats(baseline).most_common(1)[0][1]


# ------------------------------------------------------------ through the Inference API
def complete(inference: LlamaCppInference, **params: object) -> models.CompletionResponse:
    body = models.CompletionRequest(
        model=DEFAULT_MODEL_ID,
        content=PROMPT,
        sampling_params=models.SamplingParams.model_validate(
            {"strategy": "greedy", "max_tokens": MAX_TOKENS, **params}
        ),
    )
    response = asyncio.run(asyncio.wait_for(inference.completion(body=body), DEADLINE))
    assert isinstance(response, models.CompletionResponse)
    return response


def test_the_completion_api_honours_stop(engine: LlamaCppModel, baseline: Answer) -> None:
    inference = LlamaCppInference({DEFAULT_MODEL_ID: engine})
    plain = complete(inference)
    assert plain.content == baseline.text
    stopped = complete(inference, stop=["zebra", "\n\n"])
    assert stopped.content == baseline.text[: baseline.text.index("\n\n")]
    assert stopped.stop_reason == models.StopReason.end_of_turn
    assert stopped.usage is not None and plain.usage is not None
    assert stopped.usage.completion_tokens < plain.usage.completion_tokens


def test_the_completion_api_streams_one_chunk_per_token_up_to_the_stop(engine: LlamaCppModel, baseline: Answer) -> None:
    inference = LlamaCppInference({DEFAULT_MODEL_ID: engine})
    body = models.CompletionRequest(
        model=DEFAULT_MODEL_ID,
        content=PROMPT,
        stream=True,
        logprobs=models.LogProbConfig(top_k=1),
        sampling_params=models.SamplingParams.model_validate(
            {"strategy": "greedy", "max_tokens": MAX_TOKENS, "stop": ["\n\n"]}
        ),
    )

    async def chunks() -> list[models.CompletionResponseStreamChunk]:
        stream = await inference.completion(body=body)
        assert not isinstance(stream, models.CompletionResponse)
        return [chunk async for chunk in stream]

    *tokens, last = asyncio.run(asyncio.wait_for(chunks(), DEADLINE))
    assert "".join(chunk.delta for chunk in tokens) == baseline.text[: baseline.text.index("\n\n")]
    assert last.stop_reason == models.StopReason.end_of_turn and last.usage is not None
    assert len(tokens) == last.usage.completion_tokens and all(chunk.logprobs for chunk in tokens)


def test_the_api_maps_stop_and_penalties_over_the_model_s_defaults() -> None:
    defaults = models.SamplingParams.model_validate({"stop": ["END"], "frequency_penalty": 0.5})
    config = ModelConfig(id=DEFAULT_MODEL_ID, path=DEFAULT_MODEL, sampling=defaults)
    model = cast(LlamaCppModel, SimpleNamespace(config=config))  # `_sampling` reads the model's config only
    inference = LlamaCppInference({DEFAULT_MODEL_ID: model})

    def sampling(params: dict[str, object] | None) -> Sampling:
        request = None if params is None else models.SamplingParams.model_validate(params)
        return inference._sampling(model, request, None, None, None)[0]

    assert sampling(None) == Sampling(stop=("END",), frequency_penalty=0.5)
    requested = sampling({"stop": ["\n\n", "Q:"], "presence_penalty": -1.0})
    assert (requested.stop, requested.frequency_penalty, requested.presence_penalty) == (("\n\n", "Q:"), 0.5, -1.0)
    assert sampling({"stop": [], "frequency_penalty": 0}).stop == ()
