"""The spec is valid OpenAPI 3.1, covers the RFC draft, and keeps the house rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parent.parent
SPEC = yaml.safe_load((ROOT / "spec" / "llama-stack.yaml").read_text())
# Meta's draft spec published with RFC-0001, kept as test data: our spec must cover it.
DRAFT = yaml.safe_load((ROOT / "tests" / "data" / "rfc-0001-draft-spec.yaml").read_text())
TAGS = {
    "Inference",
    "MemoryBanks",
    "AgenticSystem",
    "Safety",
    "Datasets",
    "Evaluations",
    "PostTraining",
    "RewardScoring",
    "SyntheticDataGeneration",
    "Models",
    "Inspect",
    "OpenAI",
}
METHODS = {"get", "post", "put", "delete", "patch"}


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_spec_is_valid_openapi_31() -> None:
    assert SPEC["openapi"].startswith("3.1")
    validate(SPEC)


def test_every_draft_operation_is_in_the_spec_under_its_draft_path_and_method() -> None:
    ours = {(path, method) for path, method, _ in operations(SPEC)}
    draft = {(path, method) for path, method, _ in operations(DRAFT)}
    assert len(draft) == 42
    assert draft <= ours, f"missing: {sorted(draft - ours)}"


def test_draft_parameters_and_top_level_fields_keep_their_names() -> None:
    ours = {(path, method): op for path, method, op in operations(SPEC)}
    shared = SPEC["components"]["parameters"]
    for path, method, draft_op in operations(DRAFT):
        names = set()
        for p in ours[(path, method)].get("parameters", []):
            names.add(shared[p["$ref"].rsplit("/", 1)[1]]["name"] if "$ref" in p else p["name"])
        assert {p["name"] for p in draft_op.get("parameters", [])} <= names, (path, method)
    for name, draft_schema in DRAFT["components"]["schemas"].items():
        if name in SPEC["components"]["schemas"] and "properties" in draft_schema:
            ours_props = set(SPEC["components"]["schemas"][name].get("properties", {}))
            assert set(draft_schema["properties"]) <= ours_props, name


def test_every_operation_has_id_summary_description_and_one_known_tag() -> None:
    ids = []
    for path, method, op in operations(SPEC):
        assert op.get("operationId"), (path, method)
        assert op.get("summary") and op.get("description"), op["operationId"]
        assert len(op.get("tags", [])) == 1 and op["tags"][0] in TAGS, op["operationId"]
        ids.append(op["operationId"])
    assert len(ids) == len(set(ids))
    assert {t["name"] for t in SPEC["tags"]} == TAGS


def test_every_operation_declares_its_errors_as_problem_json() -> None:
    responses = SPEC["components"]["responses"]
    for _, _, op in operations(SPEC):
        codes = set(op["responses"])
        assert {"200", "500", "501"} <= codes, op["operationId"]
        if op.get("parameters") or op.get("requestBody"):
            assert "400" in codes, op["operationId"]
        if op.get("requestBody"):
            assert "422" in codes, op["operationId"]
        for code in codes - {"200"}:
            ref = op["responses"][code]["$ref"].rsplit("/", 1)[1]
            if op.get("x-lls-error-format") == "openai":  # OpenAI's routes answer errors in OpenAI's shape
                schema = responses[ref]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/OpenAIErrorResponse"}
                continue
            schema = responses[ref]["content"]["application/problem+json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}


def walk(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{where}/{i}")


def test_every_array_has_an_item_type() -> None:
    bare = [where for where, node in walk(SPEC) if node.get("type") == "array" and "items" not in node]
    assert bare == []


def test_unions_with_a_type_field_have_a_discriminator() -> None:
    schemas = SPEC["components"]["schemas"]
    for where, node in walk(SPEC):
        for variants in (node.get("oneOf"),):
            if not variants or not all("$ref" in v for v in variants):
                continue
            targets = [schemas[v["$ref"].rsplit("/", 1)[1]] for v in variants]
            consts = [next((k for k, p in t.get("properties", {}).items() if "const" in p), None) for t in targets]
            if all(consts) and len(set(consts)) == 1:
                assert node.get("discriminator", {}).get("propertyName") == consts[0], where


def test_streaming_operations_describe_each_event_with_a_content_schema() -> None:
    streaming = {
        op["operationId"]: op
        for _, _, op in operations(SPEC)
        if "text/event-stream" in op["responses"]["200"].get("content", {})
    }
    assert set(streaming) == {
        "completion",
        "chat_completion",
        "create_agentic_system_turn",
        "openai_chat_completion",
        "openai_completion",
    }
    for op in streaming.values():
        data = op["responses"]["200"]["content"]["text/event-stream"]["schema"]["properties"]["data"]
        assert data["contentMediaType"] == "application/json"
        assert "$ref" in data["contentSchema"]
        assert "application/json" in op["responses"]["200"]["content"], "stream: false answers JSON"
        assert (
            "stream"
            in SPEC["components"]["schemas"][
                op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            ]["properties"]
        )


def test_json_lines_only_where_an_answer_is_a_download_of_records() -> None:
    # The draft labels JSON bodies `application/jsonl`; here a JSON body is `application/json`, and JSON Lines is
    # only a download of many records: an evaluation job's rows.
    where = [where for where, node in walk(SPEC) if "application/jsonl" in node]
    assert where == ["/paths//evaluate/job/rows/get/responses/200/content"]


def test_model_fields_are_registered_ids_not_sku_enums() -> None:
    schemas = SPEC["components"]["schemas"]
    assert "InstructModel" not in schemas and "RewardModel" not in schemas
    for name in ("CompletionRequest", "ChatCompletionRequest", "EmbeddingsRequest", "RewardScoringRequest"):
        assert schemas[name]["properties"]["model"] == {"$ref": "#/components/schemas/ModelId"}, name
