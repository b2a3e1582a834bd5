"""The Datasets API: a dataset's rows are read from its URL once, when it is created, checked, and kept in SQLite.

The evaluation and training jobs read a dataset through `definition` and `rows`, never its URL again: what was
checked is what they get, even if the URL now holds something else or nothing.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from lls_api import models
from lls_api.interfaces import DatasetsApi

from ..config import RunConfig
from ..errors import Conflict, InvalidRequest
from ..inference.llama_engine import LlamaCppModel
from ..sources import SourceReader
from .rows import JSONL, media_type_of, read_rows
from .store import DatasetStore


class Datasets(DatasetsApi):
    def __init__(self, store: DatasetStore, sources: SourceReader):
        self.store = store
        self.sources = sources

    def close(self) -> None:
        self.store.close()

    async def create_dataset(self, *, body: models.CreateDatasetRequest) -> None:
        await self.check_free(body.uuid)  # before reading what may be a large URL
        definition, rows = await self.read(body.dataset)
        await asyncio.to_thread(self.store.add, body.uuid, definition, rows)

    async def check_free(self, uuid: str) -> None:
        """A Conflict if dataset `uuid` exists (`create_dataset` and `create_from_rows` check again as they store)."""
        if await asyncio.to_thread(self.store.exists, uuid):
            raise Conflict(f"dataset {uuid!r} already exists")

    async def create_from_rows(
        self,
        uuid: str,
        columns: Mapping[str, models.TrainEvalDatasetColumnType],
        rows: Sequence[Mapping[str, Any]],
        metadata: dict[str, Any] | None = None,
    ) -> models.TrainEvalDataset:
        """Store `rows` as dataset `uuid`, as `create_dataset` stores what it reads: its `content_url` is a
        `data:application/jsonl;base64,` URL of exactly these rows as JSON Lines, read and checked as any URL's
        rows are, so that the URL, read again, is the same dataset. A Conflict if the uuid is taken."""
        # ASCII JSON: no line separator (U+2028, U+0085) within a row that a reader could split it at.
        data = "".join(json.dumps(row) + "\n" for row in rows).encode()
        url = f"data:{JSONL};base64,{base64.b64encode(data).decode('ascii')}"
        given = models.TrainEvalDataset(columns=dict(columns), content_url=url, metadata=metadata)
        return await self._store(uuid, given, data, JSONL)

    async def read(self, given: models.TrainEvalDataset) -> tuple[models.TrainEvalDataset, list[dict[str, Any]]]:
        """A dataset's definition as `get_dataset` would give it and its rows, read from its URL and checked as
        `create_dataset` does, without storing them (an evaluation's inline dataset)."""
        source = await self.sources.read(given.content_url)
        return await self._checked(given, source.data, media_type_of(given.content_url, source.mime_type))

    async def given(
        self, dataset: models.TrainEvalDataset | None, dataset_uuid: str | None
    ) -> tuple[models.TrainEvalDataset, list[dict[str, Any]]]:
        """The definition and rows a job's request gives, inline (read now) or stored (by uuid): exactly one."""
        match dataset, dataset_uuid:
            case models.TrainEvalDataset() as inline, None:
                return await self.read(inline)
            case None, str() as uuid:
                definition = await asyncio.to_thread(self.definition, uuid)
                return definition, await asyncio.to_thread(lambda: list(self.rows(uuid)))
        raise InvalidRequest("give the rows as `dataset` or as `dataset_uuid`, not both")

    async def _store(
        self, uuid: str, given: models.TrainEvalDataset, data: bytes, media_type: str
    ) -> models.TrainEvalDataset:
        """Check `data`'s rows against `given`'s columns and store them with the definition; a Conflict if `uuid`
        is taken by now."""
        definition, rows = await self._checked(given, data, media_type)
        await asyncio.to_thread(self.store.add, uuid, definition, rows)
        return definition

    @staticmethod
    async def _checked(
        given: models.TrainEvalDataset, data: bytes, media_type: str
    ) -> tuple[models.TrainEvalDataset, list[dict[str, Any]]]:
        rows = await asyncio.to_thread(read_rows, data, media_type, given.columns)
        # The fields the server sets are rebuilt here: whatever a request gave for them is ignored.
        definition = models.TrainEvalDataset(
            columns=given.columns,
            content_url=given.content_url,
            metadata=given.metadata,
            row_count=len(rows),
            content_sha256=hashlib.sha256(data).hexdigest(),
            media_type=media_type,
            created_at=datetime.now(UTC),
        )
        return definition, rows

    async def get_dataset(self, *, dataset_uuid: str) -> models.TrainEvalDataset:
        return await asyncio.to_thread(self.store.definition, dataset_uuid)

    async def delete_dataset(self, *, dataset_uuid: str) -> None:
        await asyncio.to_thread(self.store.delete, dataset_uuid)

    # For the jobs that train and evaluate on datasets. They block: call them from a worker thread.

    def definition(self, dataset_uuid: str) -> models.TrainEvalDataset:
        """The dataset as `get_dataset` returns it; a NotFound if there is none."""
        return self.store.definition(dataset_uuid)

    def rows(self, dataset_uuid: str) -> Iterator[dict[str, Any]]:
        """The dataset's rows in their order, each a JSON object of its columns; a NotFound if there is none."""
        return self.store.rows(dataset_uuid)


def create_datasets(config: RunConfig, llama_models: Mapping[str, LlamaCppModel]) -> Datasets:
    """The Datasets API on `data_dir/datasets.sqlite`, reading URLs within the run config's `datasets` section."""
    sources = SourceReader(
        allowed_dirs=config.datasets.allowed_dirs,
        address_policy=config.outgoing.address_policy(),
        max_bytes=config.datasets.max_bytes,
        timeout=config.datasets.url_timeout_seconds,
        section="datasets",
        max_bytes_setting="max_bytes",
    )
    return Datasets(DatasetStore(config.data_dir / "datasets.sqlite"), sources)
