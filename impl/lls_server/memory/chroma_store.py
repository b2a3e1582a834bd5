"""Memory banks in Chroma: the only module that imports chromadb, and the one place its errors are mapped.

Each bank is a collection named from a hash of the bank id (so any id works as a name),
`lls-bank-<hash>`: it holds the chunks, with their vectors (cosine space), and the bank's definition
in its collection metadata. Each document as it was given is kept in SQLite (`document_records`),
under the collection's name, in the data directory, whichever Chroma holds the chunks: so one lls
server owns a Chroma database's banks.

A chunk's id is `<generation>:<index>:<document id>`, where the generation is new at each write, so
that a document's new chunks are written next to its old ones, its record replaced, and the old
chunks deleted after.
Its metadata: `lls:document_id`, which writes and deletes select by; `lls:chunk`, the chunk as the
API returns it (JSON: content, document id, metadata with its position); and `m:<key>` for each
scalar value of the document's metadata (numbers as floats), which query filters match.

Texts go in metadata, not in Chroma's `documents`: Chroma indexes documents for full-text search,
which this API does not offer, and that index is over a third of what a write costs.
Chroma's own embedding function never runs either: every collection is opened with
`embedding_function=None` and every write and query passes vectors.
"""

from __future__ import annotations

import hashlib
import logging
import math
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import chromadb
import chromadb.api.client
import chromadb.config
import chromadb.errors
import httpx
import numpy as np
import numpy.typing as npt

from lls_api import models

from ..config import MemoryConfig
from ..errors import Conflict, InvalidRequest, NotFound, StartupError, Unavailable
from .chunking import TextChunk
from .document_records import DocumentRecords

log = logging.getLogger("lls.chroma")

BANK_PREFIX = "lls-bank-"
CHUNK_METADATA_KEYS = ("document_id", "chunk_index", "start_char", "end_char", "token_count")
"""Keys a returned chunk's metadata gets from its position; a document's own metadata may not use them."""


class StoreError(StartupError):
    """Chroma cannot be opened or reached at start-up."""


@dataclass(frozen=True)
class PreparedDocument:
    """A document ready to store: its chunks and one unit vector per chunk."""

    document: models.MemoryBankDocument
    chunks: list[TextChunk]
    vectors: npt.NDArray[np.float32]


@dataclass(frozen=True)
class Match:
    chunk: models.Chunk
    chunk_id: str
    score: float


def collection_name(bank_id: str) -> str:
    return BANK_PREFIX + hashlib.sha256(bank_id.encode()).hexdigest()[:40]


@contextmanager
def chroma_errors(what: str) -> Iterator[None]:
    """Chroma's errors, as ours."""
    try:
        yield
    except chromadb.errors.NotFoundError as exc:
        raise NotFound(f"{what}: not found in the vector store") from exc
    except (chromadb.errors.InvalidArgumentError, chromadb.errors.DuplicateIDError) as exc:
        raise InvalidRequest(f"{what}: the vector store refused it: {exc}") from exc
    except (httpx.TransportError, ConnectionError) as exc:
        raise Unavailable(f"{what}: the Chroma server cannot be reached: {exc}", retry_after=5) from exc


def _bank_metadata(bank: models.MemoryBank) -> dict[str, Any]:
    return {
        "lls:bank_id": bank.memory_bank_id,
        "lls:bank_name": bank.memory_bank_name,
        "lls:embedding_model": bank.embedding_model,
        "lls:embedding_dimension": bank.embedding_dimension,
        "lls:chunk_size_in_tokens": bank.chunk_size_in_tokens,
        "lls:overlap_size_in_tokens": bank.overlap_size_in_tokens,
        "lls:created_at": bank.created_at.isoformat() if bank.created_at else None,
    }


def _bank_of(metadata: dict[str, Any]) -> models.MemoryBank:
    return models.MemoryBank(
        memory_bank_id=metadata["lls:bank_id"],
        memory_bank_name=metadata["lls:bank_name"],
        embedding_model=metadata["lls:embedding_model"],
        embedding_dimension=metadata["lls:embedding_dimension"],
        chunk_size_in_tokens=metadata["lls:chunk_size_in_tokens"],
        overlap_size_in_tokens=metadata["lls:overlap_size_in_tokens"],
        created_at=datetime.fromisoformat(metadata["lls:created_at"]),
    )


def filter_value(value: object) -> str | float | bool | None:
    """How a metadata value is kept for filters; None for values filters cannot match (lists, objects)."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            return None
        return number if math.isfinite(number) else None
    return None


def chunk_metadata(document: models.MemoryBankDocument, chunk: TextChunk) -> dict[str, Any]:
    position = {
        "document_id": document.document_id,
        "chunk_index": chunk.index,
        "start_char": chunk.start_char,
        "end_char": chunk.end_char,
        "token_count": chunk.token_count,
    }
    returned = models.Chunk(content=chunk.text, document_id=document.document_id, metadata=document.metadata | position)
    metadata: dict[str, Any] = {"lls:document_id": document.document_id, "lls:chunk": returned.model_dump_json()}
    for key, value in document.metadata.items():
        if (kept := filter_value(value)) is not None:
            metadata["m:" + key] = kept
    return metadata


def where_of(filter: dict[str, str | float | bool]) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = [
        {"m:" + key: {"$eq": float(value) if isinstance(value, int) and not isinstance(value, bool) else value}}
        for key, value in filter.items()
    ]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class ChromaStore:
    """Banks, documents and chunks in one Chroma database. Methods block: call them from a worker thread."""

    def __init__(self, config: MemoryConfig, data_dir: Path):
        settings = chromadb.config.Settings(anonymized_telemetry=False)
        try:
            if config.backend == "server":
                self.where = f"the Chroma server at {config.host}:{config.port}"
                self.client = chromadb.HttpClient(host=config.host, port=config.port, settings=settings)
            else:
                self.where = f"Chroma at {data_dir / 'chroma'}"
                (data_dir / "chroma").mkdir(parents=True, exist_ok=True)
                self.client = chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)
            self.max_batch = self.client.get_max_batch_size()
            self.records = DocumentRecords(data_dir / "memory_banks.sqlite")
        except Exception as exc:  # chromadb raises anything from OSError to its own errors when it cannot start
            raise StoreError(f"cannot open {getattr(self, 'where', 'Chroma')}: {exc}") from exc
        self._collections: dict[str, Any] = {}
        self._closed = False
        log.info("memory banks in %s, their documents in %s", self.where, data_dir / "memory_banks.sqlite")

    def close(self) -> None:
        """Release Chroma's client (and with it, for Chroma on disk, its files) and the records' database."""
        self._closed = True
        self._collections.clear()
        try:
            # Both constructors make a chromadb.api.client.Client; the ClientAPI they declare has no close().
            cast(chromadb.api.client.Client, self.client).close()
        finally:
            self.records.close()

    def _check_open(self) -> None:
        if self._closed:
            raise Unavailable(f"the connection to {self.where} is closed: the server is shutting down", retry_after=5)

    # Banks

    def _open(self, bank_id: str) -> Any:
        """The bank's collection, cached; NotFound when the bank does not exist."""
        self._check_open()
        if bank_id in self._collections:
            return self._collections[bank_id]
        try:
            with chroma_errors(f"memory bank {bank_id!r}"):
                collection = self.client.get_collection(collection_name(bank_id), embedding_function=None)
        except NotFound:
            raise NotFound(f"memory bank {bank_id!r} does not exist") from None
        self._collections[bank_id] = collection
        return collection

    @contextmanager
    def _using(self, bank_id: str, what: str) -> Iterator[Any]:
        """The bank's collection, forgotten if Chroma says it is gone (dropped on the Chroma server)."""
        collection = self._open(bank_id)
        try:
            with chroma_errors(what):
                yield collection
        except NotFound:
            self._collections.pop(bank_id, None)
            raise NotFound(f"memory bank {bank_id!r} does not exist") from None

    def exists(self, bank_id: str) -> bool:
        try:
            self._open(bank_id)
        except NotFound:
            return False
        return True

    def create_bank(self, bank: models.MemoryBank) -> None:
        """Records left by a crash half-way through a drop go first: a new bank has no documents."""
        self._check_open()
        name = collection_name(bank.memory_bank_id)
        with chroma_errors(f"creating memory bank {bank.memory_bank_id!r}"):
            try:
                self.client.get_collection(name, embedding_function=None)
                raise Conflict(f"memory bank {bank.memory_bank_id!r} already exists")
            except chromadb.errors.NotFoundError:
                pass
            self.records.drop(name)
            try:
                collection = self.client.create_collection(
                    name,
                    embedding_function=None,
                    metadata=_bank_metadata(bank),
                    configuration={"hnsw": {"space": "cosine"}},
                )
            except (chromadb.errors.UniqueConstraintError, chromadb.errors.InternalError) as exc:
                if "already exists" in str(exc):
                    raise Conflict(f"memory bank {bank.memory_bank_id!r} already exists") from exc
                raise
        self._collections[bank.memory_bank_id] = collection

    def get_bank(self, bank_id: str) -> models.MemoryBank:
        return _bank_of(self._open(bank_id).metadata)

    def list_banks(self) -> list[models.MemoryBank]:
        self._check_open()
        with chroma_errors("listing memory banks"):
            collections = self.client.list_collections()
        banks = [_bank_of(c.metadata) for c in collections if c.name.startswith(BANK_PREFIX) and c.metadata]
        return sorted(banks, key=lambda b: (b.created_at, b.memory_bank_id))

    def drop_bank(self, bank_id: str) -> None:
        """The collection first: once it is gone the bank is, whatever happens next."""
        self._open(bank_id)
        self._collections.pop(bank_id, None)
        with chroma_errors(f"dropping memory bank {bank_id!r}"):
            self.client.delete_collection(collection_name(bank_id))
        self.records.drop(collection_name(bank_id))

    # Documents

    def stored_documents(self, bank_id: str, document_ids: Sequence[str]) -> dict[str, models.MemoryBankDocument]:
        """The documents of these ids that the bank holds, by id."""
        self._open(bank_id)
        found = self.records.get(collection_name(bank_id), list(dict.fromkeys(document_ids)))
        return {i: models.MemoryBankDocument.model_validate_json(record) for i, record in found.items()}

    def write_documents(self, bank_id: str, prepared: Sequence[PreparedDocument]) -> None:
        """Store documents, replacing every chunk of those that exist.

        New chunks are added next to the old, then the documents' records written in one transaction,
        which makes them current, then the old chunks deleted. If adding or recording fails, the new
        chunks are removed again.
        """
        document_ids = [p.document.document_id for p in prepared]
        generation = uuid.uuid4().hex[:12]
        ids: list[str] = []
        metadatas: list[dict[str, Any]] = []
        for p in prepared:
            for chunk in p.chunks:
                ids.append(f"{generation}:{chunk.index}:{p.document.document_id}")
                metadatas.append(chunk_metadata(p.document, chunk))
        embeddings = np.concatenate([p.vectors for p in prepared])
        with self._using(bank_id, f"writing documents to memory bank {bank_id!r}") as chunks:
            # Chunks of these ids without a record (left by a crash) go too.
            old_chunks = chunks.get(where={"lls:document_id": {"$in": document_ids}}, include=[])["ids"]
            try:
                for start in range(0, len(ids), self.max_batch):
                    end = start + self.max_batch
                    chunks.add(ids=ids[start:end], metadatas=metadatas[start:end], embeddings=embeddings[start:end])
                self.records.put(
                    collection_name(bank_id),
                    ((p.document.document_id, p.document.model_dump_json(exclude_none=True)) for p in prepared),
                )
            except BaseException:
                self._delete_chunks(chunks, ids)
                raise
            self._delete_chunks(chunks, old_chunks)

    def _delete_chunks(self, chunks: Any, ids: list[str]) -> None:
        for start in range(0, len(ids), self.max_batch):
            chunks.delete(ids=ids[start : start + self.max_batch])

    def delete_documents(self, bank_id: str, document_ids: Sequence[str]) -> None:
        """Chunks first, then the records: a crash in between leaves a document without chunks, never the reverse."""
        with self._using(bank_id, f"deleting documents of memory bank {bank_id!r}") as chunks:
            chunks.delete(where={"lls:document_id": {"$in": list(document_ids)}})
        self.records.delete(collection_name(bank_id), document_ids)

    # Queries

    def query(
        self, bank_id: str, vectors: npt.NDArray[np.float32], top_k: int, filter: dict[str, str | float | bool]
    ) -> list[Match]:
        """The `top_k` chunks nearest any of the vectors, best first; score = cosine similarity."""
        with self._using(bank_id, f"querying memory bank {bank_id!r}") as chunks:
            found = chunks.query(
                query_embeddings=vectors, n_results=top_k, where=where_of(filter), include=["metadatas", "distances"]
            )
        best: dict[str, Match] = {}
        for row in range(len(vectors)):
            for chunk_id, metadata, distance in zip(
                found["ids"][row], found["metadatas"][row], found["distances"][row], strict=True
            ):
                score = 1.0 - float(distance)
                if chunk_id not in best or best[chunk_id].score < score:
                    best[chunk_id] = Match(models.Chunk.model_validate_json(metadata["lls:chunk"]), chunk_id, score)
        return sorted(best.values(), key=lambda m: -m.score)[:top_k]
