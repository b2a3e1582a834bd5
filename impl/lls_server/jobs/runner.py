"""The job runner that evaluations (and post-training next) share: jobs kept in SQLite, run as asyncio tasks
beside the requests the server answers, at most `jobs.max_running` at once.

A job is `scheduled` until a place frees, then `running`, then `completed`, `failed` (with the reason) or
`cancelled`. What a job makes is kept as it is made (its items' results and log lines), so a cancelled or
failed job keeps its work so far. When the server stops, its running jobs are left `running` in the store;
at the next start each is resumed where its kind can resume it (an evaluation skips the rows it scored),
else marked failed with the reason: never lost, never `running` forever.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import Conflict
from .store import UNFINISHED, JobRecord, JobStore, Status

log = logging.getLogger("lls.jobs")


@dataclass(frozen=True)
class RunningJob:
    """What a job's work sees of the runner: its request, what it has done, and where to keep what it makes."""

    job_uuid: str
    request: dict[str, Any]
    store: JobStore

    async def log(self, line: str) -> None:
        await asyncio.to_thread(self.store.log, self.job_uuid, line)

    async def keep(self, item: int, result: dict[str, Any]) -> None:
        await asyncio.to_thread(self.store.add_item, self.job_uuid, item, result)

    async def done_items(self) -> set[int]:
        return await asyncio.to_thread(self.store.done_items, self.job_uuid)


class JobKind(Protocol):
    """One kind of job: its name in the store, and how its work runs."""

    name: str
    resumable: bool
    """Whether a job of this kind that a stopping server interrupted can go on at the next start."""

    def run(self, job: RunningJob) -> Coroutine[Any, Any, None]:
        """Do the job's work, keeping what it makes as it goes; return when it is all done, raise if it fails.
        Cancelled when the job is cancelled or the server stops."""
        ...


class JobRunner:
    def __init__(self, store: JobStore, *, max_running: int):
        self.store = store
        self._kinds: dict[str, JobKind] = {}
        self._places = asyncio.Semaphore(max_running)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._cancelled: set[str] = set()  # jobs whose task is cancelled because the client cancelled them

    def register(self, kind: JobKind) -> None:
        self._kinds[kind.name] = kind

    async def check_free(self, job_uuid: str) -> None:
        """A Conflict if a job has this id (`submit` checks again as it stores)."""
        if await asyncio.to_thread(self.store.exists, job_uuid):
            raise Conflict(f"job {job_uuid!r} already exists")

    async def submit(self, job_uuid: str, kind: str, request: dict[str, Any], items_total: int) -> None:
        """Keep a new job (a Conflict if its id is taken) and run it when a place frees."""
        await asyncio.to_thread(self.store.add, job_uuid, kind, request, items_total)
        await asyncio.to_thread(self.store.log, job_uuid, f"scheduled: {items_total} items")
        self._start_task(job_uuid, self._kinds[kind])

    async def get(self, job_uuid: str, kind: str) -> JobRecord:
        return await asyncio.to_thread(self.store.get, job_uuid, kind)

    async def logs(self, job_uuid: str, kind: str) -> list[str]:
        """The log lines of a job of `kind`, oldest first; a NotFound if there is none."""
        await self.get(job_uuid, kind)
        return await asyncio.to_thread(self.store.logs, job_uuid)

    async def cancel(self, job_uuid: str, kind: str) -> None:
        """Stop a job that has not finished, keeping what it made; a Conflict if it has finished."""
        record = await self.get(job_uuid, kind)
        if record.status not in UNFINISHED or not await asyncio.to_thread(
            self.store.finish, job_uuid, Status.cancelled
        ):
            raise Conflict(f"{kind} job {job_uuid!r} has finished ({record.status.value}): there is nothing to cancel")
        await asyncio.to_thread(self.store.log, job_uuid, "cancelled by the client")
        task = self._tasks.get(job_uuid)
        if task is not None:
            self._cancelled.add(job_uuid)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)  # its generations are stopped when this returns
            self._cancelled.discard(job_uuid)

    async def start(self) -> None:
        """Take up the jobs a stopped server left unfinished: resume them, or fail them saying why."""
        for job_uuid, kind_name, status in await asyncio.to_thread(self.store.unfinished):
            kind = self._kinds.get(kind_name)
            if kind is not None and kind.resumable:
                if status is Status.running:
                    await asyncio.to_thread(self.store.reschedule, job_uuid)
                await asyncio.to_thread(self.store.log, job_uuid, "the server restarted: the job goes on")
                self._start_task(job_uuid, kind)
            else:
                reason = "the server stopped while the job was unfinished, and it cannot be resumed"
                await asyncio.to_thread(self.store.finish, job_uuid, Status.failed, reason)
                await asyncio.to_thread(self.store.log, job_uuid, f"failed: {reason}")

    async def stop(self) -> None:
        """Stop every job's task, leaving the jobs unfinished in the store for the next start."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def counts(self) -> dict[tuple[str, Status], int]:
        """How many jobs there are of each registered kind (and any other the store holds) and each status, none
        left out (blocks: SQLite counts them)."""
        found = self.store.counts()
        kinds = {*self._kinds, *(kind for kind, _ in found)}
        return {(kind, status): found.get((kind, status), 0) for kind in sorted(kinds) for status in Status}

    def _start_task(self, job_uuid: str, kind: JobKind) -> None:
        # In a context of its own: the job is not the request that submitted it (its log lines name no request).
        context = contextvars.Context()
        task = asyncio.create_task(self._run(job_uuid, kind), name=f"job {job_uuid}", context=context)
        self._tasks[job_uuid] = task
        task.add_done_callback(lambda _: self._tasks.pop(job_uuid, None))

    async def _run(self, job_uuid: str, kind: JobKind) -> None:
        async with self._places:
            record = await asyncio.to_thread(self.store.get, job_uuid, kind.name)
            if record.status is not Status.scheduled:  # cancelled while it waited for a place
                return
            await asyncio.to_thread(self.store.start, job_uuid)
            await asyncio.to_thread(self.store.log, job_uuid, "running")
            await self._outcome(job_uuid, lambda: kind.run(RunningJob(job_uuid, record.request, self.store)))

    async def _outcome(self, job_uuid: str, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run the work and record how it ended. A cancellation that is not the client's (the server stops)
        leaves the job `running`, for `start` to take up."""
        try:
            await work()
        except asyncio.CancelledError:
            if job_uuid in self._cancelled:
                return  # `cancel` recorded it
            raise
        except Exception as exc:
            log.exception("job %s failed", job_uuid)
            reason = str(exc) or type(exc).__name__
            if await asyncio.to_thread(self.store.finish, job_uuid, Status.failed, reason):
                await asyncio.to_thread(self.store.log, job_uuid, f"failed: {reason}")
            return
        if await asyncio.to_thread(self.store.finish, job_uuid, Status.completed):
            await asyncio.to_thread(self.store.log, job_uuid, "completed")
