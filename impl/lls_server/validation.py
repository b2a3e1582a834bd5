"""Request validation: the generated models parse a request, the spec's own JSON schemas have the last word.

Pydantic gives the clearest messages ("body.messages.0.user.content: Field required") but is more
lenient than the spec: it takes `null` for an optional field and, in lax mode, `"5"` for an integer.
So a body must pass both: the generated types, then the operation's JSON schema from the spec.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from typing import Any

import jsonschema_rs
import yaml
from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from lls_api.routes import QueryParameters
from lls_api.routes import Route as ApiRoute

from .errors import InvalidBody, InvalidRequest

SPEC = yaml.safe_load(resources.files("lls_api").joinpath("openapi.yaml").read_text())
MAX_ERRORS_REPORTED = 5


def _request_schemas() -> dict[str, dict[str, Any]]:
    schemas = {}
    for item in SPEC["paths"].values():
        for operation in item.values():
            if "requestBody" in operation:
                schemas[operation["operationId"]] = operation["requestBody"]["content"]["application/json"]["schema"]
    return schemas


REQUEST_SCHEMAS = _request_schemas()


def _joined(problems: list[str]) -> str:
    more = len(problems) - MAX_ERRORS_REPORTED
    return "; ".join(problems[:MAX_ERRORS_REPORTED]) + (f"; and {more} more" if more > 0 else "")


def _location(where: str, path: Any) -> str:
    return ".".join(str(part) for part in (where, *path))


def describe_pydantic_errors(errors: list[ErrorDetails], where: str) -> str:
    return _joined([f"{_location(where, error['loc'])}: {error['msg']}" for error in errors])


def parse_query(model: type[QueryParameters], query: dict[str, str]) -> dict[str, Any]:
    try:
        parsed = model.model_validate(query)
    except ValidationError as exc:
        raise InvalidRequest(describe_pydantic_errors(exc.errors(include_url=False), "query")) from exc
    return {name: getattr(parsed, name) for name in type(parsed).model_fields}


def _non_finite_number(document: Any) -> str | None:
    """Where the body holds NaN or an infinity (Python's JSON decoder reads `NaN`, `Infinity` and `1e999`)."""
    pending: list[tuple[tuple[Any, ...], Any]] = [((), document)]  # a loop, not recursion: bodies may nest deeply
    while pending:
        path, value = pending.pop()
        if isinstance(value, float) and not math.isfinite(value):
            return _location("body", path)
        if isinstance(value, dict):
            pending.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend(((*path, index), item) for index, item in enumerate(value))
    return None


class BodyParser:
    """Parses one operation's JSON body into its generated type, or raises a 400/422 that names the field."""

    def __init__(self, route: ApiRoute):
        self.adapter: TypeAdapter[Any] = TypeAdapter(route.body)
        schema = REQUEST_SCHEMAS[route.operation_id]
        self.schema = jsonschema_rs.validator_for({**schema, "components": SPEC["components"]})

    def __call__(self, raw: bytes) -> Any:
        if not raw.strip():
            raise InvalidRequest("a JSON request body is required")
        try:
            document = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidRequest(f"the body is not valid JSON: {exc}") from exc
        if (where := _non_finite_number(document)) is not None:
            raise InvalidRequest(f"{where}: not a finite number (NaN, Infinity and numbers beyond a double's range)")
        try:
            value = self.adapter.validate_python(document)
        except ValidationError as exc:
            raise InvalidBody(describe_pydantic_errors(exc.errors(include_url=False), "body")) from exc
        violations = [
            f"{_location('body', error.instance_path)}: {error.message}" for error in self.schema.iter_errors(document)
        ]
        if violations:
            raise InvalidBody(_joined(violations))
        return value
