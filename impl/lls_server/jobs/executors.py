"""Where a job's items run: the seam between the job runner and the engines that do the work.

`LocalExecutor` (the default) runs them on the server's own models, at most `jobs.max_concurrent_requests` at
once, in the continuous batch that interactive requests share. `RayExecutor` hands them to a Ray cluster: an
actor that loads the model on a node of the cluster runs the very same work there and streams each item's
result back as it is done (Ray's streaming generators), for evaluations larger than one machine serves.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, Protocol

from ..config import JobsConfig, ModelConfig
from ..errors import ApiError, Unavailable
from ..inference import LlamaCppInference
from ..inference.llama_engine import LlamaCppModel

log = logging.getLogger("lls.jobs")
Item = tuple[int, Any]  # an item's number (from 1) and what the work takes
Result = tuple[int, dict[str, Any]]
BUSY_RETRIES = 5  # a model's queue full (503): an item waits as the answer says, this many times at most


class ItemWork(Protocol):
    """What a job does with one item on a model: picklable, so that a Ray executor can ship it to a node."""

    @property
    def model_id(self) -> str: ...

    async def __call__(self, inference: LlamaCppInference, item: Any, /) -> dict[str, Any]: ...


class Executor(Protocol):
    def map(self, work: ItemWork, items: Sequence[Item]) -> AsyncIterator[Result]:
        """Each item's result, as each is done (not in order). The first item that fails ends the iteration
        with its error; closing the iterator cancels the items in flight."""
        ...


async def run_item(work: ItemWork, inference: LlamaCppInference, number: int, item: Any) -> Result:
    """One item's result; a busy model (503) is waited for, a few times."""
    for attempt in range(BUSY_RETRIES + 1):
        try:
            return number, await work(inference, item)
        except Unavailable as busy:
            if attempt == BUSY_RETRIES:
                raise busy.in_context(f"item {number}") from busy
            await asyncio.sleep(float(busy.headers.get("Retry-After", 1)))
        except ApiError as exc:
            raise exc.in_context(f"item {number}") from exc
    raise AssertionError("unreachable")


async def bounded_map(
    work: ItemWork, inference: LlamaCppInference, items: Sequence[Item], concurrency: int
) -> AsyncIterator[Result]:
    """The items' results as each is done, at most `concurrency` in flight."""
    todo = iter(items)
    pending: set[asyncio.Task[Result]] = set()
    try:
        while True:
            while len(pending) < concurrency and (item := next(todo, None)) is not None:
                pending.add(asyncio.create_task(run_item(work, inference, *item)))
            if not pending:
                return
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                yield task.result()
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


class LocalExecutor:
    """Items run on the server's own models, sharing their continuous batch with interactive requests."""

    def __init__(self, inference: LlamaCppInference, concurrency: int):
        self.inference = inference
        self.concurrency = concurrency

    def map(self, work: ItemWork, items: Sequence[Item]) -> AsyncIterator[Result]:
        return bounded_map(work, self.inference, items, self.concurrency)


class ItemActor:
    """A Ray actor (see `RayExecutor`): the model loaded on its node, and the same work as a local job's."""

    def __init__(self, model: ModelConfig):
        self.model = LlamaCppModel(model)
        self.inference = LlamaCppInference({model.id: self.model})

    async def run(self, work: ItemWork, items: Sequence[Item], concurrency: int) -> AsyncIterator[Result]:
        async for result in bounded_map(work, self.inference, items, concurrency):
            yield result


class RayExecutor:
    """Items run on a Ray cluster: per `map`, an actor that loads the model there (from the same path, which
    every node must hold), streaming results back; the actor is killed when the map ends or is cancelled."""

    def __init__(self, config: JobsConfig, models: Mapping[str, ModelConfig]):
        self.config = config
        self.models = models
        self._connected = False

    def _connect(self) -> Any:
        import ray  # only where a run config asks for Ray: the server does not pay for it otherwise

        if not self._connected:
            if not ray.is_initialized():
                ray.init(address=self.config.ray_address, log_to_driver=False, configure_logging=False)
            self._connected = True
        return ray

    async def map(self, work: ItemWork, items: Sequence[Item]) -> AsyncIterator[Result]:
        ray = await asyncio.to_thread(self._connect)
        actor_class = ray.remote(ItemActor).options(num_cpus=self.config.ray_actor_cpus)
        actor = actor_class.remote(self.models[work.model_id])
        try:
            stream = actor.run.options(num_returns="streaming").remote(
                work, list(items), self.config.max_concurrent_requests
            )
            async for reference in stream:
                try:
                    yield await reference
                except ray.exceptions.RayTaskError as failed:  # the item's own error, not Ray's wrapping of it
                    raise (failed.cause or failed) from None
        finally:
            ray.kill(actor)


def create_executor(config: JobsConfig, models: Sequence[ModelConfig], inference: LlamaCppInference) -> Executor:
    if config.executor == "ray":
        return RayExecutor(config, {model.id: model for model in models})
    return LocalExecutor(inference, config.max_concurrent_requests)
