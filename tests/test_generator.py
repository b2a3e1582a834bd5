"""The generator's pieces on a small spec of awkward cases, and its swap of fresh outputs into place."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import sys
import types
from pathlib import Path
from typing import Any

import pydantic
import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import generate
from spec_operations import JSON, SSE

# Text that ends a triple-quoted string early, or escapes its end, if pasted raw.
QUOTED = 'Say """hi""" to C:\\new\\ and end with a backslash \\'
ENDS_WITH_QUOTE = 'The order, "asc"'
WIDGET = {"$ref": "#/components/schemas/Widget"}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": 'Widget "Shop"', "version": '1.0 "beta"'},
    "tags": [{"name": "Widgets", "description": QUOTED}],
    "paths": {
        "/widgets": {
            "get": {
                "tags": ["Widgets"],
                "operationId": "list_widgets",
                "summary": 'List "widgets"',
                "description": QUOTED,
                "parameters": [
                    {
                        "name": "colour",
                        "in": "query",
                        "description": QUOTED,
                        "schema": {"type": ["string", "null"], "maxLength": 8},
                    },
                    {
                        "name": "order",
                        "in": "query",
                        "required": True,
                        "description": ENDS_WITH_QUOTE,
                        "schema": {"const": "asc"},
                    },
                    {
                        "name": "owner",
                        "in": "query",
                        "description": "Whose widgets.",
                        "schema": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "description": "An owner."},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The widgets.",
                        "content": {JSON: {"schema": {"type": "array", "items": WIDGET}}},
                    }
                },
            },
            "post": {
                "tags": ["Widgets"],
                "operationId": "create_widget",
                "summary": "Create a widget",
                "description": ENDS_WITH_QUOTE,
                "requestBody": {"content": {JSON: {"schema": {"allOf": [WIDGET], "description": "The widget."}}}},
                "responses": {
                    "200": {
                        "description": "The widget, or its events.",
                        "content": {
                            JSON: {"schema": WIDGET},
                            SSE: {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "data": {"contentSchema": {"$ref": "#/components/schemas/WidgetEvent"}}
                                    },
                                }
                            },
                        },
                    }
                },
            },
        }
    },
    "components": {
        "schemas": {
            # A plain string: datamodel-code-generator collapses it, so that it has no model class.
            "Owner": {"type": "string", "minLength": 1},
            "Widget": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
            "WidgetEvent": {"type": "object", "properties": {"kind": {"const": "progress"}}},
        }
    },
}
MODEL_CLASSES = {"Widget", "WidgetEvent"}


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": ["string", "null"]}, "str | None"),
        ({"type": ["integer", "null"], "minimum": 0}, "Annotated[int | None, Field(ge=0)]"),
        ({"type": ["array", "null"], "items": WIDGET}, "list[models.Widget] | None"),
        ({"type": "array"}, "list[Any]"),
        ({"const": "asc"}, "Literal['asc']"),
        ({"const": 3}, "Literal[3]"),
        ({"const": None}, "None"),
        ({"allOf": [WIDGET], "description": "A widget."}, "models.Widget"),
        (
            {"allOf": [{"$ref": "#/components/schemas/Owner"}, {"description": "An owner."}]},
            "Annotated[str, Field(min_length=1)]",
        ),
        ({"description": "Anything at all."}, "Any"),
        ({"anyOf": [WIDGET, {"type": "null"}]}, "models.Widget | None"),
    ],
)
def test_type_mapper_maps_schemas_without_a_single_type(schema: dict[str, Any], expected: str) -> None:
    assert generate.TypeMapper(SPEC, MODEL_CLASSES)(schema) == expected


def test_type_mapper_refuses_an_all_of_that_merges_several_types() -> None:
    with pytest.raises(ValueError, match="name the merged schema in components/schemas"):
        generate.TypeMapper(SPEC, MODEL_CLASSES)({"allOf": [WIDGET, {"type": "object", "properties": {}}]})


@pytest.mark.parametrize(
    "text", [QUOTED, ENDS_WITH_QUOTE, '"""', '""""', "\\", '\\"', 'a\\nb ""', '"quoted" at the start']
)
def test_docstring_text_reads_back_as_written(text: str) -> None:
    assert ast.literal_eval(f'"""{generate.docstring_text(text)}"""') == text


def fake_lls_api() -> types.ModuleType:
    """An `lls_api` whose `models` holds the spec's model classes, for the generated modules to import."""
    models = types.ModuleType("lls_api.models")
    models.Widget = pydantic.create_model("Widget", name=(str, ...))  # type: ignore[attr-defined]
    models.WidgetEvent = pydantic.create_model("WidgetEvent", kind=(str, "progress"))  # type: ignore[attr-defined]
    package = types.ModuleType("lls_api")
    package.models = models  # type: ignore[attr-defined]
    return package


def load(path: Path, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """The generated module at `path`, imported under a name of its own, as pydantic needs to resolve its types."""
    spec = importlib.util.spec_from_file_location(f"generated_{path.stem.strip('_')}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_generated_server_layer_runs_and_reads_the_spec_text_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ops = generate.operations(SPEC, generate.TypeMapper(SPEC, MODEL_CLASSES))
    generate.generate_server_layer(tmp_path, SPEC, ops)
    generate.render(
        "client_streaming.py.jinja", tmp_path / "streaming.py", ops=[op for op in ops if op.stream_event_type]
    )
    monkeypatch.setitem(sys.modules, "lls_api", fake_lls_api())

    package = tmp_path / "generated/lls_api"
    init, interfaces, routes = (
        load(package / name, monkeypatch) for name in ["__init__.py", "interfaces.py", "routes.py"]
    )
    ast.parse((tmp_path / "streaming.py").read_text())

    assert init.__doc__.startswith('The Widget "Shop" 1.0 "beta",')
    assert init.API_VERSION == '1.0 "beta"'
    assert interfaces.WidgetsApi.__doc__ == QUOTED
    assert inspect.cleandoc(interfaces.WidgetsApi.list_widgets.__doc__) == f'List "widgets".\n\n{QUOTED}'
    assert inspect.cleandoc(interfaces.WidgetsApi.create_widget.__doc__) == f"Create a widget.\n\n{ENDS_WITH_QUOTE}"
    query = routes.ListWidgetsQuery
    assert query.model_validate({"order": "asc", "colour": None}).order == "asc"
    for invalid in [{"order": "desc"}, {"order": "asc", "colour": "ultraviolet"}, {"order": "asc", "owner": ""}]:
        with pytest.raises(pydantic.ValidationError):
            query.model_validate(invalid)
    (query_class,) = (
        node
        for node in ast.parse((package / "routes.py").read_text()).body
        if isinstance(node, ast.ClassDef) and node.name == "ListWidgetsQuery"
    )
    attribute_docs = [node.value.value for node in query_class.body if isinstance(node, ast.Expr)]
    assert attribute_docs == [QUOTED, ENDS_WITH_QUOTE, "Whose widgets."]


def outputs_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def old_outputs(root: Path) -> dict[str, bytes]:
    for rel in generate.OUTPUTS:
        (root / rel).mkdir(parents=True)
        (root / rel / "old.txt").write_text(f"the old {rel}\n")
    (root / "README.md").write_text("not generated\n")
    return outputs_of(root)


def test_regenerate_swaps_every_fresh_output_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_outputs(tmp_path)

    def generate_new(out: Path) -> None:
        for rel in generate.OUTPUTS:
            (out / rel).mkdir(parents=True)
            (out / rel / "new.txt").write_text(f"the new {rel}\n")

    monkeypatch.setattr(generate, "generate", generate_new)
    generate.regenerate(tmp_path)

    assert outputs_of(tmp_path) == {f"{rel}/new.txt": f"the new {rel}\n".encode() for rel in generate.OUTPUTS} | {
        "README.md": b"not generated\n"
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "clients", "docs", "generated"]


def test_a_generation_that_fails_late_leaves_the_old_outputs_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = old_outputs(tmp_path)

    def fail(out: Path) -> None:
        raise RuntimeError("the docs failed to build")

    # The last stage: models, server layer and client are generated for real before it fails.
    monkeypatch.setattr(generate.build_docs, "build", fail)
    with pytest.raises(RuntimeError, match="the docs failed to build"):
        generate.regenerate(tmp_path)

    assert outputs_of(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "clients", "docs", "generated"]
