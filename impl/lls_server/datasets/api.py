"""The Datasets API: a dataset's rows are read from its URL once, when it is created, checked, and kept in SQLite.

The evaluation and training jobs read a dataset through `definition` and `rows`, never its URL again: what was
checked is what they get, even if the URL now holds something else or nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from lls_api import models
from lls_api.interfaces import DatasetsApi

from ..config import RunConfig
from ..errors import Conflict
from ..inference.llama_engine import LlamaCppModel
from ..sources import SourceReader
from .rows import media_type_of, read_rows
from .store import DatasetStore


class Datasets(DatasetsApi):
    def __init__(self, store: DatasetStore, sources: SourceReader):
        self.store = store
        self.sources = sources

    def close(self) -> None:
        self.store.close()

    async def create_dataset(self, *, body: models.CreateDatasetRequest) -> None:
        if await asyncio.to_thread(self.store.exists, body.uuid):  # before reading what may be a large URL
            raise Conflict(f"dataset {body.uuid!r} already exists")
        given = body.dataset
        source = await self.sources.read(given.content_url)
        media_type = media_type_of(given.content_url, source.mime_type)
        rows = await asyncio.to_thread(read_rows, source.data, media_type, given.columns)
        # The fields the server sets are rebuilt here: whatever a request gave for them is ignored.
        definition = models.TrainEvalDataset(
            columns=given.columns,
            content_url=given.content_url,
            metadata=given.metadata,
            row_count=len(rows),
            content_sha256=hashlib.sha256(source.data).hexdigest(),
            media_type=media_type,
            created_at=datetime.now(UTC),
        )
        await asyncio.to_thread(self.store.add, body.uuid, definition, rows)

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
