"""Synthetic data generation: the filters on known scores, the bounds and defaults of the run config, datasets
made from rows, and the API end to end on a real server with the default model."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from lls_api import models
from lls_api.models import FilteringFunction
from lls_server.config import ConfigError, RunConfig, SyntheticDataConfig
from lls_server.datasets import create_datasets
from lls_server.errors import Conflict
from lls_server.inference import LlamaCppInference
from lls_server.rewards.filters import (
    FilterParams,
    choose,
    keep_all,
    keep_random,
    keep_sigmoid,
    keep_top_k,
    keep_top_k_top_p,
    keep_top_p,
    softmax,
)
from lls_server.rewards.synthetic_data import (
    DATASET_COLUMNS,
    SyntheticDataGeneration,
    create_synthetic_data_generation,
    rows,
    score_counts,
)
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID, LiveServer, write_config

SCORES = [3.0, 9.0, 5.0, 9.0, 1.0]  # best first: 1, 3 (tied with 1, later), 2, 0, 4


# ---------------------------------------------------------------- filters on known scores
def test_none_keeps_all_best_first_ties_by_order() -> None:
    assert keep_all(SCORES) == [1, 3, 2, 0, 4]
    assert keep_all([]) == []


def test_top_k_keeps_the_k_best() -> None:
    assert keep_top_k(SCORES, 2) == [1, 3]
    assert keep_top_k(SCORES, 3) == [1, 3, 2]
    assert keep_top_k(SCORES, 10) == [1, 3, 2, 0, 4]


def test_top_p_keeps_the_fewest_best_whose_softmax_reaches_p() -> None:
    mass = softmax(SCORES)  # the two 9s hold e^9 / (2e^9 + e^5 + e^3 + e^1) = 0.4948 each
    assert sum(mass) == pytest.approx(1.0) and mass[1] == pytest.approx(0.49477, abs=1e-4)
    assert keep_top_p(SCORES, 0.4) == [1]
    assert keep_top_p(SCORES, 0.9) == [1, 3]  # 0.9908
    assert keep_top_p(SCORES, 0.995) == [1, 3, 2]  # 0.9999
    assert keep_top_p(SCORES, 1.0) == [1, 3, 2, 0, 4]
    assert keep_top_p(SCORES, 0.0) == [1]  # never empty
    assert keep_top_p([2.0, 2.0, 2.0, 2.0], 0.5) == [0, 1]  # equal scores, equal shares


def test_top_k_top_p_takes_top_p_within_the_k_best_renormalised() -> None:
    # Among the 3 best (9, 9, 5), each 9 holds e^9 / (2e^9 + e^5) = 0.4955: 0.95 needs both.
    assert keep_top_k_top_p(SCORES, 3, 0.95) == [1, 3]
    assert keep_top_k_top_p(SCORES, 3, 0.999) == [1, 3, 2]
    assert keep_top_k_top_p(SCORES, 1, 1.0) == [1]
    assert keep_top_k_top_p([4.0, 6.0, 5.0], 2, 0.5) == [1]  # e^6 / (e^6 + e^5) = 0.731


def test_random_draws_k_with_the_seed() -> None:
    first = keep_random(SCORES, 2, random.Random(7))
    assert len(first) == 2 and first == keep_random(SCORES, 2, random.Random(7))
    assert first == [i for i in keep_all(SCORES) if i in first]  # best first
    assert keep_random(SCORES, 9, random.Random(1)) == keep_all(SCORES)
    drawn = {tuple(keep_random(SCORES, 2, random.Random(seed))) for seed in range(50)}
    assert len(drawn) > 3  # not always the same pair


def test_sigmoid_keeps_by_probability_around_the_threshold() -> None:
    assert keep_sigmoid(SCORES, -100.0, 1.0, random.Random(0)) == keep_all(SCORES)  # probability ~1
    assert keep_sigmoid(SCORES, 100.0, 1.0, random.Random(0)) == []  # probability ~0
    assert keep_sigmoid(SCORES, 6.0, 0.001, random.Random(0)) == [1, 3]  # a step at the threshold
    # At the threshold, one half: about half of many candidates scored 5 are kept.
    kept = keep_sigmoid([5.0] * 2000, 5.0, 1.0, random.Random(3))
    assert 900 < len(kept) < 1100
    assert kept == keep_sigmoid([5.0] * 2000, 5.0, 1.0, random.Random(3))
    assert keep_sigmoid(SCORES, 1e308, 0.001, random.Random(0)) == []  # no overflow


def test_choose_dispatches_each_filtering_function() -> None:
    params = FilterParams(top_k=2, top_p=0.4, sigmoid_threshold=-100.0, sigmoid_temperature=1.0)
    expected = {
        FilteringFunction.none: [1, 3, 2, 0, 4],
        FilteringFunction.top_k: [1, 3],
        FilteringFunction.top_p: [1],
        FilteringFunction.top_k_top_p: [1],
        FilteringFunction.sigmoid: [1, 3, 2, 0, 4],
    }
    for function, kept in expected.items():
        assert choose(function, SCORES, params, random.Random(0)) == kept, function
    assert len(choose(FilteringFunction.random, SCORES, params, random.Random(0))) == 2
    assert set(FilteringFunction) == {*expected, FilteringFunction.random}


def test_score_counts_lowest_first() -> None:
    assert score_counts([7.0, 10.0, 7.0, 1.0]) == {"1": 1, "7": 2, "10": 1}


# ---------------------------------------------------------------- the run config's defaults and bounds
def test_synthetic_data_defaults_must_name_registered_models() -> None:
    config = RunConfig.model_validate({"synthetic_data": {"judge_model": "judge"}})
    with pytest.raises(ConfigError, match=r"synthetic_data\.judge_model 'judge' is not a registered model"):
        create_synthetic_data_generation(config, {}, {"Inference": LlamaCppInference({})})


def test_the_default_count_must_be_within_the_bound() -> None:
    with pytest.raises(ValidationError, match="num_candidates \\(8\\) is more than max_request_candidates \\(4\\)"):
        SyntheticDataConfig(num_candidates=8, max_request_candidates=4)


def generation(settings: SyntheticDataConfig, model_max_tokens: int) -> SyntheticDataGeneration:
    """An API whose only model says `model_max_tokens` in its sampling defaults (enough for `_sampling`)."""
    model = SimpleNamespace(config=SimpleNamespace(sampling=models.SamplingParams(max_tokens=model_max_tokens)))
    inference = SimpleNamespace(model=lambda name: model)
    return SyntheticDataGeneration(inference, None, settings, "m")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("requested", "config_default", "model_default", "expected"),
    [
        (None, 64, 0, 64),  # the run config's default
        (16, 64, 0, 16),  # the request's
        (0, 64, 0, 100),  # 0: as many as the bound allows
        (5000, 64, 0, 100),  # more than the bound: the bound
        (None, None, 30, 30),  # neither says: the model's default
        (None, None, 0, 100),  # the model's 0: the bound
    ],
)
def test_max_tokens_is_within_the_run_configs_bound(
    requested: int | None, config_default: int | None, model_default: int, expected: int
) -> None:
    sampling = models.SamplingParams(strategy=models.SamplingStrategy.top_p, temperature=0.7)
    if config_default is not None:
        sampling = sampling.model_copy(update={"max_tokens": config_default})
    api = generation(SyntheticDataConfig(sampling=sampling, max_tokens=100), model_default)
    asked = models.SamplingParams(seed=3) if requested is None else models.SamplingParams(max_tokens=requested, seed=3)
    merged = api._sampling("m", asked)
    assert merged.max_tokens == expected
    assert (merged.strategy, merged.temperature, merged.seed) == (models.SamplingStrategy.top_p, 0.7, 3)


# ---------------------------------------------------------------- a dataset made from rows
def test_kept_candidates_become_rows_of_the_prompt_and_answer_with_the_score() -> None:
    prompt = models.UserMessage(role="user", content="Hi")
    reply = models.CompletionMessage(role="assistant", content="Hello!", stop_reason="end_of_turn", tool_calls=[])
    data = [
        models.ScoredDialogGenerations(
            dialog=[prompt],
            scored_generations=[models.ScoredMessage(message=reply, score=9.0)] * 2,
        ),
        models.ScoredDialogGenerations(dialog=[prompt], scored_generations=[]),
    ]
    row = {
        "dialog": [
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello!", "stop_reason": "end_of_turn", "tool_calls": []},
        ],
        "score": 9.0,
    }
    assert rows(data) == [row, row]


def decoded(url: str) -> list[dict[str, Any]]:
    prefix = "data:application/jsonl;base64,"
    assert url.startswith(prefix)
    return [json.loads(line) for line in base64.b64decode(url.removeprefix(prefix)).decode().splitlines()]


def test_create_from_rows_stores_them_as_their_data_url_reads(tmp_path: Path) -> None:
    api = create_datasets(RunConfig(data_dir=tmp_path), {})
    stored = [
        {"dialog": [{"role": "user", "content": "Line\u2028separated?"}], "score": 7.0},
        {"dialog": [{"role": "user", "content": "Ünïcode"}], "score": 3},
    ]
    try:
        definition = asyncio.run(api.create_from_rows("made", DATASET_COLUMNS, stored, {"by": "test"}))
        assert api.definition("made") == definition
        assert list(api.rows("made")) == stored == decoded(definition.content_url)
        assert definition.row_count == 2 and definition.media_type == "application/jsonl"
        data = base64.b64decode(definition.content_url.split(",", 1)[1])
        assert definition.content_sha256 == hashlib.sha256(data).hexdigest()
        assert definition.metadata == {"by": "test"}
        # The URL, read as any URL is, is the same dataset.
        again = models.CreateDatasetRequest(
            uuid="again",
            dataset=models.TrainEvalDataset(columns=definition.columns, content_url=definition.content_url),
        )
        asyncio.run(api.create_dataset(body=again))
        assert list(api.rows("again")) == stored
        assert api.definition("again").content_sha256 == definition.content_sha256
        with pytest.raises(Conflict):
            asyncio.run(api.create_from_rows("made", DATASET_COLUMNS, stored))
        with pytest.raises(Conflict):
            asyncio.run(api.check_free("made"))
    finally:
        api.close()


# ---------------------------------------------------------------- end to end
MAX_REQUEST_CANDIDATES = 12
MAX_TOKENS = 8
MAX_PROMPT_TOKENS = 200


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    model = {"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 2048, "sampling": {"max_tokens": 16}}
    settings = {
        "max_request_candidates": MAX_REQUEST_CANDIDATES,
        "max_tokens": MAX_TOKENS,
        "max_prompt_tokens": MAX_PROMPT_TOKENS,
    }
    live = LiveServer(write_config(tmp_path_factory.mktemp("synthetic"), models=[model], synthetic_data=settings))
    yield live
    live.stop()


def generate(server: LiveServer, body: Any, status: int = 200) -> Any:
    return server.post("/synthetic_data_generation/generate", body, status)


def get_dataset(server: LiveServer, uuid: str) -> httpx.Response:
    return httpx.get(f"{server.base_url}/datasets/get", params={"dataset_uuid": uuid}, timeout=30)


DIALOGS = [{"role": "user", "content": "Write a haiku about llamas."}, {"role": "user", "content": "What is 2 + 2?"}]
# How many of 3 candidates each filter keeps, with top_k 2, and a sigmoid threshold every score passes.
KEPT = {"none": {3}, "random": {2}, "top_k": {2}, "top_p": {1, 2, 3}, "top_k_top_p": {1, 2}, "sigmoid": {3}}


@pytest.mark.slow
@pytest.mark.parametrize("function", sorted(KEPT))
def test_each_filter_keeps_its_share_and_the_statistics_add_up(server: LiveServer, function: str) -> None:
    dialogs = DIALOGS if function == "none" else DIALOGS[1:]  # one dialog is enough to see the others filter
    body = {
        "dialogs": dialogs,
        "filtering_function": function,
        "num_candidates": 3,
        "sampling_params": {"max_tokens": 8, "seed": 42},
        "top_k": 2,
        "sigmoid_threshold": -50,
        "seed": 1,
    }
    answer = generate(server, body)
    data, stats = answer["synthetic_data"], answer["statistics"]
    assert "dataset_uuid" not in answer
    assert [item["dialog"] for item in data] == [[dialog] for dialog in dialogs]
    kept = [item["scored_generations"] for item in data]
    assert all(len(scored) in KEPT[function] for scored in kept), kept
    for scored in kept:
        assert [s["score"] for s in scored] == sorted((s["score"] for s in scored), reverse=True)
        assert all(s["message"]["role"] == "assistant" and 1 <= s["score"] <= 10 for s in scored)
    assert stats["num_dialogs"] == len(dialogs) and stats["num_candidates"] == 3 * len(dialogs)
    assert stats["num_kept"] == sum(map(len, kept))
    assert 1 <= stats["score_min"] <= stats["score_mean"] <= stats["score_max"] <= 10
    assert stats["kept_score_mean"] >= stats["score_min"]
    assert sum(stats["score_counts"].values()) == 3 * len(dialogs)
    assert 0 < stats["generation_seconds"] + stats["scoring_seconds"] <= stats["seconds"]


@pytest.mark.slow
def test_sigmoid_may_keep_none(server: LiveServer) -> None:
    body = {"dialogs": DIALOGS[1:], "filtering_function": "sigmoid", "num_candidates": 2, "sigmoid_threshold": 100}
    answer = generate(server, body)
    assert answer["synthetic_data"][0]["scored_generations"] == []
    assert answer["statistics"]["num_kept"] == 0 and "kept_score_mean" not in answer["statistics"]


@pytest.mark.slow
def test_defaults_are_the_first_model_the_run_configs_count_and_its_token_bound(server: LiveServer) -> None:
    # Asked for 0 tokens (as many as the context leaves), or for more than the bound: each candidate gets 8.
    for tokens in (0, 1000):
        body = {
            "dialogs": [{"role": "user", "content": "Write a long essay about the history of llamas."}],
            "filtering_function": "none",
            "sampling_params": {"max_tokens": tokens, "temperature": 0.001},
        }
        answer = generate(server, body)
        scored = answer["synthetic_data"][0]["scored_generations"]
        assert answer["statistics"]["num_candidates"] == 4 == len(scored)
        # A greedy essay does not end within 8 tokens: each stopped at the bound.
        assert {s["message"]["stop_reason"] for s in scored} == {"out_of_tokens"}, scored


@pytest.mark.slow
def test_save_as_dataset_then_get_it_and_read_its_rows_back(server: LiveServer) -> None:
    body = {
        "dialogs": DIALOGS,
        "filtering_function": "top_k",
        "num_candidates": 2,
        "top_k": 2,
        "sampling_params": {"max_tokens": 6},
        "save_as_dataset_uuid": "synthetic-1",
    }
    answer = generate(server, body)
    assert answer["dataset_uuid"] == "synthetic-1"
    expected = [
        {"dialog": [*item["dialog"], scored["message"]], "score": scored["score"]}
        for item in answer["synthetic_data"]
        for scored in item["scored_generations"]
    ]
    assert len(expected) == answer["statistics"]["num_kept"] == 4
    dataset = get_dataset(server, "synthetic-1").json()
    assert dataset["row_count"] == 4 and dataset["columns"] == {"dialog": "dialog", "score": "number"}
    assert dataset["media_type"] == "application/jsonl"
    assert dataset["metadata"]["model"] == dataset["metadata"]["judge_model"] == DEFAULT_MODEL_ID
    assert dataset["metadata"]["filtering_function"] == "top_k"
    assert decoded(dataset["content_url"]) == expected
    data = base64.b64decode(dataset["content_url"].split(",", 1)[1])
    assert dataset["content_sha256"] == hashlib.sha256(data).hexdigest()
    # The URL reads back, through the Datasets API, as the same rows.
    again = {
        "uuid": "synthetic-1-again",
        "dataset": {"columns": dataset["columns"], "content_url": dataset["content_url"]},
    }
    server.post("/datasets/create", again)
    copy = get_dataset(server, "synthetic-1-again").json()
    assert (copy["row_count"], copy["content_sha256"]) == (4, dataset["content_sha256"])

    # The uuid is taken now: a 409 before anything is generated (this request's temperature, refused by the engine
    # when it samples, would otherwise be a 400).
    body["sampling_params"] = {"strategy": "top_p", "temperature": 0.0001}
    conflict = generate(server, body, status=409)
    assert "dataset 'synthetic-1' already exists" in conflict["detail"]
    body["save_as_dataset_uuid"] = "synthetic-2"
    assert "temperature" in generate(server, body, status=400)["detail"]
    assert get_dataset(server, "synthetic-2").status_code == 404


@pytest.mark.slow
def test_nothing_kept_is_a_400_and_no_dataset(server: LiveServer) -> None:
    body = {
        "dialogs": DIALOGS[1:],
        "filtering_function": "sigmoid",
        "num_candidates": 2,
        "sigmoid_threshold": 100,
        "save_as_dataset_uuid": "kept-nothing",
    }
    detail = generate(server, body, status=400)["detail"]
    assert "save_as_dataset_uuid: sigmoid kept none of the 2 candidates, so no dataset was created" in detail
    assert get_dataset(server, "kept-nothing").status_code == 404


@pytest.mark.slow
@pytest.mark.parametrize(
    ("change", "status", "named"),
    [
        ({"dialogs": [DIALOGS[1]] * 33}, 422, "dialogs"),
        ({"dialogs": []}, 422, "dialogs"),
        ({"num_candidates": 17}, 422, "num_candidates"),
        ({"num_candidates": 0}, 422, "num_candidates"),
        ({"save_as_dataset_uuid": ""}, 422, "save_as_dataset_uuid"),
        ({"dialogs": [DIALOGS[1]] * 4, "num_candidates": 4}, 400, "dialogs, num_candidates: 4 dialogs of 4"),
        ({"dialogs": [DIALOGS[1]] * 13, "num_candidates": 1}, 400, "13 candidates, more than this server"),
        (
            {"dialogs": [DIALOGS[1], {"role": "user", "content": "llama " * 300}]},
            400,
            "dialogs.1: the prompt is",
        ),
    ],
)
def test_the_bounds_are_refused_naming_the_field(
    server: LiveServer, change: dict[str, Any], status: int, named: str
) -> None:
    body = {"dialogs": DIALOGS, "filtering_function": "none", **change}
    assert named in generate(server, body, status=status)["detail"]


@pytest.mark.slow
@pytest.mark.parametrize("field", ["model", "judge_model"])
def test_an_unknown_model_is_a_404(server: LiveServer, field: str) -> None:
    body = {field: "no-such-model", "dialogs": DIALOGS, "filtering_function": "none"}
    assert "'no-such-model' is not registered" in generate(server, body, status=404)["detail"]
