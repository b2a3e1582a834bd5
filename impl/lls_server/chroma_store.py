"""Memory banks in Chroma: the only module that imports chromadb, and the one place its errors are mapped.

Each bank is two collections, named from a hash of the bank id (so any id works as a name):
`lls-bank-<hash>` holds the chunks, with their vectors (cosine space), and the bank's definition
in its collection metadata; `lls-docs-<hash>` holds each document as it was given (JSON), keyed by
document id, for `get_documents` and for telling whether a document exists.

A chunk's id is `<generation>:<index>:<document id>`, where the generation is new at each write, so
that a document's new chunks are written next to its old ones and the old ones deleted after.
Chunk metadata keys: `lls:document_id`, `lls:chunk_index`, `lls:start_char`, `lls:end_char`,
`lls:token_count`, `lls:metadata` (the document's metadata as JSON), and `m:<key>` for each scalar
value of the document's metadata (numbers as floats), which query filters match.

Chroma's own embedding function is never given a chance to run: every collection is opened with
`embedding_function=None` and every write and query passes vectors.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import chromadb
import chromadb.config
import chromadb.errors
import httpx
import numpy as np
import numpy.typing as npt

from lls_api import models

from .chunking import TextChunk
from .config import MemoryConfig
from .errors import Conflict, InvalidRequest, NotFound, Unavailable

log = logging.getLogger("lls.chroma")

BANK_PREFIX = "lls-bank-"
DOCS_PREFIX = "lls-docs-"
CHUNK_METADATA_KEYS = ("document_id", "chunk_index", "start_char", "end_char", "token_count")
"""Keys a returned chunk's metadata gets from its position; a document's own metadata may not use them."""


class StoreError(Exception):
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


def collection_names(bank_id: str) -> tuple[str, str]:
    digest = hashlib.sha256(bank_id.encode()).hexdigest()[:40]
    return BANK_PREFIX + digest, DOCS_PREFIX + digest


@contextmanager
def chroma_errors(what: str) -> Iterator[None]:
    """Chroma's errors, as ours."""
    try:
        yield
    except chromadb.errors.NotFoundError as exc:
        raise NotFound(f"{what}: not found in the vector store") from exc
    except (chromadb.errors.InvalidArgumentError, chromadb.errors.DuplicateIDError, ValueError, TypeError) as exc:
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
    metadata: dict[str, Any] = {
        "lls:document_id": document.document_id,
        "lls:chunk_index": chunk.index,
        "lls:start_char": chunk.start_char,
        "lls:end_char": chunk.end_char,
        "lls:token_count": chunk.token_count,
    }
    if document.metadata:
        metadata["lls:metadata"] = json.dumps(document.metadata)
    for key, value in document.metadata.items():
        if (kept := filter_value(value)) is not None:
            metadata["m:" + key] = kept
    return metadata


def chunk_of(text: str, metadata: dict[str, Any]) -> models.Chunk:
    own = json.loads(metadata["lls:metadata"]) if "lls:metadata" in metadata else {}
    position = {key: metadata["lls:" + key] for key in CHUNK_METADATA_KEYS}
    return models.Chunk(content=text, document_id=metadata["lls:document_id"], metadata={**own, **position})


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
        except Exception as exc:  # chromadb raises anything from OSError to its own errors when it cannot start
            raise StoreError(f"cannot open {getattr(self, 'where', 'Chroma')}: {exc}") from exc
        self._collections: dict[str, tuple[Any, Any]] = {}
        log.info("memory banks in %s", self.where)

    # Banks

    def _open(self, bank_id: str) -> tuple[Any, Any]:
        """The bank's chunk and document collections, cached; NotFound when the bank does not exist."""
        if bank_id in self._collections:
            return self._collections[bank_id]
        chunks_name, docs_name = collection_names(bank_id)
        try:
            with chroma_errors(f"memory bank {bank_id!r}"):
                chunks = self.client.get_collection(chunks_name, embedding_function=None)
                docs = self.client.get_collection(docs_name, embedding_function=None)
        except NotFound:
            raise NotFound(f"memory bank {bank_id!r} does not exist") from None
        self._collections[bank_id] = (chunks, docs)
        return chunks, docs

    @contextmanager
    def _using(self, bank_id: str, what: str) -> Iterator[tuple[Any, Any]]:
        """The bank's collections, forgetting them if Chroma says they are gone (another server dropped them)."""
        collections = self._open(bank_id)
        try:
            with chroma_errors(what):
                yield collections
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
        """Documents first, then the chunk collection: a bank exists once both do."""
        chunks_name, docs_name = collection_names(bank.memory_bank_id)
        with chroma_errors(f"creating memory bank {bank.memory_bank_id!r}"):
            try:
                self.client.get_collection(chunks_name, embedding_function=None)
                raise Conflict(f"memory bank {bank.memory_bank_id!r} already exists")
            except chromadb.errors.NotFoundError:
                pass
            with suppress(chromadb.errors.NotFoundError):  # left by a crash half-way through a drop
                self.client.delete_collection(docs_name)
            docs = self.client.create_collection(docs_name, embedding_function=None)
            try:
                chunks = self.client.create_collection(
                    chunks_name,
                    embedding_function=None,
                    metadata=_bank_metadata(bank),
                    configuration={"hnsw": {"space": "cosine"}},
                )
            except (chromadb.errors.UniqueConstraintError, chromadb.errors.InternalError) as exc:
                if "already exists" in str(exc):
                    raise Conflict(f"memory bank {bank.memory_bank_id!r} already exists") from exc
                raise
        self._collections[bank.memory_bank_id] = (chunks, docs)

    def get_bank(self, bank_id: str) -> models.MemoryBank:
        chunks, _ = self._open(bank_id)
        return _bank_of(chunks.metadata)

    def list_banks(self) -> list[models.MemoryBank]:
        with chroma_errors("listing memory banks"):
            collections = self.client.list_collections()
        banks = [_bank_of(c.metadata) for c in collections if c.name.startswith(BANK_PREFIX) and c.metadata]
        return sorted(banks, key=lambda b: (b.created_at, b.memory_bank_id))

    def drop_bank(self, bank_id: str) -> None:
        """The chunk collection first: once it is gone the bank is, whatever happens next."""
        self._open(bank_id)
        self._collections.pop(bank_id, None)
        chunks_name, docs_name = collection_names(bank_id)
        with chroma_errors(f"dropping memory bank {bank_id!r}"):
            self.client.delete_collection(chunks_name)
            with suppress(chromadb.errors.NotFoundError):
                self.client.delete_collection(docs_name)

    # Documents

    def stored_documents(self, bank_id: str, document_ids: Sequence[str]) -> dict[str, models.MemoryBankDocument]:
        """The documents of these ids that the bank holds, by id."""
        if not document_ids:
            return {}
        with self._using(bank_id, f"reading documents of memory bank {bank_id!r}") as (_, docs):
            found = docs.get(ids=list(dict.fromkeys(document_ids)), include=["documents"])
        return {
            i: models.MemoryBankDocument.model_validate_json(text)
            for i, text in zip(found["ids"], found["documents"], strict=True)
        }

    def write_documents(self, bank_id: str, prepared: Sequence[PreparedDocument]) -> None:
        """Store documents, replacing every chunk of those that exist, as one change as far as is possible.

        New chunks are added next to the old, then the documents' records written, then the old chunks
        deleted. If a step fails, what it and the steps before wrote is removed and the records restored.
        """
        document_ids = [p.document.document_id for p in prepared]
        generation = uuid.uuid4().hex[:12]
        ids: list[str] = []
        texts: list[str] = []
        metadatas: list[dict[str, Any]] = []
        vectors: list[npt.NDArray[np.float32]] = []
        for p in prepared:
            for chunk in p.chunks:
                ids.append(f"{generation}:{chunk.index}:{p.document.document_id}")
                texts.append(chunk.text)
                metadatas.append(chunk_metadata(p.document, chunk))
            vectors.append(p.vectors)
        embeddings = np.concatenate(vectors)
        what = f"writing documents to memory bank {bank_id!r}"
        with self._using(bank_id, what) as (chunks, docs):
            old_records = docs.get(ids=document_ids, include=["documents"])
            old_chunks = chunks.get(where={"lls:document_id": {"$in": document_ids}}, include=[])["ids"]
            written = 0
            try:
                for start in range(0, len(ids), self.max_batch):
                    end = start + self.max_batch
                    chunks.add(ids=ids[start:end], documents=texts[start:end], metadatas=metadatas[start:end],
                               embeddings=embeddings[start:end])  # fmt: skip
                    written = end
                for start in range(0, len(prepared), self.max_batch):
                    batch = prepared[start : start + self.max_batch]
                    docs.upsert(
                        ids=[p.document.document_id for p in batch],
                        documents=[p.document.model_dump_json(exclude_none=True) for p in batch],
                        embeddings=[[1.0]] * len(batch),
                    )
            except BaseException:
                self._undo(chunks, docs, ids[: written or len(ids)], document_ids, old_records)
                raise
            for start in range(0, len(old_chunks), self.max_batch):
                chunks.delete(ids=old_chunks[start : start + self.max_batch])

    def _undo(self, chunks: Any, docs: Any, chunk_ids: list[str], document_ids: list[str], old: Any) -> None:
        try:
            for start in range(0, len(chunk_ids), self.max_batch):
                chunks.delete(ids=chunk_ids[start : start + self.max_batch])
            if old["ids"]:
                docs.upsert(ids=old["ids"], documents=old["documents"], embeddings=[[1.0]] * len(old["ids"]))
            if new := sorted(set(document_ids) - set(old["ids"])):
                docs.delete(ids=new)
        except Exception:
            log.exception("could not undo a failed write; the bank may hold a partial write")

    def delete_documents(self, bank_id: str, document_ids: Sequence[str]) -> None:
        """Chunks first, then the records: a crash in between leaves a document without chunks, never the reverse."""
        with self._using(bank_id, f"deleting documents of memory bank {bank_id!r}") as (chunks, docs):
            chunks.delete(where={"lls:document_id": {"$in": list(document_ids)}})
            docs.delete(ids=list(document_ids))

    # Queries

    def query(
        self, bank_id: str, vectors: npt.NDArray[np.float32], top_k: int, filter: dict[str, str | float | bool]
    ) -> list[Match]:
        """The `top_k` chunks nearest any of the vectors, best first; score = cosine similarity."""
        with self._using(bank_id, f"querying memory bank {bank_id!r}") as (chunks, _):
            found = chunks.query(
                query_embeddings=vectors,
                n_results=top_k,
                where=where_of(filter),
                include=["documents", "metadatas", "distances"],
            )
        best: dict[str, Match] = {}
        for row in range(len(vectors)):
            for chunk_id, text, metadata, distance in zip(
                found["ids"][row],
                found["documents"][row],
                found["metadatas"][row],
                found["distances"][row],
                strict=True,
            ):
                score = 1.0 - float(distance)
                if chunk_id not in best or best[chunk_id].score < score:
                    best[chunk_id] = Match(chunk_of(text, metadata), chunk_id, score)
        return sorted(best.values(), key=lambda m: -m.score)[:top_k]
