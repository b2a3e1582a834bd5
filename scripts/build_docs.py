"""Build the documentation site from spec/llama-stack.yaml and the sources in docs/src.

    python scripts/build_docs.py          # write docs/site (scripts/generate.py does this too)

The site is static and offline: guide pages rendered from Markdown (with Jinja, so that they can
quote the spec, the run config's fields and the examples), and an API reference rendered in the
browser by Redoc from `openapi.json`, the spec plus what a reader needs beside it: a Python and a
curl example for each operation, streaming events shown as their schemas, and a section per schema.
Redoc's bundle is not part of the site: set-up fetches it into docs/vendor (see the Makefile).
"""

from __future__ import annotations

import ast
import copy
import inspect
import itertools
import json
import pprint
import re
import shlex
import shutil
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from client_names import snake  # beside this script
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from spec_operations import JSON, SSE, SpecOperation, spec_operations  # beside this script

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "llama-stack.yaml"
SOURCES = ROOT / "docs" / "src"
SITE = "docs/site"
DEFAULT_CONFIG = ROOT / "configs" / "default.yaml"

# The server's address in every example, as the README's `make run` serves it.
BASE_URL = "http://127.0.0.1:8321"
# Example values for strings that the spec leaves free, so that samples read like real requests.
SAMPLE_STRINGS = {"model": "SmolLM2-135M-Instruct", "content": "Hello!", "query": "What is Llama Stack?"}
# Example values for schemas whose first choice needs more set-up: the first built-in shield, llama_guard, needs a
# guard model in the run config, while the code scanner is there by default.
SAMPLE_SCHEMAS = {
    "#/components/schemas/URL": "file:///tmp/dataset.jsonl",
    "#/components/schemas/ShieldType": "code_scanner_guard",
}


def example_name(tag: str) -> str:
    """The example of an API tag, in docs/src/examples: not named like a module it imports (`inspect`)."""
    return f"{snake(tag)}_example"


# ----------------------------------------------------------------- examples of each operation
class Sampler:
    """The smallest valid JSON value of a schema (or its `example`): required fields only, the first of each choice."""

    def __init__(self, spec: dict[str, Any]):
        self.spec = spec

    def resolve(self, ref: str) -> dict[str, Any]:
        node: Any = self.spec
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return dict(node)

    def __call__(self, schema: dict[str, Any], name: str = "") -> Any:
        if "$ref" in schema:
            return SAMPLE_SCHEMAS.get(schema["$ref"]) or self(self.resolve(schema["$ref"]), name)
        if "example" in schema:  # the spec's own example, where the smallest value would not make a useful one
            return schema["example"]
        choices = schema.get("oneOf") or schema.get("anyOf")
        if choices:
            return self(choices[0], name)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return schema["enum"][0]
        if "default" in schema and schema["default"] not in ({}, []):
            return schema["default"]
        kind = schema.get("type")
        if kind == "object":
            return {key: self(schema["properties"][key], key) for key in schema.get("required", [])}
        if kind == "array":
            return [self(schema["items"], name)] * max(schema.get("minItems", 1), 1)
        if kind == "integer":
            return max(schema.get("minimum", 1), 1)
        if kind == "number":
            return schema.get("minimum", 1.0)
        if kind == "boolean":
            return False
        if schema.get("format") == "uri":
            return "file:///tmp/document.txt"
        if schema.get("format") == "date-time":
            return "2024-07-23T00:00:00Z"
        return SAMPLE_STRINGS.get(name, name or "text")


def query_arguments(op: SpecOperation, sample: Sampler) -> dict[str, Any]:
    arguments = {}
    for param in op.spec.get("parameters", []):
        if "$ref" in param:
            param = sample.resolve(param["$ref"])
        if param.get("required"):
            arguments[param["name"]] = sample(param["schema"], param["name"])
    return arguments


def python_example(op: SpecOperation, body: Any, query: dict[str, Any]) -> str:
    body_schema = op.spec.get("requestBody", {}).get("content", {}).get(JSON, {}).get("schema", {})
    body_model = body_schema.get("$ref", "").rsplit("/", 1)[-1]
    imports = ["from lls_client import Client" + (", streaming" if op.streams else "")]
    imports.append(f"from lls_client.api.{snake(op.tag)} import {op.operation_id}")
    setup, arguments = [], ["client=client", *(f"{name}={value!r}" for name, value in query.items())]
    if body is not None:
        literal = pprint.pformat(body, width=100, sort_dicts=False)
        if body_model:
            imports.append(f"from lls_client.models import {body_model}")
            literal = f"{body_model}.from_dict({literal})"
        setup = [f"body = {literal}", ""]
        arguments.append("body=body")
    call = ", ".join(arguments)
    lines = [*imports, "", *setup, f'with Client(base_url="{BASE_URL}") as client:']
    lines.append(f"    print({op.operation_id}.call({call}))")
    if op.streams:
        lines += [f"    for event in streaming.{op.operation_id}({call}):", "        print(event)"]
    return "\n".join(lines)


def request_path(op: SpecOperation, arguments: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The operation's path with its path parameters filled in from `arguments`, and the rest: the query."""
    path, query = op.path, dict(arguments)
    for name in re.findall(r"\{(\w+)\}", op.path):
        path = path.replace(f"{{{name}}}", urllib.parse.quote(str(query.pop(name)), safe="/"))
    return path, query


def curl_example(op: SpecOperation, body: Any, arguments: dict[str, Any]) -> str:
    path, query = request_path(op, arguments)
    url = BASE_URL + path
    if query:
        url += "?" + "&".join(f"{name}={value}" for name, value in query.items())
    words = ["curl", "-s", "-X", op.method, shlex.quote(url)]
    if body is not None:
        words += ["-H", "'Content-Type: application/json'", "-d", shlex.quote(json.dumps(body))]
    return " ".join(words)


# ----------------------------------------------------------------- the reference's spec
def reference_spec(spec: dict[str, Any], ops: list[SpecOperation]) -> dict[str, Any]:
    """The spec as Redoc shows it: with examples, streaming events and a section per schema."""
    doc = copy.deepcopy(spec)
    sample = Sampler(spec)
    for op in ops:
        target = doc["paths"][op.path][op.method.lower()]
        body_schema = op.spec.get("requestBody", {}).get("content", {}).get(JSON, {}).get("schema")
        body = sample(body_schema) if body_schema else None
        query = query_arguments(op, sample)
        target["x-codeSamples"] = [
            {"lang": "Python", "label": "Python (lls_client)", "source": python_example(op, body, query)},
            {"lang": "Shell", "label": "curl", "source": curl_example(op, body, query)},
        ]
        if op.streams:
            # Redoc does not read `contentSchema`: show each event's data as the schema it holds.
            data = target["responses"]["200"]["content"][SSE]["schema"]["properties"]["data"]
            event_ref = data["contentSchema"]["$ref"]
            data.clear()
            data.update({"$ref": event_ref, "description": "One server-sent event's `data`: this JSON document."})
    schema_tags = [
        {"name": f"schema-{name}", "x-displayName": name, "description": f'<SchemaDefinition schemaRef="{ref}" />'}
        for name in sorted(spec["components"]["schemas"])
        for ref in [f"#/components/schemas/{name}"]
    ]
    doc["tags"] = doc["tags"] + schema_tags
    doc["x-tagGroups"] = [
        {"name": "APIs", "tags": [tag["name"] for tag in spec["tags"]]},
        {"name": "Schemas", "tags": [tag["name"] for tag in schema_tags]},
    ]
    return doc


# ----------------------------------------------------------------- the run config's fields
@dataclass
class ConfigField:
    name: str
    type: str
    default: str  # Markdown
    description: str


def attribute_docstrings(module_source: str) -> dict[tuple[str, str], str]:
    """`(class, attribute)` -> the string literal right after the attribute, as config.py documents fields."""
    found = {}
    for node in ast.parse(module_source).body:
        if isinstance(node, ast.ClassDef):
            body = node.body
            for statement, following in itertools.pairwise(body):
                if (
                    isinstance(statement, ast.AnnAssign)
                    and isinstance(statement.target, ast.Name)
                    and isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str)
                ):
                    found[(node.name, statement.target.id)] = inspect.cleandoc(following.value.value)
    return found


def config_fields(descriptions: dict[str, str]) -> list[ConfigField]:
    """Every field of the run config, nested ones as dotted paths, each with its description."""
    sys.path.insert(0, str(ROOT / "impl"))
    from lls_server import config  # the run config is defined by the server: document what it reads

    docstrings = attribute_docstrings(inspect.getsource(config))
    schema = config.RunConfig.model_json_schema()
    fields: list[ConfigField] = []

    def walk(model: dict[str, Any], model_name: str, prefix: str) -> None:
        for key, prop in model["properties"].items():
            name = prefix + key
            description = descriptions.get(name) or docstrings.get((model_name, key))
            if not description:
                sys.exit(
                    f"run config field `{name}` is undocumented: give it a docstring in impl/lls_server/config.py "
                    f"or a line in {(SOURCES / 'configuration.yaml').relative_to(ROOT)}"
                )
            # A section, a list of them, or an optional one (`anyOf` it and null); enums are no sections.
            refs = [c["$ref"] for c in (prop, prop.get("items", {}), *prop.get("anyOf", [])) if "$ref" in c]
            nested = next((ref for ref in refs if "properties" in schema["$defs"][ref.rsplit("/", 1)[1]]), None)
            # A default inside the checkout (a model directory) is shown relative to it: the same in every clone.
            if "$ref" in prop:
                default = "its fields' defaults"
            elif "default" in prop:
                default = "`" + json.dumps(prop["default"]).replace(f"{ROOT}/", "") + "`"
            else:
                default = "required"
            fields.append(ConfigField(name, type_name(prop, schema), default, description))
            if nested:
                nested_name = nested.rsplit("/", 1)[1]
                walk(schema["$defs"][nested_name], nested_name, name + ("[]." if "items" in prop else "."))

    walk(schema, "RunConfig", "")
    return fields


def type_name(prop: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in prop:
        return "mapping"
    if "anyOf" in prop:
        return " or ".join(type_name(p, schema) for p in prop["anyOf"])
    if prop.get("type") == "array":
        return f"list of {type_name(prop['items'], schema)}"
    kind = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "null": "null"}
    name = kind.get(prop.get("type", ""), "value")
    if prop.get("format") == "path":
        name = "path"
    bounds = [
        f"{sign} {prop[key]}"
        for key, sign in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"))
        if key in prop
    ]
    return f"{name} ({', '.join(bounds)})" if bounds else name


# ----------------------------------------------------------------- pages
def markdown() -> MarkdownIt:
    def highlight_code(code: str, language: str, attributes: str) -> str:
        return highlight(code, get_lexer_by_name(language or "text"), HtmlFormatter(nowrap=True))

    return MarkdownIt("commonmark", {"highlight": highlight_code}).enable("table")


def build(out: Path) -> None:
    """Write the site into `out` (the repository root, or a scratch tree for the drift check)."""
    spec = yaml.safe_load(SPEC.read_text())
    ops = spec_operations(spec)
    site = out / SITE
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SOURCES),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html.jinja"]),
    )
    examples = SOURCES / "examples"
    tags = [
        {"name": t["name"], "description": t["description"], "page": f"api-{snake(t['name']).replace('_', '-')}.html"}
        for t in spec["tags"]
    ]
    missing = [t["name"] for t in tags if not (examples / f"{example_name(t['name'])}.py").is_file()]
    if missing:
        sys.exit(f"no example in {examples.relative_to(ROOT)} for the API tags {missing}")
    context = {
        "spec": spec,
        "tags": tags,
        "ops": ops,
        "base_url": BASE_URL,
        "default_config": DEFAULT_CONFIG.read_text(),
        "config_fields": config_fields(yaml.safe_load((SOURCES / "configuration.yaml").read_text())),
        "example": lambda name: (examples / f"{name}.py").read_text(),
    }
    pages = [
        ("index.html", "index.md", {}),
        ("quickstart.html", "quickstart.md", {}),
        ("configuration.html", "configuration.md", {}),
    ]
    pages += [
        (tag["page"], "api.md", {"tag": tag, "example_name": example_name(tag["name"]), "module": snake(tag["name"])})
        for tag in tags
    ]
    md = markdown()
    layout = env.get_template("layout.html.jinja")
    for page, source, extra in pages:
        text = env.get_template(source).render(**context, **extra)
        title = text.splitlines()[0].lstrip("# ")
        (site / page).write_text(layout.render(**context, page=page, title=title, body=md.render(text)))

    (site / "reference.html").write_text(env.get_template("reference.html.jinja").render(**context))
    (site / "openapi.json").write_text(json.dumps(reference_spec(spec, ops), indent=1, ensure_ascii=False) + "\n")
    code_style = HtmlFormatter(style="friendly").get_style_defs("pre code")
    # The site's own rules last, so that they win where both speak (a code block's background).
    (site / "style.css").write_text(
        f"/* Pygments, style `friendly` */\n{code_style}\n\n" + (SOURCES / "style.css").read_text()
    )


if __name__ == "__main__":
    build(ROOT)
