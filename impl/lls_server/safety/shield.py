"""The seam every shield stands behind: messages in, a verdict out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..inference.chat_format import Message


@dataclass(frozen=True)
class Verdict:
    """What a shield found. `violation_type` None: nothing; otherwise what was found (a Llama Guard category
    such as "S1", a scanner's rule ids, "injection"), and `message` what the user is told about it."""

    violation_type: str | None = None
    message: str | None = None

    @property
    def is_violation(self) -> bool:
        return self.violation_type is not None


class Shield(Protocol):
    """A shield the run config set up. `check` raises an `ApiError` for what it cannot judge (a client's
    mistake: 4xx; a dependency that failed: 502/503/504), never answers "safe" for want of a verdict."""

    @property
    def shield_type(self) -> str: ...

    @property
    def description(self) -> str:
        """What it checks, for /shields/list."""
        ...

    async def check(self, messages: Sequence[Message]) -> Verdict: ...
