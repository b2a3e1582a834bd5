"""A dataset's rows: read from JSON Lines, CSV or Parquet bytes, and checked against its declared columns.

Rows are numbered from 1 (a CSV file's header is not a row; blank JSON Lines are skipped). Any problem raises
an `InvalidRequest` that names the row and the column, so that nothing of a malformed dataset is kept. pyarrow
is imported only here, and its errors are mapped here.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath
from typing import Annotated, Any
from urllib.parse import urlsplit

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from pydantic import Field, TypeAdapter, ValidationError

from lls_api import models

from ..errors import InvalidRequest
from ..sources import shorten
from ..validation import describe_pydantic_errors

Row = dict[str, Any]
ColumnType = models.TrainEvalDatasetColumnType

JSONL = "application/jsonl"
CSV = "text/csv"
PARQUET = "application/vnd.apache.parquet"
# The types a source may declare, and the extensions that tell the format when it declares none of them.
MEDIA_TYPES = {
    JSONL: JSONL,
    "application/x-ndjson": JSONL,
    "application/jsonlines": JSONL,
    "application/x-jsonlines": JSONL,
    CSV: CSV,
    PARQUET: PARQUET,
    "application/x-parquet": PARQUET,
}
EXTENSIONS = {".jsonl": JSONL, ".ndjson": JSONL, ".csv": CSV, ".parquet": PARQUET}

MEDIA_URL = re.compile(r"^(https?://|file://|data:)", re.IGNORECASE)
Dialog = list[
    Annotated[
        models.UserMessage | models.SystemMessage | models.ToolResponseMessage | models.CompletionMessage,
        Field(discriminator="role"),
    ]
]
DIALOG: TypeAdapter[Any] = TypeAdapter(Dialog)

EXPECTED = {
    ColumnType.dialog: "a dialog (a list of messages)",
    ColumnType.text: "text",
    ColumnType.number: "a number",
    ColumnType.json: "a JSON value",
    ColumnType.media: "a URL (http(s)://, file:// or data:)",
}


def media_type_of(url: str, declared: str | None) -> str:
    """The format of the rows at `url`: the type its source declares, if it is one we read, else its extension's."""
    if declared and (media_type := MEDIA_TYPES.get(declared.split(";", 1)[0].strip().lower())):
        return media_type
    if not url.lower().startswith("data:"):
        extension = PurePosixPath(urlsplit(url).path).suffix.lower()
        if media_type := EXTENSIONS.get(extension):
            return media_type
    told = f"declares {declared.split(';', 1)[0]!r}" if declared else "declares no type"
    raise InvalidRequest(
        f"cannot tell the format of {shorten(url)}: it {told} and its name does not end in .jsonl, .csv or "
        f".parquet (JSON Lines: {JSONL}, CSV: {CSV}, Parquet: {PARQUET})"
    )


def read_rows(data: bytes, media_type: str, columns: Mapping[str, ColumnType]) -> list[Row]:
    """Every row of `data`, each checked against `columns`; an InvalidRequest at the first that does not fit."""
    if not columns:
        raise InvalidRequest("a dataset needs at least one column")
    parse = {JSONL: _jsonl_rows, CSV: _csv_rows, PARQUET: _parquet_rows}[media_type]
    rows = [_checked(number, row, columns) for number, row in parse(data, columns)]
    if not rows:
        raise InvalidRequest("the dataset has no rows")
    return rows


# ----------------------------------------------------------------- formats


def _text(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidRequest(f"{what} is not UTF-8 text (byte {exc.start})") from exc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json(text: str) -> Any:
    return json.loads(text, parse_constant=_no_constant)


def _jsonl_rows(data: bytes, columns: Mapping[str, ColumnType]) -> Iterator[tuple[int, Row]]:
    number = 0
    for line in _text(data, "the JSON Lines file").splitlines():
        if not line.strip():
            continue
        number += 1
        try:
            row = _json(line)
        except ValueError as exc:
            raise InvalidRequest(f"row {number}: not valid JSON ({exc})") from exc
        if not isinstance(row, dict):
            raise InvalidRequest(f"row {number}: expected a JSON object, got {_kind(row)}")
        yield number, row


def _csv_rows(data: bytes, columns: Mapping[str, ColumnType]) -> Iterator[tuple[int, Row]]:
    reader = csv.reader(io.StringIO(_text(data, "the CSV file"), newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return
        _check_header(header, columns)
        for number, values in enumerate(reader, start=1):
            if len(values) != len(header):
                raise InvalidRequest(f"row {number}: {len(values)} values for the header's {len(header)} columns")
            cells = zip(header, values, strict=True)
            yield number, {name: _from_csv(number, name, value, columns[name]) for name, value in cells}
    except csv.Error as exc:
        raise InvalidRequest(f"the CSV file, line {reader.line_num}: {exc}") from exc


def _check_header(header: list[str], columns: Mapping[str, ColumnType]) -> None:
    if duplicated := sorted({name for name in header if header.count(name) > 1}):
        raise InvalidRequest(f"the CSV header names column {duplicated[0]!r} more than once")
    if missing := [name for name in columns if name not in header]:
        raise InvalidRequest(f"the CSV header lacks column {missing[0]!r} (it has: {', '.join(header)})")
    if extra := [name for name in header if name not in columns]:
        raise InvalidRequest(f"the CSV header has column {extra[0]!r}, which the dataset does not declare")


def _from_csv(number: int, name: str, value: str, kind: ColumnType) -> Any:
    """A CSV cell as the JSON value it stands for: numbers parsed, dialogs and JSON values read as JSON text."""
    try:
        if kind is ColumnType.number:
            return int(value) if re.fullmatch(r"[+-]?\d+", value.strip()) else float(value)
        if kind in (ColumnType.json, ColumnType.dialog):
            return _json(value)
    except ValueError as exc:
        expected = "a number" if kind is ColumnType.number else "JSON text"
        raise InvalidRequest(f"row {number}, column {name!r}: expected {expected}, got {shorten(value, 40)!r}") from exc
    return value


def _parquet_rows(data: bytes, columns: Mapping[str, ColumnType]) -> Iterator[tuple[int, Row]]:
    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError) as exc:
        raise InvalidRequest(f"not a Parquet file that can be read: {exc}") from exc
    names = table.column_names
    if missing := [name for name in columns if name not in names]:
        raise InvalidRequest(f"the Parquet file lacks column {missing[0]!r} (it has: {', '.join(names)})")
    if extra := [name for name in names if name not in columns]:
        raise InvalidRequest(f"the Parquet file has column {extra[0]!r}, which the dataset does not declare")
    number = 0
    for batch in table.to_batches():
        for row in batch.to_pylist():
            number += 1
            yield number, {name: _from_parquet(value, columns[name]) for name, value in row.items()}


def _from_parquet(value: Any, kind: ColumnType) -> Any:
    """A Parquet value as JSON: a dialog may be JSON text, or a list of structs whose unset (null) fields are
    dropped, since a struct column holds the fields of every kind of message."""
    if kind is ColumnType.dialog:
        if isinstance(value, str):
            try:
                return _json(value)
            except ValueError:
                return value  # reported as not a dialog
        if isinstance(value, list):
            return [_without_nulls(message) for message in value]
    return value


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


# ----------------------------------------------------------------- columns


def _checked(number: int, row: Row, columns: Mapping[str, ColumnType]) -> Row:
    if missing := [name for name in columns if name not in row]:
        raise InvalidRequest(f"row {number}, column {missing[0]!r}: missing")
    if extra := [name for name in row if name not in columns]:
        raise InvalidRequest(f"row {number}, column {extra[0]!r}: not a column of the dataset")
    for name, kind in columns.items():
        if (problem := _problem(row[name], kind)) is not None:
            raise InvalidRequest(f"row {number}, column {name!r}: {problem}")
    return row


def _problem(value: Any, kind: ColumnType) -> str | None:
    """What is wrong with `value` as a value of a `kind` column, or None."""
    wrong = f"expected {EXPECTED[kind]}, got {_kind(value)}"
    if kind is ColumnType.text:
        return None if isinstance(value, str) else wrong
    if kind is ColumnType.number:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return wrong
        return None if math.isfinite(value) else f"expected a finite number, got {value}"
    if kind is ColumnType.media:
        return None if isinstance(value, str) and MEDIA_URL.match(value) else wrong
    if kind is ColumnType.json:
        return None if _is_json(value) else wrong
    if not isinstance(value, list) or not value:
        return f"expected {EXPECTED[kind]}, got {_kind(value) if value != [] else 'an empty list'}"
    try:
        DIALOG.validate_python(value)
    except ValidationError as exc:
        return f"not a dialog: {describe_pydantic_errors(exc.errors(include_url=False), 'message')}"
    return None


def _is_json(value: Any) -> bool:
    if value is None or isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_is_json(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_json(item) for key, item in value.items())
    return False


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"
