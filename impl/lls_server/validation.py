"""Request validation: the generated models parse a request, the spec's own JSON schemas have the last word.

Pydantic gives the clearest messages ("body.messages.0.user.content: Field required") but is more
lenient than the spec: it takes `null` for an optional field and, in lax mode, `"5"` for an integer.
So a body must pass both: the generated types, then the operation's JSON schema from the spec.
"""

from __future__ import annotations

import collections
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


def _request_bodies() -> dict[str, dict[str, Any]]:
    return {
        operation["operationId"]: operation["requestBody"]
        for item in SPEC["paths"].values()
        for operation in item.values()
        if "requestBody" in operation
    }


REQUEST_BODIES = _request_bodies()
REQUEST_SCHEMAS = {
    operation_id: body["content"]["application/json"]["schema"] for operation_id, body in REQUEST_BODIES.items()
}


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


MAX_NESTING = 64  # levels of arrays and objects: far more than any request of the spec needs


class _DuplicateKey(Exception):
    pass


def _object_without_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):  # JSON leaves repeated keys undefined; Python would keep the last silently
        counts = collections.Counter(key for key, _ in pairs)
        raise _DuplicateKey(next(key for key, _ in pairs if counts[key] > 1))
    return document


def _decode(raw: bytes) -> Any:
    """The body's JSON, or a 400 that says why not; the JSON decoder itself recurses, hence RecursionError."""
    try:
        return json.loads(raw, object_pairs_hook=_object_without_duplicate_keys)
    except UnicodeDecodeError as exc:
        raise InvalidRequest(f"the body is not valid JSON: it is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except RecursionError as exc:
        raise InvalidRequest(f"the body nests arrays and objects deeper than {MAX_NESTING} levels") from exc
    except _DuplicateKey as exc:
        raise InvalidRequest(f"the body repeats the key {exc.args[0]!r} in one object") from exc
    except ValueError as exc:  # JSONDecodeError, or an integer literal of more digits than Python converts
        raise InvalidRequest(f"the body is not valid JSON: {exc}") from exc


def _problem_in(document: Any) -> str | None:
    """What is wrong, and where, with a decoded body that JSON allows but this server cannot take: nesting past
    MAX_NESTING, NaN or an infinity (Python's decoder reads `NaN`, `Infinity` and `1e999`), or text with a lone
    surrogate (`"\\ud800"`), which cannot be encoded as UTF-8."""
    pending: list[tuple[tuple[Any, ...], Any]] = [((), document)]  # a loop, not recursion: bodies may nest deeply
    while pending:
        path, value = pending.pop()
        if len(path) > MAX_NESTING:
            return f"{_location('body', path[:MAX_NESTING])}: nests deeper than {MAX_NESTING} levels"
        if isinstance(value, float) and not math.isfinite(value):
            return f"{_location('body', path)}: not a finite number (NaN, Infinity and numbers beyond a double's range)"
        if isinstance(value, str) and not _is_utf8(value):
            return f"{_location('body', path)}: the text holds a lone surrogate, which is not Unicode text"
        if isinstance(value, dict):
            for key, item in value.items():
                if not _is_utf8(key):
                    return f"{_location('body', path)}: a key holds a lone surrogate, which is not Unicode text"
                pending.append(((*path, key), item))
        elif isinstance(value, list):
            pending.extend(((*path, index), item) for index, item in enumerate(value))
    return None


def _is_utf8(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


class BodyParser:
    """Parses one operation's JSON body into its generated type, or raises a 400/422 that names the field."""

    def __init__(self, route: ApiRoute):
        self.adapter: TypeAdapter[Any] = TypeAdapter(route.body)
        schema = REQUEST_SCHEMAS[route.operation_id]
        self.schema = jsonschema_rs.validator_for({**schema, "components": SPEC["components"]})
        # An operation whose body is optional reads a missing one as JSON null (its schema then admits null).
        self.optional = not REQUEST_BODIES[route.operation_id].get("required", False)

    def __call__(self, raw: bytes) -> Any:
        if not raw.strip() and not self.optional:
            raise InvalidRequest("a JSON request body is required")
        document = _decode(raw) if raw.strip() else None
        if (problem := _problem_in(document)) is not None:
            raise InvalidRequest(problem)
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
