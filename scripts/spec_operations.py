"""The spec's operations, in one order, for the scripts that generate code and docs from it."""

from dataclasses import dataclass
from typing import Any

SSE = "text/event-stream"
JSON = "application/json"
JSON_LINES = "application/jsonl"


@dataclass
class SpecOperation:
    operation_id: str
    tag: str
    method: str
    """Upper case, as HTTP writes it."""
    path: str
    summary: str
    description: str
    spec: dict[str, Any]
    """The operation object as the spec has it."""

    @property
    def streams(self) -> bool:
        return SSE in self.spec["responses"]["200"].get("content", {})


def spec_operations(spec: dict[str, Any]) -> list[SpecOperation]:
    """Every operation of the spec, each of exactly one tag, ordered by tag, then operation id."""
    ops = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            (tag,) = op["tags"]
            ops.append(
                SpecOperation(op["operationId"], tag, method.upper(), path, op["summary"], op["description"], op)
            )
    return sorted(ops, key=lambda o: (o.tag, o.operation_id))
