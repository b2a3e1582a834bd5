"""Unit tests of the memory banks' parts: chunking, text extraction, URL reading, and Chroma's seam."""

from __future__ import annotations

import asyncio
import base64
import itertools
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import chromadb.utils.embedding_functions
import numpy as np
import numpy.typing as npt
import pytest

from lls_api import models
from lls_server.config import DEFAULT_EMBEDDING_MODEL_DIR, MemoryConfig, RunConfig
from lls_server.errors import Conflict, Forbidden, InvalidRequest, NotFound
from lls_server.memory import create_memory_banks
from lls_server.memory.banks import Embedder
from lls_server.memory.chunking import chunk_text
from lls_server.memory.document_records import DocumentRecords
from lls_server.memory.embedding import OnnxSentenceEmbedder
from lls_server.memory.extraction import html_text, pdf_text, text_of_bytes, text_of_string
from lls_server.sources import SourceReader
from lls_server.url_policy import AddressPolicy

from .test_memory import FACTS, QUESTIONS, pdf_with_text

NO_ALLOWED_HOSTS = AddressPolicy([], setting="outgoing.allowed_hosts")


def words(text: str) -> list[tuple[int, int]]:
    """A tokenizer for tests: one token per word."""
    spans, start = [], None
    for i, char in enumerate(text + " "):
        if char.isspace() and start is not None:
            spans.append((start, i))
            start = None
        elif not char.isspace() and start is None:
            start = i
    return spans


def test_chunks_are_windows_of_tokens_with_overlap_and_offsets() -> None:
    text = "one two three four five six seven"
    chunks = chunk_text(text, words, size=3, overlap=1)
    assert [c.text for c in chunks] == ["one two three", "three four five", "five six seven"]
    assert [c.index for c in chunks] == [0, 1, 2]
    assert all(text[c.start_char : c.end_char] == c.text for c in chunks)
    assert [c.token_count for c in chunks] == [3, 3, 3]
    assert [c.text for c in chunk_text(text, words, size=5, overlap=0)] == ["one two three four five", "six seven"]
    assert [c.text for c in chunk_text("short", words, size=5, overlap=2)] == ["short"]
    assert chunk_text("  \n ", words, size=5, overlap=2) == []
    with pytest.raises(ValueError, match="overlap"):
        chunk_text(text, words, size=3, overlap=3)


def test_html_is_reduced_to_the_text_a_reader_sees() -> None:
    html = "<html><head><title>T</title><style>b{}</style></head><body><h1>A</h1><script>x=1</script><p>b  c</p>"
    assert html_text(html) == "A\nb c"


def test_pdf_text_is_extracted_and_bad_pdfs_are_refused() -> None:
    assert pdf_text(pdf_with_text("Hello from a PDF")) == "Hello from a PDF"
    with pytest.raises(InvalidRequest, match="not a readable PDF"):
        pdf_text(b"%PDF-1.4 but nothing else")


def test_text_types_and_charsets() -> None:
    assert text_of_bytes("café".encode("latin-1"), "text/plain; charset=latin-1") == "café"
    assert text_of_string("# Title", "text/markdown") == "# Title"
    with pytest.raises(InvalidRequest, match="utf-8"):
        text_of_bytes(b"\xff\xfe", "text/plain")
    with pytest.raises(InvalidRequest, match="unsupported mime type 'application/zip'"):
        text_of_bytes(b"PK", "application/zip")


def test_file_urls_only_inside_allowed_directories(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "a.md").write_text("# A")
    (tmp_path / "secret.txt").write_text("no")
    (allowed / "link.txt").symlink_to(tmp_path / "secret.txt")
    reader = SourceReader(allowed_dirs=[allowed], address_policy=NO_ALLOWED_HOSTS, max_bytes=100, timeout=1)
    source = asyncio.run(reader.read((allowed / "a.md").as_uri()))
    assert (source.data, source.mime_type) == (b"# A", "text/markdown")
    for outside in (tmp_path / "secret.txt", allowed / "link.txt", allowed / ".." / "secret.txt"):
        with pytest.raises(Forbidden, match="allowed_dirs"):
            asyncio.run(reader.read("file://" + str(outside)))


def test_data_urls_and_their_limits() -> None:
    reader = SourceReader(allowed_dirs=[], address_policy=NO_ALLOWED_HOSTS, max_bytes=10, timeout=1)
    source = asyncio.run(reader.read("data:text/html;base64," + base64.b64encode(b"<p>x</p>").decode()))
    assert (source.data, source.mime_type) == (b"<p>x</p>", "text/html")
    assert asyncio.run(reader.read("data:,plain")).mime_type is None
    with pytest.raises(InvalidRequest, match="limit of 10 bytes"):
        asyncio.run(reader.read("data:," + "x" * 11))


def test_chroma_never_runs_its_own_embedding_function(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chroma's default would download a model at run time: the store must always pass its own vectors."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Chroma's default embedding function was called")

    monkeypatch.setattr(chromadb.utils.embedding_functions.DefaultEmbeddingFunction, "__call__", refuse)
    monkeypatch.setattr(chromadb.utils.embedding_functions.ONNXMiniLM_L6_V2, "__call__", refuse)
    banks = create_memory_banks(RunConfig(data_dir=tmp_path, memory=MemoryConfig()), {})

    async def use() -> models.QueryDocumentsResponse:
        document = models.MemoryBankDocument(document_id="d", content="Ravens are clever birds.")
        await banks.create_memory_bank(bank_id="b", bank_name="b", body=[document])
        await banks.update_documents(bank_id="b", body=[document])
        return await banks.query_documents(bank_id="b", body=models.QueryDocumentsRequest(query="smart bird"))

    answer = asyncio.run(use())
    assert [c.document_id for c in answer.chunks] == ["d"] and answer.scores[0] > 0.3


def test_the_quantized_default_embedding_agrees_with_the_packaged_model(tmp_path: Path) -> None:
    """scripts/fetch_models.py derives the model the server runs from the packaged one: same vectors, near enough."""
    packaged = tmp_path / "packaged"
    packaged.mkdir()
    (packaged / "model.onnx").symlink_to(DEFAULT_EMBEDDING_MODEL_DIR / "packaged-int8-weights.onnx")
    (packaged / "tokenizer.json").symlink_to(DEFAULT_EMBEDDING_MODEL_DIR / "tokenizer.json")
    texts = [*FACTS.values(), *QUESTIONS.values()]
    served = OnnxSentenceEmbedder(DEFAULT_EMBEDDING_MODEL_DIR).embed(texts)
    reference = OnnxSentenceEmbedder(packaged).embed(texts)
    assert (served * reference).sum(axis=1).min() > 0.98


def test_document_records_are_written_all_or_none(tmp_path: Path) -> None:
    records = DocumentRecords(tmp_path / "records.sqlite")
    records.put("bank", [("a", '{"v": 1}')])

    def some_then_a_failure() -> Iterator[tuple[str, str]]:
        yield "a", '{"v": 2}'
        yield "b", '{"v": 2}'
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        records.put("bank", some_then_a_failure())
    assert records.get("bank", ["a", "b"]) == {"a": '{"v": 1}'}
    records.put("other", [("a", "{}")])
    records.drop("bank")
    assert records.get("bank", ["a"]) == {} and records.get("other", ["a"]) == {"a": "{}"}


def test_a_write_whose_records_fail_leaves_the_bank_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    banks = create_memory_banks(RunConfig(data_dir=tmp_path, memory=MemoryConfig()), {})
    cat = models.MemoryBankDocument(document_id="cat", content="The cat sleeps on the warm stove.")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    async def use() -> tuple[list[str], list[str]]:
        await banks.create_memory_bank(bank_id="b", bank_name="b", body=[cat])
        monkeypatch.setattr(banks.store.records, "put", fail)
        new = models.MemoryBankDocument(document_id="dog", content="The dog guards the cold barn.")
        changed = cat.model_copy(update={"content": "The cat moved to a windmill."})
        for write, document in ((banks.insert_documents, new), (banks.update_documents, changed)):
            with pytest.raises(OSError, match="disk full"):
                await write(bank_id="b", body=[document])
        answer = await banks.query_documents(bank_id="b", body=models.QueryDocumentsRequest(query="animal", top_k=5))
        stored = await banks.get_documents(bank_id="b", body=models.DocumentIds(["cat"]))
        return [c.content for c in answer.chunks], [str(d.content) for d in stored]

    assert asyncio.run(use()) == (["The cat sleeps on the warm stove."], ["The cat sleeps on the warm stove."])


def test_queries_of_a_bank_run_together_and_a_write_runs_alone(tmp_path: Path) -> None:
    banks = create_memory_banks(RunConfig(data_dir=tmp_path, memory=MemoryConfig()), {})
    store_query, store_write = banks.store.query, banks.store.write_documents
    both_querying, calls = threading.Barrier(2, timeout=10), itertools.count()
    spans: list[tuple[str, float, float]] = []

    def query(*args: Any) -> Any:
        if next(calls) < 2:  # the first two queries: the barrier breaks, failing the test, unless both run at once
            both_querying.wait()
        started = time.monotonic()
        try:
            return store_query(*args)
        finally:
            spans.append(("query", started, time.monotonic()))

    def write(*args: Any) -> None:
        started = time.monotonic()
        time.sleep(0.2)  # long enough for a query that did not wait to overlap it
        store_write(*args)
        spans.append(("write", started, time.monotonic()))

    async def use() -> None:
        cat = models.MemoryBankDocument(document_id="cat", content="The cat sleeps on the warm stove.")
        await banks.create_memory_bank(bank_id="b", bank_name="b", body=[cat])
        banks.store.query, banks.store.write_documents = query, write  # type: ignore[method-assign]
        question = models.QueryDocumentsRequest(query="Where does the cat sleep?")
        moved = cat.model_copy(update={"content": "The cat moved to a windmill."})
        await asyncio.gather(
            banks.query_documents(bank_id="b", body=question),
            banks.update_documents(bank_id="b", body=[moved]),
            banks.query_documents(bank_id="b", body=question),
            banks.query_documents(bank_id="b", body=question),
        )

    asyncio.run(use())
    writes = [(start, end) for kind, start, end in spans if kind == "write"]
    queries = [(start, end) for kind, start, end in spans if kind == "query"]
    assert len(writes) == 1 and len(queries) == 3
    (write_start, write_end) = writes[0]
    assert all(end <= write_start or start >= write_end for start, end in queries), spans


class HeldEmbedder:
    """Another embedding model, as the tests see it: `embed` waits for `go_on` once it has begun."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder
        self.model_id = "held"
        self.dimension, self.max_input_tokens = embedder.dimension, embedder.max_input_tokens
        self.embedding, self.go_on = threading.Event(), threading.Event()

    def token_offsets(self, text: str) -> list[tuple[int, int]]:
        return self.embedder.token_offsets(text)

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.embedding.set()
        assert self.go_on.wait(timeout=10)
        return self.embedder.embed(texts)


@pytest.mark.parametrize("created_again", [True, False], ids=["created-again", "dropped"])
def test_documents_embedded_for_a_bank_that_was_dropped_meanwhile_are_refused(
    tmp_path: Path, created_again: bool
) -> None:
    banks = create_memory_banks(RunConfig(data_dir=tmp_path, memory=MemoryConfig()), {})
    held = HeldEmbedder(next(iter(banks.embedders.values())))
    banks.embedders = {**banks.embedders, held.model_id: held}
    cat = models.MemoryBankDocument(document_id="cat", content="The cat sleeps on the warm stove.")

    async def use() -> None:
        await banks.create_memory_bank(bank_id="b", bank_name="b", embedding_model=held.model_id, body=[])
        insert = asyncio.create_task(banks.insert_documents(bank_id="b", body=[cat]))
        assert await asyncio.to_thread(held.embedding.wait, 10)
        await banks.drop_memory_bank(bank_id="b")
        if created_again:  # on the default embedding model, whose vectors have the same dimension
            await banks.create_memory_bank(bank_id="b", bank_name="b", body=[])
        held.go_on.set()
        change = "dropped and created again" if created_again else "dropped"
        with pytest.raises(Conflict, match=f"^memory bank 'b' was {change} while the documents were being embedded"):
            await insert
        if created_again:
            with pytest.raises(NotFound, match="has no document 'cat'"):
                await banks.get_documents(bank_id="b", body=models.DocumentIds(["cat"]))

    asyncio.run(use())


def test_banks_named_once_leave_no_lock_behind(tmp_path: Path) -> None:
    banks = create_memory_banks(RunConfig(data_dir=tmp_path, memory=MemoryConfig()), {})
    question = models.QueryDocumentsRequest(query="anything")

    async def name_unknown_banks() -> dict[str, Any]:
        for i in range(500):  # 1,000 ids
            with pytest.raises(NotFound):
                await banks.drop_memory_bank(bank_id=f"dropped-{i}")
            with pytest.raises(NotFound):
                await banks.query_documents(bank_id=f"queried-{i}", body=question)
        return dict(banks._locks[asyncio.get_running_loop()])

    assert asyncio.run(name_unknown_banks()) == {}
