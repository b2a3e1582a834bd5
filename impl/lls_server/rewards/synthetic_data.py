"""The SyntheticDataGeneration API: sample candidate answers to each prompt, score them with a judge (see `judge`),
keep those a filter lets through (see `filters`), and, if asked, store them as a dataset."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from lls_api import models
from lls_api.interfaces import SyntheticDataGenerationApi

from ..config import ConfigError, RunConfig, SyntheticDataConfig
from ..datasets import Datasets
from ..errors import ApiError, InvalidRequest
from ..inference import LlamaCppInference
from ..inference.chat_format import Message
from ..inference.llama_engine import LlamaCppModel
from .api import together
from .filters import FilterParams, choose
from .judge import Judge

MAX_SEED = 4294967294  # SamplingParams.seed's maximum
# The dataset that `save_as_dataset_uuid` writes: each prompt followed by a kept answer, and that answer's score.
DATASET_COLUMNS = {
    "dialog": models.TrainEvalDatasetColumnType.dialog,
    "score": models.TrainEvalDatasetColumnType.number,
}


class SyntheticDataGeneration(SyntheticDataGenerationApi):
    def __init__(
        self, inference: LlamaCppInference, datasets: Datasets, settings: SyntheticDataConfig, first_model: str | None
    ):
        self.inference = inference
        self.datasets = datasets
        self.judge = Judge(inference)
        self.settings = settings
        self.first_model = first_model

    def _sampling(self, model: str, requested: models.SamplingParams | None) -> models.SamplingParams:
        """The request's sampling params over the run config's, their `max_tokens` (or the model's) within
        `synthetic_data.max_tokens`."""
        given = requested.model_dump(exclude_unset=True) if requested else {}
        sampling = self.settings.sampling.model_copy(update=given)
        tokens = (
            sampling.max_tokens
            if "max_tokens" in sampling.model_fields_set
            else self.inference.model(model).config.sampling.max_tokens
        )
        cap = self.settings.max_tokens
        return sampling.model_copy(update={"max_tokens": cap if tokens == 0 or tokens > cap else tokens})

    def _check_prompt(self, name: str, model: str, dialog: list[Message], sampling: models.SamplingParams) -> None:
        request = models.ChatCompletionRequest(model=model, messages=dialog, sampling_params=sampling)
        try:
            tokens = len(self.inference.plan_chat(request).prompt)
        except ApiError as exc:
            raise exc.in_context(name) from exc
        if (bound := self.settings.max_prompt_tokens) is not None and tokens > bound:
            raise InvalidRequest(
                f"{name}: the prompt is {tokens} tokens, more than this server answers for synthetic data "
                f"({bound}: the run config's synthetic_data.max_prompt_tokens)"
            )

    async def _candidate(self, model: str, dialog: list[Message], sampling: models.SamplingParams) -> Message:
        request = models.ChatCompletionRequest(model=model, messages=dialog, sampling_params=sampling)
        response = await self.inference.chat_completion(body=request)
        assert isinstance(response, models.ChatCompletionResponse)  # not streamed
        return response.completion_message

    async def synthetic_data_generate(
        self, *, body: models.SyntheticDataGenerationRequest
    ) -> models.SyntheticDataGenerationResponse:
        started = time.perf_counter()
        model = body.model or self.settings.model or self.first_model
        if model is None:
            raise InvalidRequest("no model is registered to answer")
        judge = body.judge_model or self.settings.judge_model or model
        for named in (model, judge):
            self.inference.model(named)  # a 404 first
        count = body.num_candidates or self.settings.num_candidates
        if (total := len(body.dialogs) * count) > (bound := self.settings.max_request_candidates):
            raise InvalidRequest(
                f"dialogs, num_candidates: {len(body.dialogs)} dialogs of {count} candidates are {total} candidates, "
                f"more than this server samples and scores for one request ({bound}: the run config's "
                "synthetic_data.max_request_candidates)"
            )
        if body.save_as_dataset_uuid is not None:  # before any work is done for a dataset that cannot be stored
            await self.datasets.check_free(body.save_as_dataset_uuid)
        sampling = self._sampling(model, body.sampling_params)
        seed = sampling.seed

        def candidate_sampling(i: int) -> models.SamplingParams:
            return sampling if seed is None else sampling.model_copy(update={"seed": (seed + i) % (MAX_SEED + 1)})

        dialogs: list[list[Message]] = [[message] for message in body.dialogs]
        for d, dialog in enumerate(dialogs):  # every prompt checked, and its length bounded, before any is answered
            self._check_prompt(f"dialogs.{d}", model, dialog, sampling)
        jobs = [
            (f"dialogs.{d}, candidate {i}", partial(self._candidate, model, dialog, candidate_sampling(i)))
            for d, dialog in enumerate(dialogs)
            for i in range(count)
        ]
        generated = await together(self.inference, model, jobs)
        candidates = [generated[d * count : (d + 1) * count] for d in range(len(dialogs))]
        generated_at = time.perf_counter()

        scoring = [
            (f"dialogs.{d}, candidate {i}", partial(self.judge.score, judge, dialog, answer))
            for d, dialog in enumerate(dialogs)
            for i, answer in enumerate(candidates[d])
        ]
        all_scores = await together(self.inference, judge, scoring)
        scores = [all_scores[d * count : (d + 1) * count] for d in range(len(dialogs))]
        scored_at = time.perf_counter()

        params = FilterParams(body.top_k, body.top_p, body.sigmoid_threshold, body.sigmoid_temperature)
        rng = random.Random(body.seed)
        kept = [choose(body.filtering_function, scores[d], params, rng) for d in range(len(dialogs))]
        data = [
            models.ScoredDialogGenerations(
                dialog=dialog,
                scored_generations=[
                    models.ScoredMessage(message=candidates[d][i], score=scores[d][i]) for i in kept[d]
                ],
            )
            for d, dialog in enumerate(dialogs)
        ]
        kept_scores = [scores[d][i] for d in range(len(dialogs)) for i in kept[d]]
        if body.save_as_dataset_uuid is not None:
            if not kept_scores:
                raise InvalidRequest(
                    f"save_as_dataset_uuid: {body.filtering_function.value} kept none of the {len(all_scores)} "
                    "candidates, so no dataset was created"
                )
            metadata = {
                "generated_by": "synthetic_data_generate",
                "model": model,
                "judge_model": judge,
                "filtering_function": body.filtering_function.value,
                "num_dialogs": len(dialogs),
                "num_candidates": len(all_scores),
            }
            await self.datasets.create_from_rows(body.save_as_dataset_uuid, DATASET_COLUMNS, rows(data), metadata)
        return models.SyntheticDataGenerationResponse(
            synthetic_data=data,
            statistics=models.SyntheticDataStatistics(
                num_dialogs=len(dialogs),
                num_candidates=len(all_scores),
                num_kept=len(kept_scores),
                score_min=min(all_scores),
                score_mean=statistics.fmean(all_scores),
                score_max=max(all_scores),
                kept_score_mean=statistics.fmean(kept_scores) if kept_scores else None,
                score_counts=score_counts(all_scores),
                generation_seconds=generated_at - started,
                scoring_seconds=scored_at - generated_at,
                seconds=time.perf_counter() - started,
            ),
            dataset_uuid=body.save_as_dataset_uuid,
        )


def rows(data: Sequence[models.ScoredDialogGenerations]) -> list[dict[str, Any]]:
    """The dataset rows of what was kept: each dialog followed by a kept answer, and its score; dialogs in order,
    each one's best first."""
    return [
        {
            "dialog": [message.model_dump(mode="json", exclude_none=True) for message in [*item.dialog, kept.message]],
            "score": kept.score,
        }
        for item in data
        for kept in item.scored_generations
    ]


def score_counts(scores: Sequence[float]) -> dict[str, int]:
    """How many candidates got each score, lowest score first, keyed as the score is written (`7`, `7.5`)."""
    return {f"{score:g}": scores.count(score) for score in sorted(set(scores))}


def create_synthetic_data_generation(
    config: RunConfig, served_models: Mapping[str, LlamaCppModel], apis: Mapping[str, object]
) -> SyntheticDataGeneration:
    settings = config.synthetic_data
    for setting, model in (("model", settings.model), ("judge_model", settings.judge_model)):
        if model is not None and model not in served_models:
            raise ConfigError(
                f"synthetic_data.{setting} {model!r} is not a registered model "
                f"(registered: {', '.join(served_models) or 'none'})"
            )
    inference, datasets = apis["Inference"], apis["Datasets"]
    assert isinstance(inference, LlamaCppInference) and isinstance(datasets, Datasets)
    first = config.models[0].id if config.models else None
    return SyntheticDataGeneration(inference, datasets, settings, first)
