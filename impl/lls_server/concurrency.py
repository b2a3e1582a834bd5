"""Running a request's pieces of work together."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from typing import Any, TypeVar

Result = TypeVar("Result")


async def all_or_first_error(coroutines: Iterable[Coroutine[Any, Any, Result]]) -> list[Result]:
    """Their results, in order. The first that fails cancels the others, so that none works on for nobody, and
    its error is raised as it was, without the exception group around it."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(coroutine) for coroutine in coroutines]
    except BaseExceptionGroup as failed:
        first = failed.exceptions[0]
        raise first from first.__cause__
    return [task.result() for task in tasks]
