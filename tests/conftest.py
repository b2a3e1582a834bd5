"""Shared fixtures: the default run config and a real server on a socket; the spec as schemathesis loads it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lls_server.testing import LiveServer, write_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def config_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("config"))


@pytest.fixture(scope="session")
def live_server(config_file: Path) -> Iterator[LiveServer]:
    server = LiveServer(config_file)
    yield server
    server.stop()


SCHEMA_REF = "#/components/schemas/"


def with_schemas_inlined(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` with each `$ref` to a schema replaced by that schema (its sibling keywords kept), for schemathesis.

    Schemathesis 4.32 skips its check that an array's demanded element can exist while it builds the target of
    a `$ref`; a negative case that negates an array of `Message` then demands an element that is and is not a
    `Message`, and it raises InvalidSchema "Cannot generate an array with 1 demanded elements" instead of
    choosing another case. With no `$ref` to a schema left, every check runs. The spec has no cycle to unroll.
    """
    schemas = spec["components"]["schemas"]

    def inline(node: Any, within: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, within) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
            name = ref.removeprefix(SCHEMA_REF)
            if name in within:
                raise ValueError(f"schema {name} refers to itself through {' -> '.join(within)}: cannot inline it")
            siblings = {key: inline(value, within) for key, value in node.items() if key != "$ref"}
            return {**inline(schemas[name], (*within, name)), **siblings}
        return {key: inline(value, within) for key, value in node.items()}

    return inline(spec, ())
