"""The MemoryBanks API: banks of document chunks in Chroma, embedded by the bank's embedding model.

A write reads, checks, chunks and embeds every document before anything is stored, so bad input
never leaves anything behind. Each bank has a reader-writer lock: its queries run together, its
writes one at a time and alone, so no query sees a document half-replaced. Documents are embedded
before the write takes the lock, so the write checks that the bank is still the one they were
embedded for.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import aiorwlock
import numpy as np
import numpy.typing as npt

from lls_api import models
from lls_api.interfaces import MemoryBanksApi

from ..concurrency import all_or_first_error
from ..config import MemoryConfig, RunConfig
from ..errors import ApiError, Conflict, InvalidRequest, NotFound
from ..inference.llama_engine import LlamaCppModel
from ..instruments import query_latency
from ..sources import SourceReader, shorten
from .chroma_store import CHUNK_METADATA_KEYS, ChromaStore, Match, PreparedDocument
from .chunking import TextChunk, chunk_text
from .embedding import DEFAULT_EMBEDDING_MODEL, OnnxSentenceEmbedder
from .extraction import check_supported, text_of_bytes, text_of_string

READS_AT_ONCE = 8  # document URLs a request reads at the same time


class Embedder(Protocol):
    """An embedding model: its tokenizer, for chunking, and unit vectors for texts."""

    model_id: str
    dimension: int
    max_input_tokens: int

    def token_offsets(self, text: str) -> list[tuple[int, int]]: ...

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


@dataclass
class _BankLock:
    """A bank's lock, and how many requests hold it or wait for it."""

    lock: aiorwlock.RWLock = field(default_factory=lambda: aiorwlock.RWLock(fast=True))
    users: int = 0


class MemoryBanks(MemoryBanksApi):
    def __init__(
        self, store: ChromaStore, embedders: Mapping[str, Embedder], sources: SourceReader, config: MemoryConfig
    ):
        """`embedders` maps each embedding model a bank may use to its implementation; the first is the default."""
        self.store = store
        self.embedders = embedders
        self.sources = sources
        self.config = config
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _BankLock]] = (
            weakref.WeakKeyDictionary()
        )
        self.query_seconds = query_latency()  # each query that answered; read when /metrics is scraped

    def document_count(self) -> int:
        """How many documents all banks hold (blocks: SQLite counts them)."""
        return self.store.records.count()

    def close(self) -> None:
        self.store.close()

    @asynccontextmanager
    async def _locked(self, bank_id: str, *, write: bool) -> AsyncIterator[None]:
        """Hold the bank's lock, to write or to read. Readers wait while a writer waits, so a stream of queries
        never starves a write.

        A lock is kept only while requests hold it or wait for it, so that ids named once (of banks that do
        not exist, too) leave nothing behind. An RWLock works on the event loop it first ran on, and an app
        may be run on several in turn (Starlette's TestClient starts one a request): each loop has its own locks.
        """
        loop = asyncio.get_running_loop()
        if (locks := self._locks.get(loop)) is None:
            locks = self._locks[loop] = {}
        if (entry := locks.get(bank_id)) is None:
            entry = locks[bank_id] = _BankLock()
        entry.users += 1
        try:
            async with entry.lock.writer if write else entry.lock.reader:
                yield
        finally:
            entry.users -= 1
            if not entry.users:
                del locks[bank_id]

    def _embedder(self, model_id: str | None, bank_id: str) -> Embedder:
        embedder = self.embedders.get(model_id or "")
        if embedder is None:
            raise InvalidRequest(
                f"memory bank {bank_id!r}: embedding model {model_id!r} is not available "
                f"(available embedding models: {', '.join(self.embedders)})"
            )
        return embedder

    # Banks

    async def create_memory_bank(
        self,
        *,
        bank_id: str,
        bank_name: str,
        embedding_model: str | None = None,
        chunk_size_in_tokens: int | None = None,
        overlap_size_in_tokens: int | None = None,
        body: list[models.MemoryBankDocument],
    ) -> models.MemoryBank:
        embedder = self._embedder(embedding_model or next(iter(self.embedders)), bank_id)
        size = chunk_size_in_tokens or self.config.chunk_size_in_tokens
        overlap = overlap_size_in_tokens
        if overlap is None:  # the configured overlap, but no more than a quarter of a smaller chunk
            overlap = min(self.config.overlap_size_in_tokens, size // 4)
        if size > embedder.max_input_tokens:
            raise InvalidRequest(
                f"chunk_size_in_tokens {size} is more than the embedding model {embedder.model_id} takes "
                f"({embedder.max_input_tokens} tokens)"
            )
        if overlap >= size:
            raise InvalidRequest(f"overlap_size_in_tokens {overlap} must be less than chunk_size_in_tokens {size}")
        bank = models.MemoryBank(
            memory_bank_id=bank_id,
            memory_bank_name=bank_name,
            embedding_model=embedder.model_id,
            embedding_dimension=embedder.dimension,
            chunk_size_in_tokens=size,
            overlap_size_in_tokens=overlap,
            created_at=datetime.now(UTC),
        )
        async with self._locked(bank_id, write=True):
            if await asyncio.to_thread(self.store.exists, bank_id):
                raise Conflict(f"memory bank {bank_id!r} already exists")
            prepared = await self._prepare(bank, body) if body else []
            await asyncio.to_thread(self.store.create_bank, bank)
            if prepared:
                try:
                    await asyncio.to_thread(self.store.write_documents, bank_id, prepared)
                except BaseException:
                    await asyncio.to_thread(self.store.drop_bank, bank_id)
                    raise
        return bank

    async def get_memory_bank(self, *, bank_id: str) -> models.MemoryBank:
        return await asyncio.to_thread(self.store.get_bank, bank_id)

    async def list_memory_banks(self) -> list[models.MemoryBank]:
        return await asyncio.to_thread(self.store.list_banks)

    async def drop_memory_bank(self, *, bank_id: str) -> str:
        async with self._locked(bank_id, write=True):
            await asyncio.to_thread(self.store.drop_bank, bank_id)
        return bank_id

    # Documents

    async def insert_documents(self, *, bank_id: str, body: list[models.MemoryBankDocument]) -> None:
        await self._write(bank_id, body, replace=False)

    async def update_documents(self, *, bank_id: str, body: list[models.MemoryBankDocument]) -> None:
        await self._write(bank_id, body, replace=True)

    async def _write(self, bank_id: str, documents: list[models.MemoryBankDocument], *, replace: bool) -> None:
        bank = await asyncio.to_thread(self.store.get_bank, bank_id)
        ids = [d.document_id for d in documents]
        await self._check_existence(bank_id, ids, replace=replace)
        prepared = await self._prepare(bank, documents)
        async with self._locked(bank_id, write=True):
            await self._check_same_bank(bank)
            await self._check_existence(bank_id, ids, replace=replace)  # again: another write may have run
            await asyncio.to_thread(self.store.write_documents, bank_id, prepared)

    async def _check_same_bank(self, bank: models.MemoryBank) -> None:
        """Conflict unless the bank is still `bank`, the one the documents were embedded for: not dropped, and
        not created again (by another embedding model, perhaps) while they were embedded; `created_at` tells."""
        bank_id = bank.memory_bank_id
        try:
            current: models.MemoryBank | None = await asyncio.to_thread(self.store.get_bank, bank_id)
        except NotFound:
            current = None
        if current != bank:
            change = "dropped" if current is None else "dropped and created again"
            raise Conflict(
                f"memory bank {bank_id!r} was {change} while the documents were being embedded: nothing was written"
            )

    async def _check_existence(self, bank_id: str, ids: list[str], *, replace: bool) -> None:
        stored = await asyncio.to_thread(self.store.stored_documents, bank_id, ids)
        if replace and (missing := [i for i in ids if i not in stored]):
            raise NotFound(f"memory bank {bank_id!r} has no document {', '.join(map(repr, missing))}")
        if not replace and stored:
            raise Conflict(
                f"memory bank {bank_id!r} already has document {', '.join(map(repr, stored))}: "
                "update_documents replaces documents"
            )

    async def get_documents(self, *, bank_id: str, body: models.DocumentIds) -> list[models.MemoryBankDocument]:
        ids = body.root
        stored = await asyncio.to_thread(self.store.stored_documents, bank_id, ids)
        if missing := [i for i in ids if i not in stored]:
            raise NotFound(f"memory bank {bank_id!r} has no document {', '.join(map(repr, missing))}")
        return [stored[i] for i in ids]

    async def delete_documents(self, *, bank_id: str, body: models.DocumentIds) -> None:
        ids = list(dict.fromkeys(body.root))
        async with self._locked(bank_id, write=True):
            stored = await asyncio.to_thread(self.store.stored_documents, bank_id, ids)
            if missing := [i for i in ids if i not in stored]:
                raise NotFound(f"memory bank {bank_id!r} has no document {', '.join(map(repr, missing))}")
            if ids:
                await asyncio.to_thread(self.store.delete_documents, bank_id, ids)

    async def query_documents(
        self, *, bank_id: str, body: models.QueryDocumentsRequest
    ) -> models.QueryDocumentsResponse:
        texts = [body.query] if isinstance(body.query, str) else body.query.root
        started = time.perf_counter()
        async with self._locked(bank_id, write=False):
            matches = await asyncio.to_thread(self._query, bank_id, texts, body.top_k, body.filter or {})
        self.query_seconds.observe(time.perf_counter() - started)
        return models.QueryDocumentsResponse(chunks=[m.chunk for m in matches], scores=[m.score for m in matches])

    def _query(self, bank_id: str, texts: list[str], top_k: int, filter: dict[str, str | float | bool]) -> list[Match]:
        """Embedding and search in one call on a worker thread: a query takes milliseconds; each hop adds to them."""
        bank = self.store.get_bank(bank_id)
        vectors = self._embedder(bank.embedding_model, bank_id).embed(texts)
        return self.store.query(bank_id, vectors, top_k, filter)

    # Reading, chunking and embedding, before anything is written

    async def _prepare(
        self, bank: models.MemoryBank, documents: list[models.MemoryBankDocument]
    ) -> list[PreparedDocument]:
        seen: set[str] = set()
        for document in documents:
            if document.document_id in seen:
                raise InvalidRequest(f"document {document.document_id!r} appears more than once in the request")
            seen.add(document.document_id)
            self._check_document(document)
        contents = await self._contents(documents)
        embedder = self._embedder(bank.embedding_model, bank.memory_bank_id)
        if embedder.dimension != bank.embedding_dimension:
            raise InvalidRequest(
                f"memory bank {bank.memory_bank_id!r} holds {bank.embedding_dimension}-dimensional vectors, "
                f"but {embedder.model_id} now makes {embedder.dimension}-dimensional ones"
            )
        return await asyncio.to_thread(self._chunk_and_embed, bank, embedder, documents, contents)

    def _check_document(self, document: models.MemoryBankDocument) -> None:
        name = f"document {document.document_id!r}"
        if reserved := sorted(set(document.metadata) & set(CHUNK_METADATA_KEYS)):
            raise InvalidRequest(
                f"{name}: metadata key {', '.join(reserved)} is reserved: a chunk's metadata gives its "
                f"{', '.join(CHUNK_METADATA_KEYS)}"
            )
        if (
            isinstance(document.content, str)
            and (size := len(document.content.encode())) > self.config.max_document_bytes
        ):
            raise InvalidRequest(
                f"{name} is {size} bytes, more than the limit of {self.config.max_document_bytes} bytes "
                "(memory.max_document_bytes)"
            )
        try:
            check_supported(document.mime_type)
        except InvalidRequest as exc:
            raise exc.in_context(name) from exc

    async def _contents(self, documents: list[models.MemoryBankDocument]) -> list[tuple[str | bytes, str]]:
        """Each document's content, inline or read from its URL, and its mime type.

        URLs are read together, READS_AT_ONCE at a time at most; the first read that fails cancels the
        others, and its error is the request's.
        """
        limit = asyncio.Semaphore(READS_AT_ONCE)

        async def read(document: models.MemoryBankDocument, url: models.DocumentURL) -> tuple[bytes, str]:
            async with limit:
                return await self._read(document, url)

        read_contents = iter(
            await all_or_first_error(read(d, d.content) for d in documents if not isinstance(d.content, str))
        )
        return [(d.content, d.mime_type) if isinstance(d.content, str) else next(read_contents) for d in documents]

    async def _read(self, document: models.MemoryBankDocument, url: models.DocumentURL) -> tuple[bytes, str]:
        """The document's content read from its URL, and its mime type.

        The URL's own type (a Content-Type header, a data: URL's type, a file's extension) counts when the
        document does not name one.
        """
        try:
            source = await self.sources.read(url.uri)
        except ApiError as exc:
            raise exc.in_context(f"document {document.document_id!r}") from exc
        mime_type = document.mime_type
        if "mime_type" not in document.model_fields_set and source.mime_type:
            mime_type = source.mime_type
        return source.data, mime_type

    def _chunk_and_embed(
        self,
        bank: models.MemoryBank,
        embedder: Embedder,
        documents: list[models.MemoryBankDocument],
        contents: list[tuple[str | bytes, str]],
    ) -> list[PreparedDocument]:
        assert bank.chunk_size_in_tokens is not None and bank.overlap_size_in_tokens is not None
        all_chunks: list[list[TextChunk]] = []
        for document, (content, mime_type) in zip(documents, contents, strict=True):
            name = f"document {document.document_id!r}"
            try:
                text = (
                    text_of_string(content, mime_type)
                    if isinstance(content, str)
                    else text_of_bytes(content, mime_type)
                )
            except InvalidRequest as exc:
                raise InvalidRequest(f"{name} ({shorten(mime_type, 40)}): {exc.detail}") from exc
            chunks = chunk_text(
                text, embedder.token_offsets, size=bank.chunk_size_in_tokens, overlap=bank.overlap_size_in_tokens
            )
            if not chunks:
                raise InvalidRequest(f"{name} is empty: it has no text to index")
            all_chunks.append(chunks)
        vectors = embedder.embed([c.text for chunks in all_chunks for c in chunks])
        prepared, start = [], 0
        for document, chunks in zip(documents, all_chunks, strict=True):
            prepared.append(PreparedDocument(document, chunks, vectors[start : start + len(chunks)]))
            start += len(chunks)
        return prepared


class LlamaCppEmbedder:
    """A registered llama.cpp model as a bank's embedding model: its tokenizer chunks, its pooled vectors embed."""

    def __init__(self, model: LlamaCppModel):
        self.model = model
        self.model_id = model.config.id
        self.dimension = model.description.embedding_dimension or 0
        self.max_input_tokens = model.config.batch_size

    def token_offsets(self, text: str) -> list[tuple[int, int]]:
        return self.model.token_offsets(text)

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.asarray(self.model.embed(list(texts)), dtype=np.float32).reshape(len(texts), self.dimension)


def create_memory_banks(config: RunConfig, llama_models: Mapping[str, LlamaCppModel]) -> MemoryBanks:
    """The MemoryBanks API on the run config's Chroma: the default embedding model first, then every
    registered llama.cpp model, which a bank may name as its `embedding_model` instead."""
    memory = config.memory
    default = OnnxSentenceEmbedder(memory.embedding_model_dir, model_id=DEFAULT_EMBEDDING_MODEL)
    embedders: dict[str, Embedder] = {default.model_id: default}
    embedders.update({model_id: LlamaCppEmbedder(model) for model_id, model in llama_models.items()})
    sources = SourceReader(
        allowed_dirs=memory.allowed_dirs,
        address_policy=config.outgoing.address_policy(),
        max_bytes=memory.max_document_bytes,
        timeout=memory.url_timeout_seconds,
    )
    return MemoryBanks(ChromaStore(memory, config.data_dir), embedders, sources, memory)
