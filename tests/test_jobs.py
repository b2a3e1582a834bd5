"""The job runner's control flow, with job kinds whose work is scripted here (the real work, evaluations on the
real model, is tested end to end in test_evaluations.py): places, cancel, failure, restart."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from lls_server.errors import Conflict, NotFound
from lls_server.jobs.runner import JobRunner, RunningJob
from lls_server.jobs.store import JobStore, Status


class Steps:
    """A kind whose job keeps one item per step, each step waiting until `allow` lets that many items be done
    (or failing at `fail_at`)."""

    def __init__(self, name: str = "steps", *, resumable: bool = True, fail_at: int | None = None):
        self.name = name
        self.resumable = resumable
        self.fail_at = fail_at
        self.allowed = 0
        self.started: list[str] = []
        self._changed = asyncio.Condition()

    async def allow(self, items: int) -> None:
        async with self._changed:
            self.allowed = items
            self._changed.notify_all()

    async def run(self, job: RunningJob) -> None:
        self.started.append(job.job_uuid)
        done = await job.done_items()
        for item in range(1, job.request["items"] + 1):
            if item in done:
                continue
            async with self._changed:
                await self._changed.wait_for(lambda: item <= self.allowed)  # noqa: B023 (waited for at once)
            if item == self.fail_at:
                raise RuntimeError(f"item {item} broke")
            await job.keep(item, {"n": item})
            await job.log(f"item {item}")


ALL = 1_000_000


async def until(condition: Any, seconds: float = 5) -> None:
    async with asyncio.timeout(seconds):
        while not condition():
            await asyncio.sleep(0.01)


def runner(path: Path, kind: Steps, max_running: int = 1) -> JobRunner:
    jobs = JobRunner(JobStore(path / "jobs.sqlite"), max_running=max_running)
    jobs.register(kind)
    return jobs


def test_jobs_wait_for_a_place_then_run_to_completion(tmp_path: Path) -> None:
    async def scenario() -> None:
        kind = Steps()
        jobs = runner(tmp_path, kind)
        await jobs.submit("a", "steps", {"items": 2}, 2)
        await jobs.submit("b", "steps", {"items": 1}, 1)
        await until(lambda: kind.started == ["a"])
        assert (await jobs.get("b", "steps")).status is Status.scheduled  # one place: b waits
        await kind.allow(ALL)
        await until(lambda: jobs.store.get("b", "steps").status is Status.completed)
        a = await jobs.get("a", "steps")
        assert a.status is Status.completed and a.items_done == a.items_total == 2
        assert a.scheduled_at <= a.started_at <= a.completed_at  # type: ignore[operator]
        assert [line.split(" ", 1)[1] for line in jobs.store.logs("a")] == [
            "scheduled: 2 items",
            "running",
            "item 1",
            "item 2",
            "completed",
        ]
        assert [item for item, _ in jobs.store.items("a")] == [1, 2]
        with pytest.raises(Conflict, match="has finished"):
            await jobs.cancel("a", "steps")
        with pytest.raises(Conflict, match="already exists"):
            await jobs.submit("a", "steps", {"items": 1}, 1)
        with pytest.raises(NotFound):
            await jobs.get("a", "another-kind")  # a job is found only as what it is
        assert jobs.store.of_kind("steps") == [("a", Status.completed), ("b", Status.completed)]
        await jobs.stop()
        jobs.store.close()

    asyncio.run(scenario())


def test_a_failing_job_is_failed_with_its_reason_and_keeps_its_items(tmp_path: Path) -> None:
    async def scenario() -> None:
        kind = Steps(fail_at=2)
        await kind.allow(ALL)
        jobs = runner(tmp_path, kind)
        await jobs.submit("f", "steps", {"items": 3}, 3)
        await until(lambda: jobs.store.get("f", "steps").status is Status.failed)
        job = await jobs.get("f", "steps")
        assert job.error == "item 2 broke" and job.items_done == 1 and job.completed_at is not None
        assert jobs.store.logs("f")[-1].endswith("failed: item 2 broke")
        await jobs.stop()
        jobs.store.close()

    asyncio.run(scenario())


def test_cancel_stops_a_running_or_a_waiting_job(tmp_path: Path) -> None:
    async def scenario() -> None:
        kind = Steps()
        jobs = runner(tmp_path, kind)
        await jobs.submit("running", "steps", {"items": 3}, 3)
        await jobs.submit("waiting", "steps", {"items": 1}, 1)
        await until(lambda: kind.started == ["running"])
        await jobs.cancel("waiting", "steps")
        await jobs.cancel("running", "steps")  # blocked in its work: the cancel interrupts it
        for job_uuid in ("running", "waiting"):
            job = await jobs.get(job_uuid, "steps")
            assert job.status is Status.cancelled and job.items_done == 0
            assert "cancelled by the client" in jobs.store.logs(job_uuid)[-1]
        await kind.allow(ALL)
        await asyncio.sleep(0.1)
        assert kind.started == ["running"]  # the waiting job never ran
        assert (await jobs.get("running", "steps")).status is Status.cancelled
        await jobs.stop()
        jobs.store.close()

    asyncio.run(scenario())


def test_a_restart_resumes_what_can_resume_and_fails_the_rest(tmp_path: Path) -> None:
    async def before() -> None:
        resumable, one_shot = Steps(), Steps("one-shot", resumable=False)
        jobs = runner(tmp_path, resumable)
        jobs.register(one_shot)
        await jobs.submit("goes-on", "steps", {"items": 3}, 3)
        await jobs.submit("lost", "one-shot", {"items": 1}, 1)
        await resumable.allow(1)
        await until(lambda: jobs.store.get("goes-on", "steps").items_done == 1)
        await jobs.stop()  # the server stops: the jobs stay unfinished in the store
        assert jobs.store.get("goes-on", "steps").status is Status.running
        assert jobs.store.get("lost", "one-shot").status is Status.scheduled
        jobs.store.close()

    async def after() -> None:
        resumable, one_shot = Steps(), Steps("one-shot", resumable=False)
        jobs = runner(tmp_path, resumable, max_running=2)
        jobs.register(one_shot)
        assert jobs.store.get("goes-on", "steps").items_done == 1
        await resumable.allow(ALL)
        await jobs.start()
        await until(lambda: jobs.store.get("goes-on", "steps").status is Status.completed)
        assert jobs.store.get("goes-on", "steps").items_done == 3
        assert "the server restarted: the job goes on" in "\n".join(jobs.store.logs("goes-on"))
        logged = [line for line in jobs.store.logs("goes-on") if line.endswith(("item 1", "item 2", "item 3"))]
        assert len(logged) == 3  # item 1, done before the restart, was not done again
        lost = jobs.store.get("lost", "one-shot")
        assert lost.status is Status.failed and "cannot be resumed" in (lost.error or "")
        assert one_shot.started == []
        await jobs.stop()
        jobs.store.close()

    asyncio.run(before())
    asyncio.run(after())
