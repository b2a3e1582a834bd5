"""Generate everything that derives from spec/llama-stack.yaml, or check that nothing drifted.

    python scripts/generate.py            # rewrite the checked-in generated files
    python scripts/generate.py --check    # regenerate into a temporary tree and diff

Outputs (all deterministic, all checked in):
  generated/lls_api/models.py       pydantic v2 models (datamodel-code-generator)
  generated/lls_api/interfaces.py   one class per API tag, one async method per operation
  generated/lls_api/routes.py       the route table: method + path -> operation, types, query model
  generated/lls_api/openapi.yaml    the spec itself, shipped with the package
  clients/python/lls_client/        the client SDK (openapi-python-client, with the templates in
                                    scripts/templates/openapi_python_client) + retries, streaming helpers, agent
  docs/site/                        the documentation site (scripts/build_docs.py)
"""

from __future__ import annotations

import argparse
import ast
import copy
import filecmp
import keyword
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import build_docs  # beside this script
import jinja2
import yaml
from client_names import snake  # beside this script
from spec_operations import JSON, JSON_LINES, SSE, SpecOperation, spec_operations  # beside this script

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "llama-stack.yaml"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# openapi-python-client's templates that the client overrides: raising calls, typed errors, retries, timeouts.
CLIENT_TEMPLATES = TEMPLATES / "openapi_python_client"
BIN = Path(sys.executable).parent

# Every path below is produced by this script; --check compares exactly these.
OUTPUTS = ("generated/lls_api", "clients/python", build_docs.SITE)


# ----------------------------------------------------------------- spec model
@dataclass
class Param:
    name: str
    py_type: str
    required: bool
    description: str
    constraints: str  # pydantic Field(...) keyword arguments


@dataclass
class Operation(SpecOperation):
    """An operation with the Python types of its parameters, body and answers."""

    params: list[Param] = field(default_factory=list)
    body_type: str | None = None
    response_type: str | None = None
    stream_event_type: str | None = None
    line_type: str | None = None
    error_format: str = "problem"

    @property
    def class_prefix(self) -> str:
        return "".join(part.capitalize() for part in self.operation_id.split("_"))

    @property
    def return_type(self) -> str:
        if self.stream_event_type:
            return f"{self.response_type} | AsyncIterator[{self.stream_event_type}]"
        if self.line_type:
            return f"AsyncIterator[{self.line_type}]"
        return self.response_type or "None"


class TypeMapper:
    """Turns JSON schemas of the spec into Python type expressions over `models`."""

    SCALARS: ClassVar = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
    CONSTRAINTS: ClassVar = {
        "minLength": "min_length",
        "maxLength": "max_length",
        "minItems": "min_length",
        "maxItems": "max_length",
        "minimum": "ge",
        "maximum": "le",
        "pattern": "pattern",
    }

    def __init__(self, spec: dict[str, Any], model_classes: set[str]):
        self.schemas = spec["components"]["schemas"]
        self.model_classes = model_classes

    def constraints(self, schema: dict[str, Any]) -> str:
        return ", ".join(f"{py}={schema[js]!r}" for js, py in self.CONSTRAINTS.items() if js in schema)

    def __call__(self, schema: dict[str, Any]) -> str:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            return f"models.{name}" if name in self.model_classes else self(self.schemas[name])
        union = schema.get("anyOf") or schema.get("oneOf")
        if union:
            return " | ".join(self(s) for s in union)
        if "allOf" in schema:
            return self.intersection(schema["allOf"])
        if "const" in schema:
            return "None" if schema["const"] is None else f"Literal[{schema['const']!r}]"
        if "type" not in schema:
            return "Any"  # JSON Schema: a schema that names no type admits every value
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        base = " | ".join(self.kind(kind, schema) for kind in kinds)
        constraints = self.constraints(schema)
        return f"Annotated[{base}, Field({constraints})]" if constraints else base

    def kind(self, kind: str, schema: dict[str, Any]) -> str:
        """The type of one JSON type of `schema` (one entry of an OpenAPI 3.1 `type` list)."""
        if kind == "array":
            return f"list[{self(schema.get('items', {}))}]"
        if kind == "object":
            return "dict[str, Any]"
        return self.SCALARS[kind]

    def intersection(self, parts: list[dict[str, Any]]) -> str:
        """The type of an `allOf`: the one type its parts name, beside parts that only annotate (a description).

        A merge of several types has a Python type only as a model, which datamodel-code-generator makes
        of schemas in components/schemas alone: the spec names such a schema there and refers to it.
        """
        types = list(dict.fromkeys(t for t in map(self, parts) if t != "Any"))
        if len(types) > 1:
            raise ValueError(f"allOf of {' and '.join(types)}: name the merged schema in components/schemas")
        return types[0] if types else "Any"


def model_classes(models_py: Path) -> set[str]:
    tree = ast.parse(models_py.read_text())
    return {node.name for node in tree.body if isinstance(node, ast.ClassDef)}


def operations(spec: dict[str, Any], types: TypeMapper) -> list[Operation]:
    """`spec_operations`, each with the Python types of its parameters, body and answers."""
    ops = []
    shared_params = spec["components"].get("parameters", {})
    for base in spec_operations(spec):
        operation, op = Operation(**vars(base)), base.spec
        operation.error_format = op.get("x-lls-error-format", "problem")
        for param in op.get("parameters", []):
            if "$ref" in param:
                param = shared_params[param["$ref"].rsplit("/", 1)[1]]
            # A path parameter is validated with the query's: the app hands both over as one mapping.
            where = param["in"]
            assert where in ("query", "path"), f"{operation.operation_id}: {where} parameters are not routed"
            assert param["name"].isidentifier() and not keyword.iskeyword(param["name"])
            plain = {k: v for k, v in param["schema"].items() if k not in TypeMapper.CONSTRAINTS}
            operation.params.append(
                Param(
                    param["name"],
                    types(plain),
                    param.get("required", False),
                    param.get("description", ""),
                    types.constraints(param["schema"]),
                )
            )
        if "requestBody" in op:
            operation.body_type = types(op["requestBody"]["content"][JSON]["schema"])
        content = op["responses"]["200"].get("content", {})
        if JSON in content:
            operation.response_type = types(content[JSON]["schema"])
        if SSE in content:
            operation.stream_event_type = types(content[SSE]["schema"]["properties"]["data"]["contentSchema"])
        if JSON_LINES in content:  # the schema is one line's
            operation.line_type = types(content[JSON_LINES]["schema"])
        ops.append(operation)
    return ops


# ----------------------------------------------------------------- generators
def run(cmd: list[str], cwd: Path) -> None:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd[:2])} failed:\n{result.stdout}\n{result.stderr}")


# Isolated from any pyproject.toml, so that a temporary tree and the repository format alike.
RUFF = str(BIN / "ruff")
RUFF_OPTIONS = ["--isolated", "--no-cache", "--line-length", "120", "--quiet"]


def ruff_format(paths: list[Path], cwd: Path) -> None:
    run([RUFF, "check", *RUFF_OPTIONS, "--fix", "--select", "I,F401", *map(str, paths)], cwd)
    run([RUFF, "format", *RUFF_OPTIONS, *map(str, paths)], cwd)


def generate_models(out: Path) -> Path:
    models_py = out / "generated/lls_api/models.py"
    # datamodel-codegen formats by the nearest pyproject.toml: generate far from any, to format alike everywhere.
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "models.py"
        run(
            [
                str(BIN / "datamodel-codegen"),
                "--input",
                str(SPEC),
                "--input-file-type",
                "openapi",
                "--output",
                str(scratch),
                "--output-model-type",
                "pydantic_v2.BaseModel",
                "--target-python-version",
                "3.11",
                "--use-standard-collections",
                "--use-union-operator",
                "--use-annotated",
                "--use-double-quotes",
                "--disable-timestamp",
                "--collapse-root-models",
                "--use-schema-description",
                "--use-field-description",
                "--enum-field-as-literal",
                "one",
                "--strict-nullable",
                "--formatters",
                "builtin",
                "--custom-file-header",
                "# Generated by scripts/generate.py from spec/llama-stack.yaml. Do not edit.",
            ],
            Path(tmp),
        )
        shutil.copyfile(scratch, models_py)
    ruff_format([models_py], out)
    return models_py


def docstring_text(text: str) -> str:
    """`text` escaped to stand between triple double quotes and read back as written.

    Backslashes are doubled, so that none starts an escape or joins lines; quotes are escaped where they
    could end the string: where two or more stand together, and last, before the closing quotes.
    """
    return re.sub(r'(?<=")"|"(?="|\Z)', r'\\"', text.replace("\\", "\\\\"))


def render(template: str, target: Path, **context: Any) -> None:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["snake"] = snake
    env.filters["docstring"] = docstring_text
    env.filters["repr"] = repr
    env.filters["model_name"] = lambda type_expr: type_expr.removeprefix("models.")
    env.filters["model_module"] = lambda type_expr: snake(type_expr.removeprefix("models."))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(env.get_template(template).render(**context))


def generate_server_layer(out: Path, spec: dict[str, Any], ops: list[Operation]) -> None:
    package = out / "generated/lls_api"
    tags = [(tag["name"], tag.get("description", "")) for tag in spec["tags"]]
    render("__init__.py.jinja", package / "__init__.py", spec=spec)
    render("interfaces.py.jinja", package / "interfaces.py", tags=tags, ops=ops)
    render("routes.py.jinja", package / "routes.py", tags=tags, ops=ops)
    shutil.copyfile(SPEC, package / "openapi.yaml")
    ruff_format([package / "__init__.py", package / "interfaces.py", package / "routes.py"], out)


def client_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the client generator reads it: a JSON Lines answer is a download, handed over as its bytes
    (openapi-python-client knows no JSON Lines; its `File` is what a download is to it)."""
    spec = copy.deepcopy(spec)
    for methods in spec["paths"].values():
        for op in methods.values():
            content = op["responses"]["200"].get("content", {})
            if content.pop(JSON_LINES, None) is not None:
                content["application/octet-stream"] = {"schema": {"type": "string", "format": "binary"}}
    return spec


def generate_client(out: Path, spec: dict[str, Any], ops: list[Operation]) -> None:
    target = out / "clients/python"
    with tempfile.TemporaryDirectory() as tmp:
        client_spec_path = Path(tmp) / "openapi.yaml"
        client_spec_path.write_text(yaml.safe_dump(client_spec(spec), sort_keys=False, allow_unicode=True))
        config = Path(tmp) / "config.yaml"
        config.write_text(
            yaml.safe_dump(
                {
                    "project_name_override": "lls-client",
                    "package_name_override": "lls_client",
                    "post_hooks": [
                        " ".join([RUFF, "check", ".", "--fix-only", *RUFF_OPTIONS]),
                        " ".join([RUFF, "format", ".", *RUFF_OPTIONS]),
                    ],
                }
            )
        )
        run(
            [
                str(BIN / "openapi-python-client"),
                "generate",
                "--path",
                str(client_spec_path),
                "--config",
                str(config),
                "--meta",
                "none",
                "--output-path",
                str(target / "lls_client"),
                "--custom-template-path",
                str(CLIENT_TEMPLATES),
                "--overwrite",
            ],
            out,
        )
    # The OpenAI-compatible streams are for OpenAI's own SDK, which reads their `[DONE]` and error events.
    streaming = [op for op in ops if op.stream_event_type and op.error_format == "problem"]
    render("client_streaming.py.jinja", target / "lls_client/streaming.py", ops=streaming)
    render("client_agents.py.jinja", target / "lls_client/agents.py")
    render("client_retries.py.jinja", target / "lls_client/retries.py")
    ruff_format([target / f"lls_client/{name}.py" for name in ("streaming", "agents", "retries")], out)


def generate(out: Path) -> None:
    """Write every output into `out`, a tree that holds none of them yet."""
    spec = yaml.safe_load(SPEC.read_text())
    (out / "generated/lls_api").mkdir(parents=True)
    models_py = generate_models(out)
    ops = operations(spec, TypeMapper(spec, model_classes(models_py)))
    generate_server_layer(out, spec, ops)
    generate_client(out, spec, ops)
    build_docs.build(out)


def regenerate(root: Path) -> None:
    """Replace the outputs in `root` with fresh ones, only once every one of them generated.

    They generate in a scratch tree, as for the drift check, then move beside the outputs (onto their
    file system), so that each one is swapped in by two renames: a failed generation leaves `root` as
    it was, and an output is missing only between the two renames.
    """
    with tempfile.TemporaryDirectory() as scratch:
        generate(Path(scratch))
        with tempfile.TemporaryDirectory(dir=root, prefix=".generate-") as staging:
            new, old = Path(staging) / "new", Path(staging) / "old"
            for rel in OUTPUTS:
                (new / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.move(Path(scratch) / rel, new / rel)
            for rel in OUTPUTS:
                (old / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                if (root / rel).exists():
                    (root / rel).rename(old / rel)
                (new / rel).rename(root / rel)
            # Leaving the block deletes the old outputs with the staging tree.


# ----------------------------------------------------------------- drift check
def differences(expected: Path, actual: Path) -> list[str]:
    """Files that differ, are missing or are extra in `actual` compared to `expected`."""
    found = []
    for rel in OUTPUTS:
        want = {
            p.relative_to(expected) for p in (expected / rel).rglob("*") if p.is_file() and "__pycache__" not in p.parts
        }
        have = {
            p.relative_to(actual) for p in (actual / rel).rglob("*") if p.is_file() and "__pycache__" not in p.parts
        }
        found += [f"missing: {p}" for p in sorted(want - have)]
        found += [f"not generated: {p}" for p in sorted(have - want)]
        found += [
            f"differs: {p}" for p in sorted(want & have) if not filecmp.cmp(expected / p, actual / p, shallow=False)
        ]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--check", action="store_true", help="fail if the checked-in files differ from a fresh generation"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="the tree to check (default: this repository)")
    args = parser.parse_args()
    if not args.check:
        regenerate(ROOT)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp))
        drift = differences(Path(tmp), args.root)
    if drift:
        print(
            "Generated files drifted from spec/llama-stack.yaml (run `make generate`):",
            *drift,
            sep="\n  ",
            file=sys.stderr,
        )
        return 1
    print(f"generated files match {SPEC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
