"""The Datasets API: rows read from files, data: URLs and a local HTTP server, checked, kept, and read back."""

from __future__ import annotations

import asyncio
import base64
import csv
import hashlib
import http.server
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lls_api import models
from lls_server.config import DatasetsConfig, RunConfig
from lls_server.datasets import create_datasets
from lls_server.datasets.rows import CSV, JSONL, PARQUET, media_type_of, read_rows
from lls_server.errors import InvalidRequest, NotFound
from lls_server.testing import LiveServer, LocalEndpoint, write_config

QA = [{"question": f"What is {n} + {n}?", "answer": f"{2 * n}"} for n in range(1, 21)]
QA_COLUMNS = {"question": "text", "answer": "text"}
DIALOG = [
    {"role": "system", "content": "Answer briefly."},
    {"role": "user", "content": "Where do llamas live?"},
    {"role": "assistant", "content": "In the Andes.", "stop_reason": "end_of_turn", "tool_calls": []},
]


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


def csv_bytes(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def parquet(rows: list[dict[str, Any]]) -> bytes:
    out = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), out)
    return out.getvalue()


FORMATS = {"jsonl": jsonl(QA), "csv": csv_bytes(QA), "parquet": parquet(QA)}
MEDIA_TYPES = {"jsonl": JSONL, "csv": CSV, "parquet": PARQUET}


def data_url(data: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


# ----------------------------------------------------------------- the reader


@pytest.mark.parametrize("extension", FORMATS)
def test_each_format_reads_its_rows(extension: str) -> None:
    columns = {name: models.TrainEvalDatasetColumnType(kind) for name, kind in QA_COLUMNS.items()}
    assert read_rows(FORMATS[extension], MEDIA_TYPES[extension], columns) == QA


def test_format_comes_from_the_declared_type_else_the_extension() -> None:
    assert media_type_of("file:///d/qa.jsonl", None) == JSONL
    assert media_type_of("https://example.com/qa.CSV?x=1", "application/octet-stream") == CSV
    assert media_type_of("https://example.com/qa", "application/vnd.apache.parquet") == PARQUET
    assert media_type_of("https://example.com/qa.csv", "application/x-ndjson; charset=utf-8") == JSONL
    with pytest.raises(InvalidRequest, match="cannot tell the format"):
        media_type_of("data:text/plain,hello", "text/plain")
    with pytest.raises(InvalidRequest, match=r"does not end in \.jsonl, \.csv or \.parquet"):
        media_type_of("file:///d/qa.json", "application/json")


def test_csv_numbers_and_json_cells_are_parsed() -> None:
    columns = {"n": "number", "meta": "json", "dialog": "dialog", "image": "media"}
    rows = [{"n": "3", "meta": '{"a": [1, null]}', "dialog": json.dumps(DIALOG), "image": "https://x.org/a.png"}]
    rows.append({"n": "-2.5", "meta": '"plain"', "dialog": json.dumps(DIALOG[1:2]), "image": "data:image/png,x"})
    typed = {name: models.TrainEvalDatasetColumnType(kind) for name, kind in columns.items()}
    read = read_rows(csv_bytes(rows), CSV, typed)
    assert [row["n"] for row in read] == [3, -2.5]
    assert read[0]["meta"] == {"a": [1, None]} and read[1]["meta"] == "plain"
    assert read[0]["dialog"] == DIALOG


def test_parquet_dialogs_as_structs_or_json_text() -> None:
    typed = {"dialog": models.TrainEvalDatasetColumnType.dialog}
    structs = [{"dialog": [{"role": "user", "content": "Hi"}, {"role": "system", "content": "Be brief."}]}]
    assert read_rows(parquet(structs), PARQUET, typed) == structs  # the union struct's null fields are dropped
    assert read_rows(parquet([{"dialog": json.dumps(DIALOG)}]), PARQUET, typed) == [{"dialog": DIALOG}]


MALFORMED = {
    "a number for text": ({"answer": 4}, r"row 17, column 'answer': expected text, got a number"),
    "a missing column": ({"answer": None}, r"row 17, column 'answer': missing"),
    "an extra column": ({"hint": "x"}, r"row 17, column 'hint': not a column of the dataset"),
    "null for text": ({"question": None}, r"row 17, column 'question': expected text, got null"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_row_names_its_row_and_column(case: str) -> None:
    change, message = MALFORMED[case]
    rows = [dict(row) for row in QA]
    rows[16].update(change)
    if change.get("answer", "") is None:
        del rows[16]["answer"]
    typed = {name: models.TrainEvalDatasetColumnType(kind) for name, kind in QA_COLUMNS.items()}
    with pytest.raises(InvalidRequest, match=message):
        read_rows(jsonl(rows), JSONL, typed)


VALID = {"number": 1, "text": "a", "media": "file:///a.png", "dialog": DIALOG, "json": None}


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("number", True, "expected a number, got a boolean"),
        ("number", "7", "expected a number, got text"),
        ("media", "ftp://x.org/a.png", r"expected a URL \(http\(s\)://, file:// or data:\), got text"),
        ("media", 3, "expected a URL"),
        ("dialog", [{"role": "user"}], r"not a dialog: message\.0\.user\.content: Field required"),
        ("dialog", [{"role": "robot", "content": "x"}], "not a dialog"),
        ("dialog", [], "expected a dialog .*, got an empty list"),
        ("dialog", "Hello", "expected a dialog"),
        ("text", ["a"], "expected text, got a list"),
    ],
)
def test_each_column_type_refuses_other_values(kind: str, value: Any, message: str) -> None:
    typed = {"c": models.TrainEvalDatasetColumnType(kind)}
    with pytest.raises(InvalidRequest, match=rf"row 2, column 'c': {message}"):
        read_rows(jsonl([{"c": VALID[kind]}, {"c": value}]), JSONL, typed)


@pytest.mark.parametrize(
    ("data", "media_type", "message"),
    [
        (b"", JSONL, "the dataset has no rows"),
        (b'{"question": "q", "answer": "a"}\nnot json\n', JSONL, r"row 2: not valid JSON"),
        (b'{"question": "q", "answer": "a"}\n[1]\n', JSONL, "row 2: expected a JSON object, got a list"),
        (b'{"question": NaN, "answer": "a"}\n', JSONL, "row 1: not valid JSON"),
        (b"question,answer\n", CSV, "the dataset has no rows"),
        (b"question\nq\n", CSV, "the CSV header lacks column 'answer'"),
        (b"question,answer,hint\nq,a,h\n", CSV, "the CSV header has column 'hint'"),
        (b"question,answer\nq,a\nq2\n", CSV, "row 2: 1 values for the header's 2 columns"),
        (b"not parquet", PARQUET, "not a Parquet file"),
        (b"\xff\xfe", JSONL, "not UTF-8"),
    ],
)
def test_malformed_files_are_refused(data: bytes, media_type: str, message: str) -> None:
    typed = {name: models.TrainEvalDatasetColumnType(kind) for name, kind in QA_COLUMNS.items()}
    with pytest.raises(InvalidRequest, match=message):
        read_rows(data, media_type, typed)


def test_jobs_read_rows_and_definition(tmp_path: Path) -> None:
    api = create_datasets(RunConfig(data_dir=tmp_path, datasets=DatasetsConfig()), {})
    try:
        body = models.CreateDatasetRequest(
            uuid="qa",
            dataset=models.TrainEvalDataset(
                columns={"question": "text", "answer": "text"},  # type: ignore[dict-item]
                content_url=data_url(jsonl(QA), "application/jsonl"),
            ),
        )
        asyncio.run(api.create_dataset(body=body))
        assert list(api.rows("qa")) == QA
        assert api.definition("qa").row_count == 20
        with pytest.raises(NotFound):
            api.rows("other")
    finally:
        api.close()


# ----------------------------------------------------------------- end to end


class Files(http.server.BaseHTTPRequestHandler):
    """Serves FORMATS at /qa.<extension> (as application/octet-stream) and at /typed/<extension> (with its type)."""

    def do_GET(self) -> None:
        name = self.path.rsplit("/", 1)[-1]
        extension = name.removeprefix("qa.")
        if extension not in FORMATS:
            self.send_error(404)
            return
        data = FORMATS[extension]
        self.send_response(200)
        typed = self.path.startswith("/typed/")
        self.send_header("Content-Type", MEDIA_TYPES[extension] if typed else "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def files() -> Iterator[LocalEndpoint]:
    endpoint = LocalEndpoint("127.0.0.1", Files)
    yield endpoint
    endpoint.stop()


@pytest.fixture(scope="module")
def allowed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("datasets")
    for extension, data in FORMATS.items():
        (directory / f"qa.{extension}").write_bytes(data)
    return directory


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory, allowed: Path) -> Path:
    return write_config(
        tmp_path_factory.mktemp("datasets-server"),
        models=[],
        datasets={"allowed_dirs": [str(allowed)]},
        outgoing={"allowed_hosts": ["127.0.0.1"]},
    )


@pytest.fixture(scope="module")
def server(config: Path) -> Iterator[LiveServer]:
    live = LiveServer(config)
    yield live
    live.stop()


def create(server: LiveServer, uuid: str, url: str, columns: dict[str, str] | None = None) -> httpx.Response:
    columns = QA_COLUMNS if columns is None else columns
    dataset = {"columns": columns, "content_url": url, "metadata": {"source": "test"}}
    return httpx.post(f"{server.base_url}/datasets/create", json={"uuid": uuid, "dataset": dataset}, timeout=60)


def get(server: LiveServer, uuid: str) -> httpx.Response:
    return httpx.get(f"{server.base_url}/datasets/get", params={"dataset_uuid": uuid}, timeout=60)


def delete(server: LiveServer, uuid: str) -> httpx.Response:
    return httpx.delete(f"{server.base_url}/datasets/delete", params={"dataset_uuid": uuid}, timeout=60)


def assert_created(server: LiveServer, uuid: str, url: str, extension: str) -> None:
    answer = create(server, uuid, url)
    assert answer.status_code == 200, answer.text
    dataset = get(server, uuid).json()
    assert dataset["row_count"] == 20
    assert dataset["content_sha256"] == hashlib.sha256(FORMATS[extension]).hexdigest()
    assert dataset["media_type"] == MEDIA_TYPES[extension]
    assert dataset["columns"] == QA_COLUMNS and dataset["content_url"] == url
    assert dataset["metadata"] == {"source": "test"} and dataset["created_at"]


@pytest.mark.slow
@pytest.mark.parametrize("extension", FORMATS)
def test_create_from_each_place_and_format(
    extension: str, server: LiveServer, allowed: Path, files: LocalEndpoint
) -> None:
    assert_created(server, f"file-{extension}", (allowed / f"qa.{extension}").as_uri(), extension)
    assert_created(server, f"data-{extension}", data_url(FORMATS[extension], MEDIA_TYPES[extension]), extension)
    assert_created(server, f"http-{extension}", f"{files.url}/qa.{extension}", extension)
    assert_created(server, f"typed-{extension}", f"{files.url}/typed/{extension}", extension)


@pytest.mark.slow
def test_a_dialog_column(server: LiveServer) -> None:
    rows = [{"dialog": DIALOG, "score": 0.5}, {"dialog": DIALOG[:2], "score": 1}]
    url = "data:application/jsonl," + quote(jsonl(rows).decode())
    answer = create(server, "dialogs", url, {"dialog": "dialog", "score": "number"})
    assert answer.status_code == 200, answer.text
    assert get(server, "dialogs").json()["row_count"] == 2


@pytest.mark.slow
@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_row_is_a_400_and_nothing_is_stored(case: str, server: LiveServer) -> None:
    change, message = MALFORMED[case]
    rows = [dict(row) for row in QA]
    rows[16].update(change)
    if change.get("answer", "") is None:
        del rows[16]["answer"]
    uuid = f"malformed-{case.replace(' ', '-')}"
    answer = create(server, uuid, data_url(jsonl(rows), "application/jsonl"))
    assert answer.status_code == 400, answer.text
    assert message.replace("\\", "") in answer.json()["detail"]
    assert get(server, uuid).status_code == 404


@pytest.mark.slow
def test_urls_outside_the_allowed_places_are_403(server: LiveServer, tmp_path: Path) -> None:
    outside = tmp_path / "qa.jsonl"
    outside.write_bytes(FORMATS["jsonl"])
    answer = create(server, "outside", outside.as_uri())
    assert answer.status_code == 403, answer.text
    assert "datasets.allowed_dirs" in answer.json()["detail"]
    assert get(server, "outside").status_code == 404


@pytest.mark.slow
def test_a_local_address_is_403_unless_allowed(tmp_path: Path, files: LocalEndpoint) -> None:
    live = LiveServer(write_config(tmp_path, models=[]))
    try:
        answer = create(live, "local", f"{files.url}/qa.jsonl")
        assert answer.status_code == 403, answer.text
        assert "outgoing.allowed_hosts" in answer.json()["detail"]
    finally:
        live.stop()


@pytest.mark.slow
def test_other_refusals(server: LiveServer, allowed: Path) -> None:
    url = data_url(FORMATS["jsonl"], "application/jsonl")
    assert create(server, "twice", url).status_code == 200
    again = create(server, "twice", url)
    assert again.status_code == 409 and "'twice' already exists" in again.json()["detail"]
    assert get(server, "no-such-dataset").status_code == 404
    assert delete(server, "no-such-dataset").status_code == 404
    assert create(server, "missing-file", (allowed / "none.jsonl").as_uri()).status_code == 400
    assert create(server, "no-format", "data:text/plain,hello").status_code == 400
    assert create(server, "empty", "data:application/jsonl,").status_code == 400
    assert create(server, "no-columns", url, {}).status_code == 400


@pytest.mark.slow
def test_delete_then_create_again(server: LiveServer) -> None:
    url = data_url(FORMATS["csv"], "text/csv")
    assert create(server, "again", url).status_code == 200
    assert delete(server, "again").status_code == 200
    assert get(server, "again").status_code == 404
    assert create(server, "again", url).status_code == 200


@pytest.mark.slow
def test_datasets_survive_a_restart(tmp_path: Path) -> None:
    config = write_config(tmp_path, models=[])
    live = LiveServer(config)
    try:
        assert create(live, "kept", data_url(FORMATS["parquet"], PARQUET)).status_code == 200
        before = get(live, "kept").json()
    finally:
        live.stop()
    live = LiveServer(config)
    try:
        assert get(live, "kept").json() == before
    finally:
        live.stop()
    api = create_datasets(RunConfig(data_dir=tmp_path / "data"), {})
    try:
        assert list(api.rows("kept")) == QA
    finally:
        api.close()
