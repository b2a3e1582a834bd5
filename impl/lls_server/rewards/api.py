"""The RewardScoring API: a registered model judges each sampled generation of each dialog (see `judge`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import partial
from typing import TypeVar

from lls_api import models
from lls_api.interfaces import RewardScoringApi

from ..concurrency import all_or_first_error
from ..config import RunConfig
from ..errors import ApiError
from ..inference import LlamaCppInference
from ..inference.llama_engine import LlamaCppModel
from .judge import Judge

Result = TypeVar("Result")


async def together(
    inference: LlamaCppInference, model_id: str, jobs: Sequence[tuple[str, Callable[[], Awaitable[Result]]]]
) -> list[Result]:
    """The jobs' results, in order, running at most as many at once as the model decodes together (its
    `parallel`), so that a large request neither fills the model's waiting queue (503) nor waits on it; the
    first that fails cancels the rest, and its error names the job."""
    limit = asyncio.Semaphore(inference.model(model_id).config.parallel)

    async def job(name: str, work: Callable[[], Awaitable[Result]]) -> Result:
        try:
            async with limit:
                return await work()
        except ApiError as exc:
            raise exc.in_context(name) from exc

    return await all_or_first_error(job(name, work) for name, work in jobs)


class RewardScoring(RewardScoringApi):
    def __init__(self, inference: LlamaCppInference):
        self.inference = inference
        self.judge = Judge(inference)

    async def reward_score(self, *, body: models.RewardScoringRequest) -> models.RewardScoringResponse:
        self.inference.model(body.model)  # a 404 first
        pairs = [
            (item.dialog, generation, f"dialog_generations.{i}.sampled_generations.{j}")
            for i, item in enumerate(body.dialog_generations)
            for j, generation in enumerate(item.sampled_generations)
        ]
        jobs = [(name, partial(self.judge.score, body.model, dialog, answer)) for dialog, answer, name in pairs]
        scores = iter(await together(self.inference, body.model, jobs))
        return models.RewardScoringResponse(
            scored_generations=[
                models.ScoredDialogGenerations(
                    dialog=item.dialog,
                    scored_generations=[
                        models.ScoredMessage(message=generation, score=next(scores))
                        for generation in item.sampled_generations
                    ],
                )
                for item in body.dialog_generations
            ]
        )


def create_reward_scoring(
    config: RunConfig, served_models: Mapping[str, LlamaCppModel], apis: Mapping[str, object]
) -> RewardScoring:
    inference = apis["Inference"]
    assert isinstance(inference, LlamaCppInference)
    return RewardScoring(inference)
